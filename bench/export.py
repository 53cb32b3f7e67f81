"""Export benchmark: the public sources CSV (one row per passage), streamed as the site streams it.

Reports rows per second over every public passage, how much the process's peak RSS grew while
exporting, and the Python allocation peak (tracemalloc) for a small and a ten times larger export.
"""

import resource
import time
import tracemalloc

from django.test import RequestFactory
from django.utils import translation

from core.csv.streaming import resource_streaming_response
from sources.models import Source
from sources.resources import SourceResource


def _download(queryset):
    request = RequestFactory().get("/en/sources/?format=csv", HTTP_HOST="localhost")
    response = resource_streaming_response(
        request=request, resource_class=SourceResource, queryset=queryset, what="sources"
    )
    rows = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        rows += chunk.count(b"\r\n")
    return rows - 1, size


def _peak(queryset):
    tracemalloc.start()
    try:
        rows, size = _download(queryset)
        return rows, size, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(log=print):
    """Measure the streamed CSV export of the public sources with their passages."""
    log("export: public sources CSV, one row per passage (the site's code path, server-side cursor)")
    with translation.override("en"):
        sources = Source.objects.published().order_by("pk")
        pks = list(sources.values_list("pk", flat=True)[:200])
        for count in (20, 200):
            rows, size, peak = _peak(Source.objects.filter(pk__in=pks[:count]))
            log(f"  {count} sources: {rows:,} rows, {size / 1e6:.1f} MB of CSV, Python peak {peak / 1e6:.1f} MB")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        rows, size = _download(sources)
        seconds = time.perf_counter() - start
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        log(
            f"  every public passage: {rows:,} rows, {size / 1e6:.0f} MB in {seconds:.1f} s "
            f"({rows / seconds:,.0f} rows/s); peak RSS grew by {grown / 1024:.1f} MB"
        )
