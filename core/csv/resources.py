"""The shared base of every CSV resource: the columns of one model, for export and for import.

A resource (django-import-export) names the columns once; the public site streams them, the
admin exports and imports them, so a file exported and imported again changes nothing.
"""

import copy
import datetime
import functools

import tablib
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Result, RowResult

from core.admin import publish_permission
from core.languages import LANGUAGE_CODES
from core.models import Language

from .columns import BOOLEAN, INTEGER, URL, describe, in_language
from .reader import ROWS_SHOWN
from .writer import join_values, split_values

# Rows fetched per round trip through the server-side cursor (and per prefetch batch).
CHUNK_SIZE = 2000
# Dates in the files, as the columns' DateWidget writes them.
DATE_FORMAT = "%Y-%m-%d"
# A number no URL holds, reversed in its place to find where a record's id or slug goes in its address.
MARKER = 918273645546372819

ERROR_UNKNOWN_SLUG = _("Unknown %(model)s: %(slugs)s.")
ERROR_LANGUAGE_MISSING = _("The %(language)s text is required.")
ERROR_PUBLISH_FORBIDDEN = _("You may not publish or unpublish %(model)s; leave the published column as it was.")
ERROR_SENSITIVE_FORBIDDEN = _(
    "You may not change whether %(model)s are sensitive; leave the sensitive column as it was. "
    "A new record may be marked sensitive."
)
ERROR_DUPLICATE_ROW = _("Row %(row)s names the same record as row %(first)s (%(key)s); keep one row for each.")
ERROR_NOT_A_NUMBER = _("“%(value)s” is not a whole number.")


def cell_text(value):
    """Return a value read from the database as the export writes it, as the columns' widgets would."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def address_parts(base_url, url_name, argument):
    """Return (prefix, suffix): base_url + the URL named url_name is prefix + the argument's value + suffix."""
    prefix, suffix = (base_url + reverse(url_name, kwargs={argument: MARKER})).split(str(MARKER))
    return prefix, suffix


def address_maker(base_url, url_name, argument):
    """Return value -> base_url + the URL named url_name with argument=value, reversed once, not once per row."""
    prefix, suffix = address_parts(base_url, url_name, argument)
    return lambda value: f"{prefix}{value}{suffix}"


def search_columns(model, prefix=""):
    """Return the names of model's stored search vectors and documents, after prefix (a `relation__`)."""
    return [prefix + field.name for field in model._meta.concrete_fields if field.name.startswith("search_")]


def without_search_columns(queryset):
    """Defer the stored search vectors and documents: they are large and no column reads them."""
    unused = search_columns(queryset.model)
    return queryset.defer(*unused) if unused else queryset


