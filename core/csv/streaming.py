"""Stream a CSV export of the public site row by row, with memory that does not grow with the rows."""

from django.http import StreamingHttpResponse
from django.utils import timezone, translation

from .writer import csv_stream

CONTENT_TYPE = "text/csv; charset=utf-8"


def csv_filename(what):
    """Return the file name of an export: what it holds and the date."""
    return f"{what}-{timezone.localdate().isoformat()}.csv"


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
    chunks = _in_language(translation.get_language(), csv_stream(header=header, rows=rows))
    response = StreamingHttpResponse(_Download(chunks, slot), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(what)}"'
    return response


def resource_streaming_response(*, request, resource_class, queryset, what, slot=None):
    """Stream the public rows of `queryset` in the columns of `resource_class`.

    The queryset is read through a server-side cursor (QuerySet.iterator with a chunk size), and
    intersected with the model's published() so nothing hidden can leak through a filter.
    """
    model = queryset.model
    queryset = queryset.filter(pk__in=model.objects.published().values("pk"))
    resource = resource_class(base_url=request.build_absolute_uri("/"), public=True)
    return csv_streaming_response(
        header=resource.export_header(), rows=resource.export_values(queryset), what=what, slot=slot
    )
