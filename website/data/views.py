"""The data pages: the data dictionary (/<lang>/data/)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.csv.streaming import CONTENT_TYPE, CSV, csv_filename
from core.csv.writer import csv_bytes
from website.csv.views import FORMAT_PARAMETER

from .dictionary import DICTIONARY_HEADER, dictionary_rows, sections


@require_safe
def data_dictionary(request):
    """List every export column and API field with its meaning, type and allowed values; or the same as CSV."""
    fmt = request.GET.get(FORMAT_PARAMETER)
    if fmt == CSV:
        response = HttpResponse(csv_bytes(header=DICTIONARY_HEADER, rows=dictionary_rows()), content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{csv_filename("data-dictionary")}"'
        return response
    if fmt:
        raise Http404(fmt)
    return render(request, "data/dictionary.html", {"sections": sections()})
