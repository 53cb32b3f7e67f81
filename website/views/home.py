"""Site-wide views that span apps: the health check, the language redirect, home, the matrix, the 404 page."""

from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from website.caching import cached_per_filters
from website.csv.views import csv_export_matrix
from website.filters.strategies import MatrixFilter
from website.matrix import as_row
from website.matrix import matrix as matrix_of
from website.pages import paginate
from website.summary import summary
from website.visuals.charts import status_chart, strategy_chart
from website.visuals.views import chart_csv


@require_safe
@never_cache
def healthz(request):
    """Answer 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def root(request):
    """Send / to the site in the browser's language, Arabic when it is unknown."""
    language = translation.get_language_from_request(request)
    response = HttpResponseRedirect(f"/{language}/")
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def page_not_found(request, exception):
    """Answer 404 with a page that repeats nothing of the request's address or query."""
    # A hidden record's address must read like one that never existed, and an error page
    # should not reflect what a link-crafter put in the URL; the language switch goes home.
    if request.path.startswith("/api/"):
        # An API client reads JSON, as every other API answer is.
        return JsonResponse({"detail": _("Not found.")}, status=404, json_dumps_params={"ensure_ascii": False})
    return render(request, "404.html", {"error_page": True}, status=404)


@require_safe
def home(request):
    """Show what the knowledge base holds, a search box and the ways in."""
    counts, categories, charted = summary()
    if response := chart_csv(request, strategies=charted["regions"], statuses=charted["status"]):
        return response
    charts = {"regions": strategy_chart(charted["regions"]), "status": status_chart(charted["status"])}
    return render(request, "home.html", {"counts": counts, "categories": categories, "charts": charts})


@require_safe
def matrix(request):
    """Cross organizations (or regions) with strategies; each cell counts claims and links to them."""
    filterset = MatrixFilter(request.GET)
    shown = matrix_of(filterset)
    if response := csv_export_matrix(
        request, table=shown.every_row(), columns=shown.columns, by_regions=shown.by_regions
    ):
        return response
    # The page counts its own rows only; the download above holds them all. Counting the organizations
    # with a claim costs about 100 ms at the benchmark's scale: the number is kept per filter value.
    count = len(shown.rows) if shown.by_regions else cached_per_filters("matrix-rows", filterset, shown.rows.count)
    page = paginate(request, shown.rows, count=count)
    table = shown.table([as_row(row) for row in page.object_list])
    return render(request, "matrix.html", {"filterset": filterset, "matrix": shown, "page": page, "table": table})
