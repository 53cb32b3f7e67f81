"""The search page: /<lang>/search/?q=...&type=...&region=...&strategy=...&source=...&page=..."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.filters import NAME_MAX_LENGTH
from core.languages import page_language
from core.search import backends
from core.search.query import MAX_QUERY_LENGTH, parse_query
from orgs.models import Region
from strategies.models import Strategy
from website.caching import cached_until_change
from website.citations import search_citations
from website.csv.views import csv_export_search
from website.templatetags.site import trtext

from .service import KINDS, PER_PAGE, search_everything


def _choices(model, field):
    """Return [(slug, name)] of model's public records for a filter's options, kept until a record changes.

    Building and rendering 450 records' options on every search cost about 10 ms at the benchmark's scale.
    """
    language = page_language()

    def read():
        records = model.objects.published().order_by(f"{field}_{language}", "pk")
        return [(record.slug, trtext(record, field)) for record in records.only("slug", f"{field}_ar", f"{field}_en")]

    return cached_until_change(f"search-choices:{model._meta.label}:{language}", read)


@require_safe
def search(request):
    """Search the whole knowledge base; an empty query shows how to search."""
    raw = request.GET.get("q", "")
    parsed = parse_query(raw)
    filters = {key: request.GET.get(key, "") for key in ("region", "strategy", "source")}
    kind = request.GET.get("type", "")
    if response := csv_export_search(request, query=parsed, filters=filters, kind=kind):
        return response
    if response := search_citations(request, query=parsed, filters=filters, kind=kind):
        return response
    results = search_everything(
        query=parsed, filters=filters, page=request.GET.get("page", 1), kind=request.GET.get("type", "")
    )
    if results.page > 1 and not results.hits:
        # Past the last page of results, as on every list: the page would say that nothing matches.
        raise Http404("No such page of results.")
    tabs = [(kind, results.counts.get(kind.key, 0)) for kind in KINDS]
    context = {
        "q": parsed.text,
        "parsed": parsed,
        "results": results,
        "tabs": tabs,
        "filters": filters,
        "active_filters": sum(1 for value in filters.values() if value),
        "regions": _choices(Region, "name"),
        "strategies": _choices(Strategy, "name"),
        "max_length": MAX_QUERY_LENGTH,
        "name_max_length": NAME_MAX_LENGTH,
        "candidates": backends.CANDIDATES,
        "first": (results.page - 1) * PER_PAGE + 1,
    }
    return render(request, "search/search.html", context)
