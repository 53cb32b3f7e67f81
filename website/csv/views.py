"""`format=csv` on any public list: the same rows, the same filters, every page, as a CSV download.

Each list view calls one of these first; they return None unless the request asks for CSV:

    if response := csv_export(request, filterset=filterset, resource_class=OrganizationResource,
                              what="organizations"):
        return response
"""

from core.csv.slots import download_slot_acquire
from core.csv.streaming import csv_streaming_response, resource_streaming_response
from core.search import backends
from website.clients import client_address
from website.throttling import csv_downloads_busy

from .tables import SEARCH_HEADER, matrix_table, search_rows

FORMAT_PARAMETER = "format"


def csv_requested(request):
    """Say whether the request asks for the CSV download of the list."""
    return request.GET.get(FORMAT_PARAMETER) == "csv"


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
    """Return the CSV download of a list (a queryset, or a FilterSet's filtered rows) when asked for."""
    if not csv_requested(request):
        return None
    if filterset is not None:
        # A filter value that names nothing public empties the list, as on the page.
        queryset = filterset.qs if filterset.understood else filterset.queryset.none()
    return _within_download_limit(
        request,
        lambda slot: resource_streaming_response(
            request=request, resource_class=resource_class, queryset=queryset, what=what, slot=slot
        ),
    )


def csv_export_matrix(request, *, table, columns, by_regions):
    """Return the CSV download of the matrix as shown, when asked for."""
    if not csv_requested(request):
        return None

    def build(slot):
        header, rows = matrix_table(table=table, columns=columns, by_regions=by_regions, base_url=base_url(request))
        return csv_streaming_response(
            header=header, rows=rows, what="matrix-regions" if by_regions else "matrix", slot=slot
        )

    return _within_download_limit(request, build)


def csv_export_search(request, *, query, filters, kind):
    """Return the CSV download of a search's matches (not one page), when asked for.

    It holds each type's best backends.CANDIDATES matches, ranked as on the page: every match of a
    type with no more than that; its file name says so, and the page says so when a type has more.
    """
    if not csv_requested(request):
        return None

    def build(slot):
        rows = search_rows(query=query, filters=filters, kind=kind, base_url=base_url(request))
        what = f"search-best-{backends.CANDIDATES}-per-type"
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
