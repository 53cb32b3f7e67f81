"""Admin pieces shared by every curated model: publishing rights, history, translations.

Who may write what (DESIGN.md, Roles): `published` and `sensitive` are editors' fields on every
form, inline, list action, history revert and import. A curator may mark a record sensitive only
while adding it; a passage or citation a curator adds waits, unpublished, for an editor.
"""

import re

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from core.csv.admin import CsvImportExportMixin
from core.locking import LockedAdminMixin, LockedInlineMixin

# The fields only those with the publish permission may change, and their place in a form.
FLAGS = ("published", "sensitive")
PUBLICATION_FIELDSET = (_("Publication"), {"fields": [FLAGS]})
# Ids in admin URLs: digits that fit a bigint, so a malformed one is a 404, not a database error.
ID_PATTERN = re.compile(r"[0-9]{1,18}")


def publish_permission(model):
    """Return the 'app.publish_model' permission name of a model."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def id_or_404(value):
    """Return an id from an admin URL as an int, or raise Http404 for anything else."""
    value = unquote(str(value))
    if not ID_PATTERN.fullmatch(value):
        raise Http404(_("No record has this id."))
    return int(value)


def flag_fields(model):
    """Return the publication flags a model has."""
    names = {field.name for field in model._meta.get_fields()}
    return [name for name in FLAGS if name in names]


class PublishRightsMixin:
    """Keep `published` and `sensitive` read-only for those who may not publish.

    `publish_model` names the record whose publish permission decides (a passage's source, a
    citation's claim); by default the admin's own model.
    """

    publish_model = None

    def has_publish_permission(self, request):
        return request.user.has_perm(publish_permission(self.publish_model or self.model))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            # Marking a new record sensitive hides it: allowed to all who may add one.
            adding = obj is None and not isinstance(self, admin.options.InlineModelAdmin)
            readonly += [name for name in flag_fields(self.model) if not (adding and name == "sensitive")]
        return readonly


class _ValidChoicesOnly:
    """Render an autocomplete box whose posted value is not an id as empty, not as a server error.

    Django's autocomplete widget looks the posted ids up to show them again with the form's
    errors, and a value such as "abc" makes that lookup raise instead.
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if ID_PATTERN.fullmatch(str(item))], attr)


class _SafeAutocompleteSelect(_ValidChoicesOnly, AutocompleteSelect):
    pass


class _SafeAutocompleteSelectMultiple(_ValidChoicesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """Use autocomplete widgets that survive malformed posted ids."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        inner = getattr(widget, "widget", widget)
        for unsafe, safe in (
            (AutocompleteSelectMultiple, _SafeAutocompleteSelectMultiple),
            (AutocompleteSelect, _SafeAutocompleteSelect),
        ):
            if type(inner) is unsafe:
                inner.__class__ = safe
        return formfield


class BidiFieldsMixin:
    """Give each language's input its own lang and dir, so Arabic is typed right to left."""

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if language:
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.update(lang=language, dir="rtl" if get_language_info(language)["bidi"] else "ltr")


class TranslatedAdmin(
    PublishRightsMixin, LockedAdminMixin, SafeAutocompleteMixin, BidiFieldsMixin, SimpleHistoryAdmin, TranslationAdmin
):
    """Admin for a translated record with history; both languages side by side.

    A revert writes: it needs the change permission, and the publish permission when the version
    differs from the record in `published` or `sensitive`.
    """

    class Media:
        css = {"all": ["css/admin.css"]}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, str(id_or_404(object_id)), form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        return super().delete_view(request, str(id_or_404(object_id)), extra_context)

    def history_view(self, request, object_id, extra_context=None):
        return super().history_view(request, str(id_or_404(object_id)), extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        object_id, version_id = id_or_404(object_id), id_or_404(version_id)
        if request.method == "POST":
            current = self.get_object(request, str(object_id))
            if current is None:
                raise Http404
            if not self.has_change_permission(request, current):
                raise PermissionDenied
            version = self.model.history.filter(id=object_id, history_id=version_id).first()
            if version is None:
                raise Http404
            version = version.instance
            if not self.has_publish_permission(request) and any(
                getattr(version, name) != getattr(current, name) for name in flag_fields(self.model)
            ):
                raise PermissionDenied
        return super().history_form_view(request, str(object_id), str(version_id), extra_context)


class PublishActionsMixin:
    """The list actions that publish and unpublish the selected records (publish permission only)."""

    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected records"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, value):
        # Saved one by one, not with update(), so every change lands in the history.
        changed = 0
        for obj in queryset.filter(published=not value):
            obj.published = value
            obj._change_reason = "Published" if value else "Unpublished"
            obj.save(update_fields=["published", "updated_at"])
            changed += 1
        message = ngettext("%(count)d record changed.", "%(count)d records changed.", changed)
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)


# Records listed per kind under "What rests on this record"; the rest are counted.
DEPENDENTS_SHOWN = 100


def dependents_list(groups):
    """Return HTML listing, per kind, links to the records that rest on a record (one query per kind)."""
    parts = []
    for title, queryset in groups:
        rows = list(queryset[: DEPENDENTS_SHOWN + 1])
        if not rows:
            continue
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk]), str(row))
                for row in rows[:DEPENDENTS_SHOWN]
            ),
        )
        more = format_html("<li>{}</li>", _("and more")) if len(rows) > DEPENDENTS_SHOWN else ""
        parts.append(format_html('<p>{}</p><ul class="dependents">{}{}</ul>', title, items, more))
    if not parts:
        return _("Nothing rests on this record yet.")
    return format_html_join("", "{}", ((part,) for part in parts))


