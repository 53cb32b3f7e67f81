"""Stream an export of the public site (CSV or XLSX) with memory that does not grow with the rows."""

from django.http import StreamingHttpResponse
from django.utils import timezone, translation

from . import xlsx
from .copy import copy_available, copy_stream
from .writer import CHUNK_BYTES, csv_stream

CONTENT_TYPE = "text/csv; charset=utf-8"
CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)


def csv_filename(what, extension=CSV):
    """Return the file name of an export: what it holds and the date."""
    return f"{what}-{timezone.localdate().isoformat()}.{extension}"


def _in_language(language, chunks):
    # The response is consumed after the view returns; URLs in the rows keep the page's language.
    with translation.override(language):
        yield from chunks


class _Download:
    """The chunks of a download, holding its client's download slot until the response closes."""

    def __init__(self, chunks, slot):
        self._chunks = chunks
        self._slot = slot

    def __iter__(self):
        return iter(self._chunks)

    def close(self):
        # The server closes the response when the download ends, and also when the client
        # goes away mid-stream, so the slot comes back either way.
        self._chunks.close()
        if self._slot is not None:
            self._slot.release()


def csv_streaming_response(*, header, rows, what, slot=None):
    """Return a streaming CSV download of `rows` (an iterable, read lazily) under `header`.

    `slot` (core.csv.slots) is released when the response is closed.
    """
    return _csv_response(csv_stream(header=header, rows=rows), what=what, slot=slot)


def _csv_response(file_chunks, *, what, slot):
    chunks = _in_language(translation.get_language(), file_chunks)
    response = StreamingHttpResponse(_Download(chunks, slot), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(what)}"'
    return response


def _file_chunks(file):
    try:
        while chunk := file.read(CHUNK_BYTES):
            yield chunk
    finally:
        file.close()


def xlsx_response(*, header, rows, what, columns=None, labels=None, slot=None):
    """Return an XLSX download of `rows` under `header`, in the active language's labels and direction.

    The workbook is written to a temporary file first (flat memory, openpyxl's write-only mode),
    then sent in chunks; `slot` is released when the response is closed.
    """
    file = xlsx.xlsx_temporary_file(
        header=header,
        rows=rows,
        columns={column.name: column for column in columns or ()},
        labels=labels,
        title=what,
        right_to_left=translation.get_language_bidi(),
    )
    size = file.seek(0, 2)
    file.seek(0)
    response = StreamingHttpResponse(_Download(_file_chunks(file), slot), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(what, XLSX)}"'
    response["Content-Length"] = str(size)
    return response


def public_queryset(queryset):
    """Return `queryset` intersected with its model's published(), so nothing hidden can leak through a filter."""
    model = queryset.model
    return queryset.filter(pk__in=model.objects.published().values("pk"))


def public_rows(*, resource_class, queryset, base_url):
    """Return (resource, rows) of the public rows of `queryset` in the columns of `resource_class`.

    The queryset is read through a server-side cursor (QuerySet.iterator with a chunk size).
    """
    resource = resource_class(base_url=base_url, public=True)
    return resource, resource.export_values(public_queryset(queryset))


def resource_streaming_response(*, request, resource_class, queryset, what, slot=None, fmt=CSV):
    """Stream the public rows of `queryset` in the columns of `resource_class`, as CSV or XLSX.

    A CSV whose resource offers a COPY statement is written by PostgreSQL (core/csv/copy.py).
    """
    queryset = public_queryset(queryset)
    resource = resource_class(base_url=request.build_absolute_uri("/"), public=True)
    header = resource.export_header()
    if fmt == XLSX:
        rows = resource.export_values(queryset)
        return xlsx_response(header=header, rows=rows, what=what, columns=resource.export_columns(), slot=slot)
    if copy_available(queryset.db) and (copied := resource.copy_statement(queryset)) is not None:
        statement, params = copied
        chunks = copy_stream(header=header, statement=statement, params=params, using=queryset.db)
        return _csv_response(chunks, what=what, slot=slot)
    return csv_streaming_response(header=header, rows=resource.export_values(queryset), what=what, slot=slot)
