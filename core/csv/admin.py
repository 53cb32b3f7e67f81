"""Import and export in the admin, in the project's CSV format.

Every import is a dry run first: the page counts the rows that would be new, updated, unchanged
or rejected, and lists the first changed and rejected rows with the reason; a CSV report of
every row, written as the rows are checked, can be downloaded beside it. Only a file without
a rejected row can be confirmed, and the confirmed import runs in one transaction that is rolled
back if any row fails. Importing needs the model's own `import_<model>` permission.
"""

from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.signals import post_import

from .formats import KnowledgeBaseCSV
from .reader import MAX_IMPORT_ROWS, ROWS_SHOWN, CsvFileError, check_size, csv_read
from .report import RowReport
from .streaming import CONTENT_TYPE
from .uploads import UploadGone, upload_create, upload_path, upload_read, upload_remove, upload_save, uploads_clean

ERROR_UPLOAD_GONE = _(
    "This import can no longer be confirmed: it was confirmed already, is more than a few hours old, "
    "or was uploaded by another account. Upload the file again."
)
ERROR_REPORT_GONE = _("This report is gone: it is more than a few hours old or belongs to another account.")
ERROR_CONFIRM_FORM = _("The confirmation form is incomplete or was changed. Upload the file again.")
IMPORT_FINISHED = _("Import finished: %(new)s created, %(update)s updated, %(skip)s unchanged.")


class CsvImportForm(ImportForm):
    """The upload form; the whole file is read here, so a bad file never reaches a dry run."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.resource_classes = resources
        self.dataset = self.data_bytes = None
        self.fields["import_file"].help_text = _(
            "A CSV file in UTF-8 with the columns of this list's export, at most 10 MB and %(rows)s rows."
        ) % {"rows": number_format(MAX_IMPORT_ROWS, force_grouping=True)}

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None:
            return cleaned
        try:
            check_size(upload.size)
            resource = self.resource_classes[int(cleaned.get("resource") or 0)]()
            data = b"".join(upload.chunks())
            self.dataset = csv_read(data=data, columns=resource.import_columns(), required=resource.required_columns())
            self.data_bytes = data
        except CsvFileError as error:
            self.add_error("import_file", str(error))
        return cleaned


class CsvConfirmImportForm(ConfirmImportForm):
    """The confirm step: `import_file_name` holds the server's signed upload token, never a path."""

    def clean_import_file_name(self):
        return self.cleaned_data["import_file_name"]


