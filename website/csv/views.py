"""`format=csv` or `format=xlsx` on any public list: the same rows, the same filters, every page, as a download.

Each list view calls one of these first; they return None unless the request asks for a file.
Both formats are built from the same header and rows, so they cannot hold different records:

    if response := csv_export(request, filterset=filterset, resource_class=OrganizationResource,
                              what="organizations"):
        return response
"""

from core.csv.slots import download_slot_acquire
from core.csv.streaming import FORMATS, XLSX, csv_streaming_response, resource_streaming_response, xlsx_response
from core.search import backends
from website.clients import client_address
from website.throttling import csv_downloads_busy

from .tables import SEARCH_HEADER, matrix_columns, matrix_table, search_columns, search_rows

FORMAT_PARAMETER = "format"


def requested_format(request):
    """Return the download format the request asks for (csv or xlsx), or None for the page."""
    fmt = request.GET.get(FORMAT_PARAMETER)
    return fmt if fmt in FORMATS else None


def download_requested(request):
    """Say whether the request asks for a download of the list, CSV or XLSX."""
    return requested_format(request) is not None


def csv_requested(request):
    """Say whether the request asks for CSV (the only format of a drawn view's numbers)."""
    return requested_format(request) == "csv"


def base_url(request):
    """Return scheme and host of the request, for the absolute URLs in the rows."""
    return request.build_absolute_uri("/").rstrip("/")


def _within_download_limit(request, build):
    """Return build(slot) with a download slot of the client's, or the too-many-downloads page."""
    slot = download_slot_acquire(address=client_address(request))
    if slot is None:
        return csv_downloads_busy(request)
    try:
        return build(slot)
    except BaseException:
        slot.release()
        raise


def csv_export(request, *, resource_class, what, queryset=None, filterset=None):
    """Return the CSV or XLSX download of a list (a queryset, or a FilterSet's filtered rows) when asked for."""
    if not download_requested(request):
        return None
    if filterset is not None:
        # A filter value that names nothing public empties the list, as on the page.
        queryset = filterset.qs if filterset.understood else filterset.queryset.none()
    return _within_download_limit(
        request,
        lambda slot: resource_streaming_response(
            request=request,
            resource_class=resource_class,
            queryset=queryset,
            what=what,
            slot=slot,
            fmt=requested_format(request),
        ),
    )


def csv_export_matrix(request, *, table, columns, by_regions):
    """Return the CSV or XLSX download of the matrix, every row of it, when asked for; table is read lazily."""
    if not download_requested(request):
        return None

    def build(slot):
        header, rows = matrix_table(table=table, columns=columns, by_regions=by_regions, base_url=base_url(request))
        what = "matrix-regions" if by_regions else "matrix"
        if requested_format(request) == XLSX:
            described = matrix_columns(columns=columns)
            return xlsx_response(header=header, rows=rows, what=what, columns=described, slot=slot)
        return csv_streaming_response(header=header, rows=rows, what=what, slot=slot)

    return _within_download_limit(request, build)


def csv_export_search(request, *, query, filters, kind):
    """Return the CSV or XLSX download of a search's matches (not one page), when asked for.

    It holds each type's best backends.CANDIDATES matches, ranked as on the page: every match of a
    type with no more than that; its file name says so, and the page says so when a type has more.
    """
    if not download_requested(request):
        return None

    def build(slot):
        rows = search_rows(query=query, filters=filters, kind=kind, base_url=base_url(request))
        what = f"search-best-{backends.CANDIDATES}-per-type"
        if requested_format(request) == XLSX:
            return xlsx_response(header=SEARCH_HEADER, rows=rows, what=what, columns=search_columns(), slot=slot)
        return csv_streaming_response(header=SEARCH_HEADER, rows=rows, what=what, slot=slot)

    return _within_download_limit(request, build)


def csv_export_table(request, *, table, what):
    """Return the CSV download of a drawn view's numbers when asked for; table(base_url) gives (header, rows)."""
    if not csv_requested(request):
        return None

    def build(slot):
        header, rows = table(base_url(request))
        return csv_streaming_response(header=header, rows=rows, what=what, slot=slot)

    return _within_download_limit(request, build)
