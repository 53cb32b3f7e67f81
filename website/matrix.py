"""The matrix: organizations or regions crossed with strategies, each cell counting public claims."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.languages import LANGUAGE_CODES, page_language
from orgs.models import Organization, Region
from strategies.models import Evidence, Strategy
from website.filters.strategies import REGION_NOT_GIVEN, MatrixFilter
from website.pages import list_url


@dataclass
class Matrix:
    """A matrix ready to show: column strategies with their links, rows with their cells' counts and links."""

    columns: list
    headers: list
    table: list
    by_regions: bool
    category: Strategy | None
    category_parent: Strategy | None
    region: Region | None
    up_url: str


def _query(*pairs):
    """Return "?a=1&b=2" of the pairs whose value is set."""
    return "?" + urlencode([(key, value) for key, value in pairs if value])


def shade(count, top):
    """Return the shading step, 0 to 4, of a cell."""
    if not count or not top:
        return 0
    return min(4, 1 + (count * 4 - 1) // top)


@dataclass
class RegionNotGiven:
    """The row of the claims that name no public region, named in both languages like a region."""

    name_ar: str
    name_en: str
    url: str
    pk = None
    slug = ""

    def get_absolute_url(self):
        return self.url


def region_not_given(kind):
    """Return the "region not given" row, linking to its claims in the evidence list."""
    names = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            names[f"name_{code}"] = str(_("Region not given"))
    return RegionNotGiven(**names, url=list_url("evidence-list", region_given=REGION_NOT_GIVEN, kind=kind))


def _cells_by_regions(claims, column_of, regions):
    """Return ({(region, column): claims}, disputed claims), a claim counting in its regions and those above.

    A claim that names no public region counts in the row None, so every claim is counted somewhere.
    """
    cells, disputed, placed, columns = defaultdict(set), set(), set(), {}
    for claim, strategy_id, region_id, status in claims.values_list("pk", "strategy_id", "regions", "status"):
        if status == Evidence.Status.DISPUTED:
            disputed.add(claim)
        if strategy_id not in column_of:
            continue
        columns[claim] = column_of[strategy_id]
        if region_id not in regions.nodes:
            continue
        placed.add(claim)
        for node in [regions.nodes[region_id], *regions.ancestors(region_id)]:
            cells[(node.pk, column_of[strategy_id])].add(claim)
    for claim, column in columns.items():
        if claim not in placed:
            cells[(None, column)].add(claim)
    return cells, disputed


def _cells_by_organizations(claims, column_of):
    """Return ({(organization, column): claims}, disputed claims)."""
    cells, disputed = defaultdict(set), set()
    for claim, strategy_id, organization_id, status in claims.values_list(
        "pk", "strategy_id", "organization_id", "status"
    ):
        if status == Evidence.Status.DISPUTED:
            disputed.add(claim)
        if strategy_id in column_of:
            cells[(organization_id, column_of[strategy_id])].add(claim)
    return cells, disputed


def matrix(filterset):
    """Count the filtered public claims per row and column strategy (a column counts its sub-strategies)."""
    understood = filterset.understood
    strategies = filterset.tree(Strategy)
    regions = filterset.tree(Region)
    category = filterset.form.cleaned_data.get("strategy") if understood else None
    region = filterset.form.cleaned_data.get("region") if understood else None
    kind = filterset.form.cleaned_data.get("kind") if understood else None
    columns = sorted(strategies.children.get(category.pk, []) if category else strategies.roots, key=lambda n: n.slug)
    if category and not columns:
        columns = [category]
    column_of = {pk: column.pk for column in columns for pk in strategies.subtree_ids(column.pk)}
    claims = filterset.qs if understood else filterset.queryset.none()
    by_regions = filterset.rows_choice == MatrixFilter.ROWS_REGIONS
    by = "regions" if by_regions else ""
    if by_regions:
        cells, disputed = _cells_by_regions(claims, column_of, regions)
        totals = defaultdict(int)
        for (row, _column), found in cells.items():
            totals[row] += len(found)
        roots = [regions.nodes[region.pk]] if region and region.pk in regions.nodes else None
        rows = [(node, depth) for node, depth in regions.walk(roots) if totals.get(node.pk)]
        if totals.get(None):
            rows.append((region_not_given(kind), 0))
    else:
        cells, disputed = _cells_by_organizations(claims, column_of)
        row_ids = {row for row, _column in cells}
        rows = [
            (organization, 0)
            for organization in Organization.objects.filter(pk__in=row_ids).order_by(f"name_{page_language()}", "pk")
        ]
    counts = {key: len(found) for key, found in cells.items()}
    top = max(counts.values(), default=0)

    def cell_url(node, column):
        if by_regions and node.pk is None:
            return list_url("evidence-list", region_given=REGION_NOT_GIVEN, strategy=column.slug, kind=kind)
        if by_regions:
            return list_url("evidence-list", region=node.slug, strategy=column.slug, kind=kind)
        return list_url(
            "evidence-list", organization=node.slug, region=region and region.slug, strategy=column.slug, kind=kind
        )

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
                    "url": cell_url(node, column) if (node.pk, column.pk) in counts else "",
                }
                for column in columns
            ],
        }
        for node, depth in rows
    ]
    headers = [
        {
            "node": column,
            "url": _query(("by", by), ("strategy", column.slug), ("region", region and region.slug), ("kind", kind)),
        }
        for column in columns
    ]
    category_parent = strategies.parent(category.pk) if category else None
    return Matrix(
        columns=columns,
        headers=headers,
        table=table,
        by_regions=by_regions,
        category=category,
        category_parent=category_parent,
        region=region,
        up_url=_query(("by", by), ("strategy", category_parent and category_parent.slug)),
    )
