"""The visual views' requests: the charts' CSV on the home and region pages, the map, the network, the timeline."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.languages import page_language
from orgs.models import Region
from website.caching import cached_per_filters
from website.csv.views import csv_export_table, csv_requested
from website.filters.network import NetworkFilter
from website.filters.strategies import EvidenceFilter

from .charts import status_chart_table, strategy_chart_table
from .maps import map_table, region_claims, world_map
from .network import MAX_NODES, network, network_table
from .timeline import MAX_CLAIMS, grouping, timeline, timeline_claims, timeline_table

# The charts a page with charts offers as CSV: ?format=csv&chart=<name>.
CHART_STRATEGIES = "strategies-by-region"
CHART_STATUS = "claims-by-status"


def chart_csv(request, *, strategies, statuses, region=None):
    """Return the CSV of the chart named by ?chart= when the request asks for CSV; an unknown chart is a 404."""
    if not csv_requested(request):
        return None
    chart = request.GET.get("chart")
    place = f"-{region.slug}" if region else ""
    if chart == CHART_STRATEGIES:
        return csv_export_table(
            request,
            table=lambda base_url: strategy_chart_table(strategies, base_url=base_url),
            what=f"{CHART_STRATEGIES}{place}",
        )
    if chart == CHART_STATUS:
        return csv_export_table(
            request,
            table=lambda base_url: status_chart_table(statuses, base_url=base_url, region=region),
            what=f"{CHART_STATUS}{place}",
        )
    raise Http404("Unknown chart.")


def active_filters(request, filterset):
    """Count the filters the request sets, for the disclosure's summary."""
    return sum(1 for name in filterset.form.fields if request.GET.get(name))


@require_safe
def map_view(request):
    """Show the countries shaded by their public claims (with the evidence list's filters), and the other regions."""
    filterset = EvidenceFilter(request.GET)
    claims = filterset.qs if filterset.understood else filterset.queryset.none()
    regions = filterset.tree(Region)
    counted = cached_per_filters("map-counts", filterset, lambda: region_claims(claims=claims, regions=regions))
    shown = world_map(counted=counted, regions=regions)
    if response := csv_export_table(request, table=lambda base_url: map_table(shown, base_url=base_url), what="map"):
        return response
    context = {"filterset": filterset, "map": shown, "active_filters": active_filters(request, filterset)}
    return render(request, "visuals/map.html", context)


@require_safe
def network_view(request):
    """Show the public relationships as a graph, filtered by kind, organization, region or strategy, capped."""
    filterset = NetworkFilter(request.GET)
    if response := csv_export_table(
        request, table=lambda base_url: network_table(filterset, base_url=base_url), what="network"
    ):
        return response
    context = {
        "filterset": filterset,
        "graph": network(filterset),
        "active_filters": active_filters(request, filterset),
        "max_nodes": MAX_NODES,
    }
    return render(request, "visuals/network.html", context)


@require_safe
def timeline_view(request):
    """Show the claims with a period on a time axis, grouped by strategy or organization, with the evidence filters."""
    filterset = EvidenceFilter(request.GET)
    claims = filterset.qs if filterset.understood else filterset.queryset.none()
    if response := csv_export_table(
        request, table=lambda base_url: timeline_table(claims, base_url=base_url), what="timeline"
    ):
        return response
    by = grouping(request.GET.get("by"))
    rows, total, undated = cached_per_filters(
        f"timeline:{page_language()}:{by}",
        filterset,
        lambda: timeline_claims(claims, by=by),
    )
    context = {
        "filterset": filterset,
        "timeline": timeline(rows, total=total, undated=undated, by=by),
        "active_filters": active_filters(request, filterset),
        "max_claims": MAX_CLAIMS,
    }
    return render(request, "visuals/timeline.html", context)
