"""`format=csv` on any public list: the same rows, the same filters, every page, as a CSV download."""

from .streaming import csv_streaming_response, resource_streaming_response

FORMAT_PARAMETER = "format"


def csv_requested(request):
    """Say whether the request asks for the CSV download of the list."""
    return request.GET.get(FORMAT_PARAMETER) == "csv"


def csv_export(request, *, queryset, resource_class, what):
    """Return the CSV download of a list's filtered queryset when asked for, else None.

    Use at the top of a list view: `if response := csv_export(request, ...): return response`.
    """
    if not csv_requested(request):
        return None
    return resource_streaming_response(request=request, resource_class=resource_class, queryset=queryset, what=what)


def csv_export_rows(request, *, header, rows, what):
    """Return the CSV download of already computed rows (a matrix, search results) when asked for."""
    if not csv_requested(request):
        return None
    return csv_streaming_response(header=header, rows=rows, what=what)
