"""Admin pieces shared by every curated model: publishing rights, history, translations."""

from django.contrib import admin, messages
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from advocacy.csv.admin import CsvImportExportMixin
from advocacy.locking import LockedAdminMixin, LockedInlineMixin

admin.site.site_header = _("Advocacy networks knowledge base")
admin.site.site_title = _("Knowledge base curation")
admin.site.index_title = _("Curation")


def publish_permission(model):
    """Return the 'app.publish_model' permission name of a model."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


class BidiFieldsMixin:
    """Give each language's input its own lang and dir, so Arabic is typed right to left."""

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if language:
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.update(lang=language, dir="rtl" if get_language_info(language)["bidi"] else "ltr")


class TranslatedAdmin(LockedAdminMixin, BidiFieldsMixin, SimpleHistoryAdmin, TranslationAdmin):
    """Admin for a translated record with history; both languages side by side."""

    class Media:
        css = {"all": ["css/admin.css"]}


class CuratedAdmin(CsvImportExportMixin, TranslatedAdmin):
    """Admin for a publishable, translated record with history and CSV import and export.

    Only those with the model's publish permission may change `published`. Each admin names its
    CSV columns in `resource_classes` (<app>/resources.py).
    """

    actions = ["publish", "unpublish"]
    list_per_page = 50

    def has_publish_permission(self, request):
        return request.user.has_perm(publish_permission(self.model))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("published")
        return readonly

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


class CuratedTabularInline(LockedInlineMixin, BidiFieldsMixin, TranslationTabularInline):
    extra = 0


class CuratedStackedInline(LockedInlineMixin, BidiFieldsMixin, TranslationStackedInline):
    extra = 0