class BoundedResult(Result):
    """An import's result that keeps at most `limit` rows of each kind to show, and counts them all.

    With a `report` (csv.report.RowReport), every row's outcome is also written to it as it comes.
    """

    def __init__(self, *args, limit=None, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.report = report

    def increment_row_result_total(self, row_result):
        super().increment_row_result_total(row_result)
        if self.report is not None:
            self.report.add(row_result)

    def _room(self, rows):
        return self.limit is None or len(rows) < self.limit

    def append_row_result(self, row_result):
        if self._room(self.rows):
            super().append_row_result(row_result)

    def append_invalid_row(self, number, row, validation_error):
        if self._room(self.invalid_rows):
            super().append_invalid_row(number, row, validation_error)

    def append_error_row(self, number, row, errors):
        if self._room(self.error_rows):
            super().append_error_row(number, row, errors)

    def has_errors(self):
        return bool(self.base_errors or self.totals[RowResult.IMPORT_TYPE_ERROR])

    def has_validation_errors(self):
        return bool(self.totals[RowResult.IMPORT_TYPE_INVALID])


class BulkInstanceLoader(ModelInstanceLoader):
    """Fetch the records a file names in a few queries, not one per row (records found by one column)."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        resource._instance_loader = self
        self.found = None
        names = resource.get_import_id_fields()
        if len(names) != 1 or dataset is None:
            return
        self.field = resource.fields[names[0]]
        column = self.field.column_name
        if column not in (dataset.headers or []):
            return
        keys = sorted({self.field.clean({column: value}) for value in dataset[column]} - {None, ""})
        self.found = {}
        queryset = resource.import_queryset()
        for start in range(0, len(keys), CHUNK_SIZE):
            chunk = list(queryset.filter(**{f"{self.field.attribute}__in": keys[start : start + CHUNK_SIZE]}))
            self.found.update((getattr(obj, self.field.attribute), obj) for obj in chunk)
            resource.import_preload([obj.pk for obj in chunk])

    def get_instance(self, row):
        if self.found is None:
            return super().get_instance(row)
        obj = self.found.get(self.field.clean(row))
        # A copy: a rejected row must not leave its values on the record the next row reads.
        return copy.copy(obj) if obj is not None else None

    def remember(self, instance):
        """Keep a record as just saved, for the file's next rows about it."""
        if self.found is None:
            return
        self.found[getattr(instance, self.field.attribute)] = copy.copy(instance)


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
        # Each resource has its own copy of its fields, so this lives for one import.
        self.found = {}

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        if value not in self.found:
            try:
                self.found[value] = self.model.objects.get(slug=value)
            except self.model.DoesNotExist:
                message = ERROR_UNKNOWN_SLUG % {"model": self.model._meta.verbose_name, "slugs": value}
                raise ValueError(message) from None
        return self.found[value]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.slug


class SlugManyToManyWidget(widgets.ManyToManyWidget):
    """Related records named by their slugs, joined with ` | `; an unknown slug is a row error."""

    def __init__(self, model, **kwargs):
        super().__init__(model, separator="|", field="slug", **kwargs)
        # Each resource has its own copy of its fields, so this lives for one import.
        self.found = {}

    def clean(self, value, row=None, **kwargs):
        slugs = split_values(value)
        missing = [slug for slug in slugs if slug not in self.found]
        if missing:
            self.found.update((obj.slug, obj) for obj in self.model.objects.filter(slug__in=missing))
        unknown = sorted({slug for slug in slugs if slug not in self.found})
        if unknown:
            raise ValueError(ERROR_UNKNOWN_SLUG % {"model": self.model._meta.verbose_name, "slugs": ", ".join(unknown)})
        return [self.found[slug] for slug in dict.fromkeys(slugs)]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return join_values(sorted(related.slug for related in value.all()))


def translated(name, languages=LANGUAGE_CODES):
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
    # Columns read from a field of a related record: column name -> `relation__field` path.
    column_paths = {}
    # What a column means, where its model field has no help text: column name (or the name of a
    # translated field without its `_ar`/`_en`) -> description. The data dictionary's test fails
    # for a column described nowhere.
    column_notes = {
        "id": _("The record's number in the knowledge base; it never changes."),
        "url": _("The address of the record's public page, in the language of the download."),
        "published": _("1 when the record is shown on the public site."),
        "sensitive": _("1 when the record must never be shown to the public."),
    }
    column_labels = {"id": _("ID"), "url": _("Page address")}
    column_types = {"id": INTEGER, "url": URL, "published": BOOLEAN, "sensitive": BOOLEAN}
    # Translated fields that must be given in both languages.
    required_translations = ()
    # Columns of the row's passage, citation or names, marked when those change.
    children_columns = ()
    _rows_limit = None
    _report = None

    class Meta:
        abstract = True
        skip_unchanged = True
        # Unchanged rows are counted, not listed, and compared without the library's per-row diff.
        report_skipped = False
        skip_diff = True
        skip_html_diff = True
        clean_model_instances = True
        use_transactions = True
        import_id_fields = ("slug",)
        instance_loader_class = BulkInstanceLoader

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

    def copy_statement(self, queryset):
        """Return (sql, params) of the public rows of `queryset` as a SELECT of their cells, for COPY; or None.

        The SELECT gives every cell of export_values as text, in the same order (core/csv/copy.py).
        None, the default, leaves the export to export_values.
        """
        return None

    def export_columns(self):
        """Return what each export column means (core.csv.columns.Column), in the export's order."""
        notes = {**KnowledgeBaseResource.column_notes, **self.column_notes}
        types = {**KnowledgeBaseResource.column_types, **self.column_types}
        labels = {**KnowledgeBaseResource.column_labels, **self.column_labels}
        columns = []
        for field in self.get_export_fields():
            name = field.column_name
            base, code = name.rsplit("_", 1) if name.endswith(tuple(f"_{c}" for c in LANGUAGE_CODES)) else (name, "")
            label = labels.get(name) or (in_language(labels[base], code) if base in labels else None)
            path = self.column_paths.get(name) or field.attribute or name
            note = notes.get(name) or notes.get(base)
            many = isinstance(field.widget, widgets.ManyToManyWidget) or None
            kind = types.get(name)
            columns.append(describe(self._meta.model, name, path, label=label, description=note, type=kind, many=many))
        return columns

    def export_readers(self):
        """Return each export column's reader (a record -> its cell text), in the export's order."""
        # Resolved once, not once per cell as Resource.export_field does.
        readers = []
        for field in self.get_export_fields():
            method = field.get_dehydrate_method(self.get_field_name(field))
            readers.append(method if callable(method) else getattr(self, method, None) or field.export)
        return readers

    def export(self, queryset=None, **kwargs):
        """Return the rows of export_values as a tablib Dataset: the admin's download has the site's rows.

        Every column is written: the admin's export form offers no choice of columns.
        """
        if queryset is None:
            queryset = self.get_queryset()
        dataset = tablib.Dataset(headers=self.export_header())
        for row in self.export_values(self.filter_export(queryset, **kwargs)):
            dataset.append(row)
        return dataset

    def export_values(self, queryset):
        """Yield each export row as a list of cell texts."""
        readers = self.export_readers()
        for obj in self.iter_queryset(queryset):
            yield [read(obj) for read in readers]

    # Import

    def import_columns(self):
        """Return the column names an import file may have: every exported column."""
        return [field.column_name for field in self.get_export_fields()]

    def required_columns(self):
        """Return the column names an import file must have: those that find the record."""
        return [self.fields[name].column_name for name in self.get_import_id_fields()]

    def row_key(self, row):
        """Return what names the row's record (and passage or citation), to find rows naming it twice."""
        key = tuple(str(row.get(column) or "").strip() for column in self.required_columns())
        return key if any(key) else None

    def import_queryset(self):
        """Return the records an import compares its rows with."""
        return without_search_columns(self.get_queryset())

    def import_preload(self, pks):
        """Fetch the many-to-many links of these stored records, for the rows that name them."""
        # Plain lists in one dict, not prefetch_related: a QuerySet per record would take far more memory.
        model = self._meta.model
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            relation = model._meta.get_field(field.attribute)
            through = relation.remote_field.through
            source, target = f"{relation.m2m_field_name()}_id", f"{relation.m2m_reverse_field_name()}_id"
            links = list(through.objects.filter(**{f"{source}__in": pks}).values_list(source, target))
            related = field.widget.model.objects.in_bulk({target_pk for _pk, target_pk in links})
            stored = self._stored_links.setdefault(field.attribute, {})
            for pk in pks:
                stored[pk] = []
            for pk, target_pk in links:
                stored[pk].append(related[target_pk])

    def _links(self, instance, field):
        """Return the records an m2m column links a stored record to, preloaded when possible."""
        stored = self._stored_links.get(field.attribute, {})
        if instance.pk in stored:
            return list(stored[instance.pk])
        return list(getattr(instance, field.attribute).all())

    def import_data(self, dataset, dry_run=False, raise_errors=False, collect_failed_rows=False, report=None, **kwargs):
        """Import every row or none, in one transaction rolled back after a dry run or any rejected row.

        `report` (a csv.report.RowReport) receives every row's outcome as it is checked.
        """
        # A dry run lists the first rows only and counts the rest; the confirmed import keeps every
        # row for the admin's log.
        self._rows_limit = ROWS_SHOWN if dry_run else None
        self._report = report
        self._rows_described = 0
        self._stored_links = {}
        for name in ("use_transactions", "rollback_on_validation_errors"):
            kwargs.pop(name, None)
        using = self.get_db_connection_name()
        # The library would open a savepoint for every row (two queries each, most of a large dry
        # run's time); here only a row that writes gets one (save_instance).
        with transaction.atomic(using=using):
            result = self.import_data_inner(dataset, dry_run, raise_errors, False, collect_failed_rows, **kwargs)
            if dry_run or result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True, using=using)
        return result

    def get_result_class(self):
        return functools.partial(BoundedResult, limit=self._rows_limit, report=self._report)

    def before_import(self, dataset, **kwargs):
        headers = list(dataset.headers or [])
        # The public site's files leave out the flags and the records the public may not see: importing
        # one must not unlink those records (DESIGN: when unsure, hide).
        self.keeps_hidden = "sensitive" not in headers
        self._duplicate_of = {}
        first = {}
        for number, values in enumerate(dataset, start=1):
            key = self.row_key(dict(zip(headers, values, strict=True)))
            if key is None:
                continue
            if key in first:
                self._duplicate_of[number] = (first[key], key)
            else:
                first[key] = number

    def get_or_init_instance(self, instance_loader, row):
        try:
            return super().get_or_init_instance(instance_loader, row)
        except ValueError as error:
            names = [self.fields[name].column_name for name in self.get_import_id_fields()]
            raise ValidationError({names[0]: str(error)}) from None

    def get_import_fields(self):
        # Asked for several times a row; the columns do not change during an import.
        if "_import_fields" not in self.__dict__:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def _field_attname(self, attribute):
        try:
            return self._meta.model._meta.get_field(attribute).attname
        except FieldDoesNotExist:
            return attribute

    def _plain_fields(self):
        if "_plain" not in self.__dict__:
            self._plain = [
                (field, self._field_attname(field.attribute))
                for field in self.get_import_fields()
                if field.attribute
                and "__" not in field.attribute
                and not field.readonly
                and not isinstance(field.widget, widgets.ManyToManyWidget)
            ]
        return self._plain

    def _related_fields(self, row):
        return [
            field
            for field in self.get_import_fields()
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row
        ]

    def _plain_values(self, instance):
        # Foreign keys by id: reading the related record would cost a query per row.
        return {field.column_name: getattr(instance, name, None) for field, name in self._plain_fields()}

    def import_instance(self, instance, row, **kwargs):
        new = instance.pk is None
        flags = {name: getattr(instance, name) for name in ("published", "sensitive")}
        before = self._plain_values(instance)
        related_before = {
            field.column_name: self._links(instance, field) if not new else [] for field in self._related_fields(row)
        }
        errors = {}
        duplicate = self._duplicate_of.get(kwargs.get("row_number"))
        if duplicate:
            first, key = duplicate
            column = self.required_columns()[0]
            message = ERROR_DUPLICATE_ROW % {"row": kwargs["row_number"], "first": first, "key": " ".join(key).strip()}
            errors[column] = [message]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # An empty cell stands for both NULL and "": keep what is stored, so a round trip changes nothing.
        for field, name in self._plain_fields():
            value = before[field.column_name]
            if value in (None, "") and getattr(instance, name, None) in (None, ""):
                setattr(instance, name, value)
        if self.keeps_hidden:
            self._keep_hidden_links(instance, row, before)
        # Many-to-many columns are written after the save; read and check their slugs now, with the rest.
        instance._csv_related = {}
        for field in self._related_fields(row):
            try:
                wanted = list(field.clean(row))
            except ValueError as error:
                errors[field.attribute] = [str(error)]
                continue
            stored = related_before[field.column_name]
            if self.keeps_hidden:
                wanted += [obj for obj in stored if not obj.is_public and obj not in wanted]
            if {obj.pk for obj in wanted} != {obj.pk for obj in stored} or new:
                instance._csv_related[field.attribute] = wanted
        for name in self.required_translations:
            for code in LANGUAGE_CODES:
                if not (getattr(instance, f"{name}_{code}") or "").strip():
                    errors[f"{name}_{code}"] = [ERROR_LANGUAGE_MISSING % {"language": Language(code).label}]
        self._check_flags(instance, new, flags, errors)
        self.import_children(instance, row, errors)
        after = self._plain_values(instance)
        changed = {column for column, value in after.items() if value != before[column]}
        changed |= {self.fields[name].column_name for name in instance._csv_related if name in self.fields}
        if self.children_changed(instance):
            changed |= set(self.children_columns)
        instance._csv_changed_columns = self._last_changed_columns = changed
        if errors:
            raise ValidationError(errors)

    def _keep_hidden_links(self, instance, row, before):
        """Keep a link the file left empty when it points to a record the public may not see."""
        for field, name in self._plain_fields():
            if not isinstance(field.widget, SlugForeignKeyWidget) or field.column_name not in row:
                continue
            stored = before[field.column_name]
            if stored is None or getattr(instance, name) is not None:
                continue
            related = field.widget.model.objects.filter(pk=stored).first()
            if related is not None and not related.is_public:
                setattr(instance, name, stored)

    def _check_flags(self, instance, new, flags, errors):
        # Without the publish right: a new record starts unpublished (it may be marked sensitive, since
        # hiding is always allowed); an existing record keeps both flags as they are.
        if self._may_publish():
            return
        model = self._meta.model._meta.verbose_name_plural
        if instance.published != (False if new else flags["published"]):
            errors["published"] = [ERROR_PUBLISH_FORBIDDEN % {"model": model}]
        if not new and instance.sensitive != flags["sensitive"]:
            errors["sensitive"] = [ERROR_SENSITIVE_FORBIDDEN % {"model": model}]

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
        if import_validation_errors or instance.pk is None:
            return False
        return not instance._csv_changed_columns

    def save_instance(self, instance, is_create, row, **kwargs):
        # Saved in a dry run too (the transaction is rolled back), so later rows see earlier ones.
        with transaction.atomic(using=self.get_db_connection_name()):
            self.before_save_instance(instance, row, **kwargs)
            self.do_instance_save(instance, is_create)
            for attribute, objects in instance._csv_related.items():
                getattr(instance, attribute).set(objects)
                if attribute in self._stored_links:
                    self._stored_links[attribute][instance.pk] = list(objects)
            self.after_save_instance(instance, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        """Do nothing: save_instance writes the many-to-many columns with the record."""

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = "CSV import"

    def after_save_instance(self, instance, row, **kwargs):
        self.save_children(instance)
        self._instance_loader.remember(instance)

    def after_import_row(self, row, row_result, **kwargs):
        # Only the rows a dry run lists are described, each changed cell marked.
        if row_result.import_type not in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            return
        if self._rows_limit is None or self._rows_described >= self._rows_limit:
            return
        self._rows_described += 1
        changed = getattr(self, "_last_changed_columns", set())
        cells = []
        for field in self.get_import_fields():
            value = str(row.get(field.column_name) or "")
            marked = row_result.import_type == RowResult.IMPORT_TYPE_UPDATE and field.column_name in changed
            cells.append(format_html("<ins>{}</ins>", value) if marked else value)
        row_result.diff = cells
