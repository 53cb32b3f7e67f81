"""Import and export in the admin, in the project's CSV format.

Every import is a dry run first: the page lists each row as new, updated, unchanged or rejected
and why. Only a file without a rejected row can be confirmed, and the confirmed import runs in
one transaction that is rolled back if any row fails.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm

from .formats import KnowledgeBaseCSV
from .reader import CsvFileError, check_size, csv_read


class CsvImportForm(ImportForm):
    """The upload form; the whole file is checked here, so a bad file never reaches a dry run."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.resource_classes = resources
        self.fields["import_file"].help_text = _(
            "A CSV file in UTF-8 with the columns of this list's export, at most 10 MB."
        )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None:
            return cleaned
        try:
            check_size(upload.size)
            index = int(cleaned.get("resource") or 0)
            resource = self.resource_classes[index]()
            data = b"".join(upload.chunks())
            csv_read(data=data, columns=resource.import_columns(), required=resource.required_columns())
        except CsvFileError as error:
            self.add_error("import_file", str(error))
        finally:
            upload.seek(0)
        return cleaned


class CsvImportExportMixin(ImportExportMixin):
    """Admin import and export of a model with its `resource_classes`, in one CSV format."""

    import_formats = [KnowledgeBaseCSV]
    export_formats = [KnowledgeBaseCSV]
    import_form_class = CsvImportForm
    # Every column, always: a file with columns left out could not be imported back unchanged.
    export_form_class = ExportForm
    import_template_name = "admin/csv/import.html"

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"base_url": request.build_absolute_uri("/"), "user": request.user}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        # All rows or none: a row rejected during the confirmed import undoes the others.
        kwargs["rollback_on_validation_errors"] = True
        kwargs["use_transactions"] = True
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, CsvFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.model._meta.model_name}-{timezone.localdate().isoformat()}.csv"
