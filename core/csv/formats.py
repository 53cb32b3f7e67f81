"""The project's CSV format as a django-import-export format, for the admin's import and export."""

from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import Format

from .reader import csv_read
from .writer import csv_bytes


class KnowledgeBaseCSV(Format):
    """CSV as in DESIGN.md section 6; read as bytes so the reader can name a wrong encoding."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def __init__(self, encoding=None):
        # Always UTF-8: the reader names any other encoding instead of guessing it.
        self.encoding = "utf-8"

    def get_title(self):
        return _("CSV (UTF-8, Excel and LibreOffice)")

    def create_dataset(self, in_stream, **kwargs):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode("utf-8")
        return csv_read(data=data)

    def export_data(self, dataset, **kwargs):
        return csv_bytes(header=dataset.headers, rows=dataset)

    def get_extension(self):
        return "csv"

    def get_content_type(self):
        return self.CONTENT_TYPE

    def can_import(self):
        return True

    def can_export(self):
        return True
