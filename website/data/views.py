"""The data pages: the data dictionary (/<lang>/data/) and the dataset releases (/<lang>/data/releases/)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.csv.streaming import CONTENT_TYPE, CSV, csv_filename
from core.csv.writer import csv_bytes
from website.csv.views import FORMAT_PARAMETER

from . import releases
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


@require_safe
def data_releases(request):
    """List the dataset releases, newest first, with their size, date, checksum and record counts."""
    return render(request, "data/releases.html", {"releases": releases.release_list()})


@require_safe
def data_release_download(request, name):
    """Send one release's zip file; any other name is a 404."""
    release = releases.release_by_name(name)
    if release is None:
        raise Http404(name)
    return releases.release_response(release)
