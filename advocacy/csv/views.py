"""`format=csv` on any public list: the same rows, the same filters, every page, as a CSV download.

Each list view calls one of these first; they return None unless the request asks for CSV:

    if response := csv_export(request, filterset=filterset, resource_class=OrganizationResource,
                              what="organizations"):
        return response
"""

from .streaming import csv_streaming_response, resource_streaming_response
from .tables import SEARCH_HEADER, matrix_table, search_rows

FORMAT_PARAMETER = "format"


def csv_requested(request):
    """Say whether the request asks for the CSV download of the list."""
    return request.GET.get(FORMAT_PARAMETER) == "csv"


def base_url(request):
    """Return scheme and host of the request, for the absolute URLs in the rows."""
    return request.build_absolute_uri("/").rstrip("/")


def csv_export(request, *, resource_class, what, queryset=None, filterset=None):
    """Return the CSV download of a list (a queryset, or a FilterSet's filtered rows) when asked for."""
    if not csv_requested(request):
        return None
    if filterset is not None:
        # A filter value that names nothing public empties the list, as on the page.
        queryset = filterset.qs if filterset.understood else filterset.queryset.none()
    return resource_streaming_response(request=request, resource_class=resource_class, queryset=queryset, what=what)


def csv_export_matrix(request, *, table, columns, by_regions):
    """Return the CSV download of the matrix as shown, when asked for."""
    if not csv_requested(request):
        return None
    header, rows = matrix_table(table=table, columns=columns, by_regions=by_regions, base_url=base_url(request))
    return csv_streaming_response(header=header, rows=rows, what="matrix-regions" if by_regions else "matrix")


def csv_export_search(request, *, query, filters, kind):
    """Return the CSV download of every match of a search (not one page), when asked for."""
    if not csv_requested(request):
        return None
    rows = search_rows(query=query, filters=filters, kind=kind, base_url=base_url(request))
    return csv_streaming_response(header=SEARCH_HEADER, rows=rows, what="search")