class CsvImportExportMixin(ImportExportMixin):
    """Admin import and export of a model with its `resource_classes`, in one CSV format."""

    import_formats = [KnowledgeBaseCSV]
    export_formats = [KnowledgeBaseCSV]
    import_form_class = CsvImportForm
    confirm_form_class = CsvConfirmImportForm
    # Every column, always: a file with columns left out could not be imported back unchanged.
    export_form_class = ExportForm
    import_template_name = "admin/csv/import.html"

    def has_import_permission(self, request):
        # Each model's own permission (migration 0005): Viewer holds none, so the button hides too.
        codename = get_permission_codename("import", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"base_url": request.build_absolute_uri("/"), "user": request.user}

    def get_confirm_form_initial(self, request, import_form):
        if import_form is None:
            return {}
        return {
            "import_file_name": import_form.upload_token,
            "original_file_name": import_form.cleaned_data["import_file"].name[:200],
            "format": "0",
            "resource": import_form.cleaned_data.get("resource", ""),
        }

    def _import_resource(self, request, form, index):
        """Return the chosen resource, or None when the form names none."""
        classes = self.get_import_resource_classes(request)
        try:
            resource_class = classes[int(index or 0)]
        except (TypeError, ValueError, IndexError):
            return None
        return resource_class(**self.get_import_resource_kwargs(request, form=form))

    def _counts(self, result):
        """Return the dry run's totals written in the page's language, and how many rows are listed."""
        if result is None:
            return {}
        totals = result.totals
        changed = totals["new"] + totals["update"]
        counts = {name: number_format(value, force_grouping=True) for name, value in totals.items()}
        counts["changed_shown"] = counts["invalid_shown"] = number_format(ROWS_SHOWN, force_grouping=True)
        counts["changed_hidden"] = changed > len(result.valid_rows())
        counts["invalid_hidden"] = totals["invalid"] > len(result.invalid_rows)
        return counts

    def get_urls(self):
        info = self.get_model_info()
        report = path(
            "import/report/",
            self.admin_site.admin_view(self.import_report),
            name="{}_{}_import_report".format(*info),
        )
        return [report, *super().get_urls()]

    def import_report(self, request):
        """Send the report of one of this user's dry runs, read from its file in chunks."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            report = upload_path(token=request.GET.get("report", ""), user=request.user, kind="report")
            file = open(report, "rb")  # noqa: SIM115 - the response closes it
        except (UploadGone, FileNotFoundError):
            raise Http404(ERROR_REPORT_GONE) from None
        name = f"{self.model._meta.model_name}-import-report-{timezone.localdate().isoformat()}.csv"
        return FileResponse(file, as_attachment=True, filename=name, content_type=CONTENT_TYPE)

    def _dry_run(self, request, form):
        """Check every row of the uploaded file without saving; write the report of every row."""
        resource = self._import_resource(request, form, form.cleaned_data.get("resource"))
        file, report_token = upload_create(user=request.user, kind="report")
        report = RowReport(file)
        try:
            result = resource.import_data(
                form.dataset,
                dry_run=True,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
                file_name=form.cleaned_data["import_file"].name,
                report=report,
            )
        finally:
            report.close()
        report_view = "admin:{}_{}_import_report".format(*self.get_model_info())
        query = urlencode({"report": report_token})
        result.report_url = f"{reverse(report_view, current_app=self.admin_site.name)}?{query}"
        result.report_rows = number_format(report.rows, force_grouping=True)
        return result

    def _import_page(self, request, form, *, result=None, confirm_form=None, status=200):
        context = self.admin_site.each_context(request)
        kwargs = self.get_import_resource_kwargs(request)
        resources = [resource_class(**kwargs) for resource_class in self.get_import_resource_classes(request)]
        context.update(
            title=_("Import"),
            form=form,
            result=result,
            confirm_form=confirm_form,
            counts=self._counts(result),
            opts=self.model._meta,
            media=self.media + form.media,
            fields_list=[
                (resource.get_display_name(), [field.column_name for field in resource.get_user_visible_fields()])
                for resource in resources
            ],
            import_error_display=self.import_error_display,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context, status=status)

    def import_action(self, request, **kwargs):
        """Show the upload form; on upload, run the dry run and keep the file for its confirmation."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        uploads_clean()
        form = self.create_import_form(request)
        if request.method != "POST" or not form.is_valid() or form.dataset is None:
            return self._import_page(request, form)
        result = self._dry_run(request, form)
        confirm_form = None
        if not result.has_errors() and not result.has_validation_errors():
            form.upload_token = upload_save(data=form.data_bytes, user=request.user)
            confirm_form = self.create_confirm_form(request, import_form=form)
        return self._import_page(request, form, result=result, confirm_form=confirm_form)

    def process_import(self, request, **kwargs):
        """Import the file of a dry run, all rows or none, and delete the upload."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        upload_form = self.create_import_form(request)
        confirm = self.create_confirm_form(request)
        if not confirm.is_valid():
            upload_form.add_error(None, ERROR_CONFIRM_FORM)
            return self._import_page(request, upload_form, status=400)
        token = confirm.cleaned_data["import_file_name"]
        resource = self._import_resource(request, confirm, confirm.cleaned_data.get("resource"))
        if resource is None:
            upload_form.add_error(None, ERROR_CONFIRM_FORM)
            return self._import_page(request, upload_form, status=400)
        try:
            data = upload_read(token=token, user=request.user)
        except UploadGone:
            upload_form.add_error(None, ERROR_UPLOAD_GONE)
            return self._import_page(request, upload_form, status=400)
        try:
            dataset = csv_read(data=data, columns=resource.import_columns(), required=resource.required_columns())
            result = resource.import_data(
                dataset,
                dry_run=False,
                raise_errors=False,
                use_transactions=True,
                # All rows or none: a row rejected now (the data changed since the dry run) undoes the others.
                rollback_on_validation_errors=True,
                retain_instance_in_row_result=True,
                file_name=confirm.cleaned_data["original_file_name"],
            )
        except CsvFileError as error:
            upload_form.add_error(None, str(error))
            return self._import_page(request, upload_form, status=400)
        finally:
            upload_remove(token=token, user=request.user)
        if result.has_errors() or result.has_validation_errors():
            return self._import_page(request, upload_form, result=result)
        self.generate_log_entries(result, request)
        totals = result.totals
        message = IMPORT_FINISHED % {name: number_format(totals[name], force_grouping=True) for name in totals}
        messages.success(request, message)
        post_import.send(sender=None, model=self.model)
        changelist = "admin:{}_{}_changelist".format(*self.get_model_info())
        return HttpResponseRedirect(reverse(changelist, current_app=self.admin_site.name))

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.model._meta.model_name}-{timezone.localdate().isoformat()}.csv"