DEPENDENTS_FIELDSET = (_("What rests on this record"), {"fields": ["dependents"]})


class DependentsMixin:
    """Show links to the records that rest on this one; the admin names them in dependent_groups(obj)."""

    readonly_fields = ["dependents"]

    @admin.display(description=_("claims and relationships"))
    def dependents(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return dependents_list(self.dependent_groups(obj))

    def dependent_groups(self, obj):
        """Return [(title, queryset)] of the records that rest on obj."""
        raise NotImplementedError


class RankedAutocompleteMixin:
    """Rank autocomplete answers: names (`rank_fields`) starting with the typed words, then names with such a word."""

    rank_fields = ()

    def name_matches(self, term):
        """Return the conditions 'a name starts with the term' and 'a word of a name starts with it'."""
        starts, words = Q(pk__in=[]), Q(pk__in=[])
        for name in self.rank_fields:
            starts |= Q(**{f"{name}__istartswith": term})
            words |= Q(**{f"{name}__icontains": f" {term}"})
        return starts, words

    def autocomplete_rank(self, queryset, term):
        """Return the autocomplete answers with the best name matches first."""
        if not self.rank_fields:
            return queryset
        starts, words = self.name_matches(term)
        rank = Case(
            When(starts, then=Value(0)), When(words, then=Value(1)), default=Value(2), output_field=IntegerField()
        )
        ordering = list(queryset.query.order_by or self.get_ordering(None) or self.model._meta.ordering)
        return queryset.annotate(autocomplete_rank=rank).order_by("autocomplete_rank", *ordering, "pk")


class CuratedAdmin(RankedAutocompleteMixin, PublishActionsMixin, CsvImportExportMixin, TranslatedAdmin):
    """Admin for a publishable, translated record with history and CSV import and export.

    Only those with the model's publish permission may change `published` and `sensitive`. Each
    admin names its CSV columns in `resource_classes` (<app>/resources.py).
    """

    list_per_page = 50


class ReviewedAdmin(PublishActionsMixin, TranslatedAdmin):
    """Admin for records published inside another one (passages): editors publish them from the list."""


class ReviewedInlineMixin(PublishRightsMixin):
    """An inline whose rows (passages, citations) carry their own `published` review flag.

    Rows an editor adds start published; a curator's rows stay hidden until an editor ticks them.
    """

    extra = 0

    def has_publish_permission(self, request):
        return request.user.has_perm(publish_permission(self.publish_model or self.parent_model))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if self.has_publish_permission(request):
            formset.form.base_fields["published"].initial = True
        return formset


class CuratedTabularInline(
    ReviewedInlineMixin, LockedInlineMixin, SafeAutocompleteMixin, BidiFieldsMixin, TranslationTabularInline
):
    pass


class CuratedStackedInline(
    ReviewedInlineMixin, LockedInlineMixin, SafeAutocompleteMixin, BidiFieldsMixin, TranslationStackedInline
):
    pass
