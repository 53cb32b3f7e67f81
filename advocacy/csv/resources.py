"""The shared base of every CSV resource: the columns of one model, for export and for import.

A resource (django-import-export) names the columns once; the public site streams them, the
admin exports and imports them, so a file exported and imported again changes nothing.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.fields import Field

from advocacy.admin import publish_permission
from advocacy.models import Language

from .writer import join_values, split_values

# Rows fetched per round trip through the server-side cursor (and per prefetch batch).
CHUNK_SIZE = 2000

ERROR_UNKNOWN_SLUG = _("Unknown %(model)s: %(slugs)s.")
ERROR_LANGUAGE_MISSING = _("The %(language)s text is required.")
ERROR_PUBLISH_FORBIDDEN = _("You may not publish or unpublish %(model)s; leave the published column as it was.")
ERROR_NOT_A_NUMBER = _("“%(value)s” is not a whole number.")


def without_search_columns(queryset):
    """Defer the stored search vectors and documents: they are large and no column reads them."""
    unused = [field.name for field in queryset.model._meta.concrete_fields if field.name.startswith("search_")]
    return queryset.defer(*unused) if unused else queryset


class IntegerWidget(widgets.IntegerWidget):
    """A whole number written plainly: no thousands separator, no locale digits."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            return int(str(value).strip())
        except ValueError:
            raise ValueError(ERROR_NOT_A_NUMBER % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related record named by its slug; an unknown slug is a row error, not a crash."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        try:
            return self.model.objects.get(slug=value)
        except self.model.DoesNotExist:
            raise ValueError(ERROR_UNKNOWN_SLUG % {"model": self.model._meta.verbose_name, "slugs": value}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.slug


class SlugManyToManyWidget(widgets.ManyToManyWidget):
    """Related records named by their slugs, joined with ` | `; an unknown slug is a row error."""

    def __init__(self, model, **kwargs):
        super().__init__(model, separator="|", field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        slugs = split_values(value)
        found = list(self.model.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {obj.slug for obj in found})
        if unknown:
            raise ValueError(ERROR_UNKNOWN_SLUG % {"model": self.model._meta.verbose_name, "slugs": ", ".join(unknown)})
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return join_values(sorted(related.slug for related in value.all()))


def translated(name, languages=("ar", "en")):
    """Return the `name_ar`, `name_en` column names of a translated field."""
    return [f"{name}_{code}" for code in languages]


class KnowledgeBaseResource(resources.ModelResource):
    """Columns of one model: `id`, `slug`, the absolute `url`, then the model's own.

    Give `base_url` (scheme and host) for the `url` column and `public=True` for the public site,
    which leaves out the curation flags and hides related records the public may not see.
    """

    id = Field(attribute="id", column_name="id", readonly=True, widget=IntegerWidget())
    url = Field(column_name="url", readonly=True)
    published = Field(attribute="published", column_name="published", widget=widgets.BooleanWidget())
    sensitive = Field(attribute="sensitive", column_name="sensitive", widget=widgets.BooleanWidget())

    # Curation columns, left out of the public export.
    private_columns = ("published", "sensitive")
    # Translated fields that must be given in both languages.
    required_translations = ()

    class Meta:
        abstract = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        import_id_fields = ("slug",)
        skip_html_diff = False

    def __init__(self, *, base_url="", public=False, user=None, **kwargs):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.public = public
        self.user = user
        if public:
            for name in self.private_columns:
                self.fields.pop(name, None)

    # Export

    def dehydrate_url(self, obj):
        # Kept on the record: a source's or claim's several rows would reverse its URL each time.
        if "_csv_url" not in obj.__dict__:
            obj._csv_url = self.base_url + obj.get_absolute_url()
        return obj._csv_url

    def public_or_none(self, related):
        """Return a related record, or None when the public export may not show it."""
        if related is None or (self.public and not related.is_public):
            return None
        return related

    def prepare_export(self, queryset):
        """Return the queryset with what the columns read fetched along (override per model)."""
        return queryset

    def export_rows(self, obj):
        """Yield the rows of one record; one by default, one per passage or citation for some models."""
        yield obj

    def iter_queryset(self, queryset):
        # Django reads through a server-side cursor on PostgreSQL and prefetches per chunk.
        queryset = without_search_columns(self.prepare_export(queryset))
        for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield from self.export_rows(obj)

    def export_header(self):
        """Return the column names of the export, in order."""
        return self.get_export_headers()

    def export_values(self, queryset):
        """Yield each export row as a list of cell texts."""
        # Resolve each column's reader once, not once per cell as Resource.export_field does.
        readers = []
        for field in self.get_export_fields():
            method = field.get_dehydrate_method(self.get_field_name(field))
            readers.append(method if callable(method) else getattr(self, method, None) or field.export)
        for obj in self.iter_queryset(queryset):
            yield [read(obj) for read in readers]

    # Import

    def import_columns(self):
        """Return the column names an import file may have: every exported column."""
        return [field.column_name for field in self.get_export_fields()]

    def required_columns(self):
        """Return the column names an import file must have: those that find the record."""
        return [self.fields[name].column_name for name in self.get_import_id_fields()]

    def get_or_init_instance(self, instance_loader, row):
        try:
            return super().get_or_init_instance(instance_loader, row)
        except ValueError as error:
            names = [self.fields[name].column_name for name in self.get_import_id_fields()]
            raise ValidationError({names[0]: str(error)}) from None

    def import_instance(self, instance, row, **kwargs):
        was_published = instance.published if instance.pk else False
        before = {name: getattr(instance, name, None) for name in self._plain_attributes()}
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # An empty cell stands for both NULL and "": keep what is stored, so a round trip changes nothing.
        for name, value in before.items():
            if value in (None, "") and getattr(instance, name, None) in (None, ""):
                setattr(instance, name, value)
        # Many-to-many columns are written after the save; check their slugs now, with the rest.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        for name in self.required_translations:
            for code in ("ar", "en"):
                if not (getattr(instance, f"{name}_{code}") or "").strip():
                    errors[f"{name}_{code}"] = [ERROR_LANGUAGE_MISSING % {"language": Language(code).label}]
        if instance.published != was_published and not self._may_publish():
            errors["published"] = [ERROR_PUBLISH_FORBIDDEN % {"model": self._meta.model._meta.verbose_name_plural}]
        self.import_children(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def _plain_attributes(self):
        return [
            field.attribute
            for field in self.get_import_fields()
            if field.attribute
            and "__" not in field.attribute
            and not field.readonly
            and not isinstance(field.widget, widgets.ManyToManyWidget)
        ]

    def _may_publish(self):
        return self.user is not None and self.user.has_perm(publish_permission(self._meta.model))

    def import_children(self, instance, row, errors):
        """Read and check the row's passage, citation or names before anything is saved."""

    def children_changed(self, instance):
        """Say whether the row's passage, citation or names differ from what is stored."""
        return False

    def save_children(self, instance):
        """Write the row's passage, citation or names once the record itself is saved."""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return super().skip_row(instance, original, row, import_validation_errors) and not self.children_changed(
            instance
        )

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = "CSV import"

    def after_save_instance(self, instance, row, **kwargs):
        self.save_children(instance)
