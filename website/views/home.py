"""Site-wide views that span apps: the health check, the language redirect, home, the matrix, the 404 page."""

from collections import defaultdict

from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.trees import Tree
from orgs.models import Organization, Region
from sources.models import Passage, Source
from strategies.models import Evidence, Strategy
from website.csv.views import csv_export_matrix
from website.filters.strategies import MatrixFilter

# A strategy's claims the public may see (the strategy itself is already public).
PUBLIC_CLAIMS = Q(evidence__in=Evidence.objects.published())


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
    return render(request, "404.html", {"error_page": True}, status=404)


@require_safe
def home(request):
    """Show what the knowledge base holds, a search box and the ways in."""
    strategies = Tree(Strategy.objects.published().annotate(claims=Count("evidence", filter=PUBLIC_CLAIMS)))
    counts = {
        "organizations": Organization.objects.published().count(),
        "strategies": len(strategies.nodes),
        "regions": Region.objects.published().count(),
        "sources": Source.objects.published().count(),
        "passages": Passage.objects.published().count(),
        "evidence": Evidence.objects.published().count(),
    }
    categories = [(node, rollup(strategies, node)) for node in sorted(strategies.roots, key=lambda n: n.slug)]
    return render(request, "home.html", {"counts": counts, "categories": categories})


def rollup(tree, node):
    """Return the claims of node and of every node below it."""
    return sum(tree.nodes[pk].claims for pk in tree.subtree_ids(node.pk))


@require_safe
def matrix(request):
    """Cross organizations (or regions) with strategies; each cell counts claims and links to them."""
    filterset = MatrixFilter(request.GET)
    strategies = filterset.tree(Strategy)
    regions = filterset.tree(Region)
    category = filterset.form.cleaned_data.get("strategy") if filterset.understood else None
    columns = sorted(strategies.children.get(category.pk, []) if category else strategies.roots, key=lambda n: n.slug)
    if category and not columns:
        columns = [category]
    column_of = {}
    for column in columns:
        for pk in strategies.subtree_ids(column.pk):
            column_of[pk] = column.pk
    claims = filterset.qs if filterset.understood else filterset.queryset.none()
    by_regions = filterset.rows_choice == MatrixFilter.ROWS_REGIONS
    cells = defaultdict(set)
    disputed = set()
    if by_regions:
        for claim, strategy_id, region_id, status in claims.values_list("pk", "strategy_id", "regions", "status"):
            if status == Evidence.Status.DISPUTED:
                disputed.add(claim)
            if strategy_id not in column_of or region_id not in regions.nodes:
                continue
            for node in [regions.nodes[region_id], *regions.ancestors(region_id)]:
                cells[(node.pk, column_of[strategy_id])].add(claim)
        totals = defaultdict(int)
        for (row, _column), found in cells.items():
            totals[row] += len(found)
        region = filterset.form.cleaned_data.get("region") if filterset.understood else None
        roots = [regions.nodes[region.pk]] if region and region.pk in regions.nodes else None
        rows = [(node, depth) for node, depth in regions.walk(roots) if totals.get(node.pk)]
    else:
        for claim, strategy_id, organization_id, status in claims.values_list(
            "pk", "strategy_id", "organization_id", "status"
        ):
            if status == Evidence.Status.DISPUTED:
                disputed.add(claim)
            if strategy_id in column_of:
                cells[(organization_id, column_of[strategy_id])].add(claim)
        language = translation.get_language()[:2]
        row_ids = {row for row, _column in cells}
        rows = [(org, 0) for org in Organization.objects.filter(pk__in=row_ids).order_by(f"name_{language}", "pk")]
    counts = {key: len(found) for key, found in cells.items()}
    top = max(counts.values(), default=0)
    table = [
        {
            "node": node,
            "depth": depth,
            "cells": [
                {
                    "column": column,
                    "count": counts.get((node.pk, column.pk), 0),
                    "disputed": len(cells.get((node.pk, column.pk), set()) & disputed),
                    "shade": shade(counts.get((node.pk, column.pk), 0), top),
                }
                for column in columns
            ],
        }
        for node, depth in rows
    ]
    if response := csv_export_matrix(request, table=table, columns=columns, by_regions=by_regions):
        return response
    context = {
        "filterset": filterset,
        "columns": columns,
        "table": table,
        "by_regions": by_regions,
        "category": category,
        "category_parent": strategies.parent(category.pk) if category else None,
        "region": filterset.form.cleaned_data.get("region") if filterset.understood else None,
    }
    return render(request, "matrix.html", context)


def shade(count, top):
    """Return the shading step, 0 to 4, of a cell."""
    if not count or not top:
        return 0
    return min(4, 1 + (count * 4 - 1) // top)
