"""The matrix: organizations or regions crossed with strategies, each cell counting public claims.

Organizations: the rows are cheap to list in name order and the cells are counted for the rows asked
for only, in grouped queries: the page counts its own rows, a download counts every row a chunk at a
time, so neither grows in memory with the number of claims. Regions (at most the tree's size): the
rows and every cell are counted at once (`region_matrix`) and kept in the cache per filter value until
a record changes.
"""

from collections import defaultdict
from dataclasses import dataclass
from itertools import batched

from django.db.models import Count, Q
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.languages import LANGUAGE_CODES, page_language
from orgs.models import Organization, Region
from strategies.models import Evidence, Strategy
from website.caching import cached_per_filters
from website.filters.strategies import REGION_NOT_GIVEN, MatrixFilter
from website.pages import list_url
from website.visuals.counting import claims_in_groups

# The rows a download counts at a time.
DOWNLOAD_CHUNK = 500


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


def _fold(grouped, column_of):
    """Return ({(row, column): claims}, {(row, column): disputed}) from per-strategy (row, strategy, n, disputed)."""
    counts, disputed = defaultdict(int), defaultdict(int)
    for row, strategy_id, found, flagged in grouped:
        # A claim has one strategy, so the sums over a column's strategies count each claim once.
        counts[(row, column_of[strategy_id])] += found
        disputed[(row, column_of[strategy_id])] += flagged
    return counts, disputed


def _per_strategy(claims, row_field=None):
    """Return (row, strategy, claims, disputed) of claims grouped by row_field (None: one row) and strategy."""
    fields = [row_field] if row_field else []
    grouped = (
        claims.order_by()
        .values(*fields, "strategy_id")
        .annotate(found=Count("pk"), flagged=Count("pk", filter=Q(status=Evidence.Status.DISPUTED)))
    )
    for values in grouped:
        yield values[row_field] if row_field else None, values["strategy_id"], values["found"], values["flagged"]


@dataclass
class Matrix:
    """A matrix's columns, its rows (listed, not yet counted) and the links around it; table() counts some rows."""

    columns: list
    headers: list
    rows: object
    by_regions: bool
    category: Strategy | None
    category_parent: Strategy | None
    region: Region | None
    kind: str | None
    up_url: str
    claims: object
    column_of: dict
    regions: object
    # By regions: ({(region id or None, column): claims}, {... : disputed}) of every row, counted beforehand.
    region_counts: tuple = ({}, {})

    def _cell_url(self, node, column):
        if self.by_regions and node.pk is None:
            return list_url("evidence-list", region_given=REGION_NOT_GIVEN, strategy=column.slug, kind=self.kind)
        if self.by_regions:
            return list_url("evidence-list", region=node.slug, strategy=column.slug, kind=self.kind)
        return list_url(
            "evidence-list",
            organization=node.slug,
            region=self.region and self.region.slug,
            strategy=column.slug,
            kind=self.kind,
        )

    def _counts(self, nodes):
        """Return the claims and disputed claims per (row, column) of these rows (by organizations: 1 grouped query)."""
        if not self.by_regions:
            claims = self.claims.filter(organization_id__in=[node.pk for node in nodes])
            return _fold(_per_strategy(claims, "organization_id"), self.column_of)
        shown = {node.pk for node in nodes}
        return tuple({key: n for key, n in found.items() if key[0] in shown} for found in self.region_counts)

    def table(self, rows):
        """Return rows, a list of (node, depth), with their cells counted, shaded and linked.

        The shading is relative to the darkest cell among these rows.
        """
        counts, disputed = self._counts([node for node, _depth in rows])
        top = max(counts.values(), default=0)
        return [
            {
                "node": node,
                "depth": depth,
                "cells": [
                    {
                        "column": column,
                        "count": counts.get((node.pk, column.pk), 0),
                        "disputed": disputed.get((node.pk, column.pk), 0),
                        "shade": shade(counts.get((node.pk, column.pk), 0), top),
                        "url": self._cell_url(node, column) if counts.get((node.pk, column.pk)) else "",
                    }
                    for column in self.columns
                ],
            }
            for node, depth in rows
        ]

    def every_row(self):
        """Yield every row's table entry in order, counted DOWNLOAD_CHUNK rows at a time (a download)."""
        rows = self.rows.iterator(chunk_size=DOWNLOAD_CHUNK) if not self.by_regions else self.rows
        for chunk in batched(rows, DOWNLOAD_CHUNK):
            yield from self.table([as_row(row) for row in chunk])


def as_row(row):
    """Return a row of Matrix.rows as (node, depth): an organization sits at depth 0."""
    return row if isinstance(row, tuple) else (row, 0)


def region_matrix(claims, regions, region, column_of):
    """Count the regions matrix: ([(region id, depth)] of the rows that count a claim in the tree's order, whether
    some claims name no public region, and the claims and disputed claims per (region id or None, column)).

    Ids and numbers only, so the result can be kept in the cache and serve both languages (4 or 5 queries).
    """
    tagged = {pk for pk in claims.order_by().values_list("regions", flat=True).distinct() if pk in regions.nodes}
    counted = set(tagged)
    for pk in tagged:
        counted.update(node.pk for node in regions.ancestors(pk))
    roots = [regions.nodes[region.pk]] if region and region.pk in regions.nodes else None
    rows = [(node.pk, depth) for node, depth in regions.walk(roots) if node.pk in counted]
    columns = defaultdict(list)
    for strategy_id, column in column_of.items():
        columns[column].append(strategy_id)
    groups = {pk: sorted(regions.subtree_ids(pk)) for pk in {pk for pk, _depth in rows}}
    counts = claims_in_groups(claims, groups, columns)
    disputed = claims_in_groups(claims.filter(status=Evidence.Status.DISPUTED), groups, columns)
    placed = Evidence.objects.filter(regions__in=list(regions.nodes)).values("pk")
    unplaced = _fold(_per_strategy(claims.exclude(pk__in=placed)), column_of)
    counts.update(unplaced[0])
    disputed.update(unplaced[1])
    return rows, bool(unplaced[0]), (counts, disputed)


def matrix(filterset):
    """Return the filtered matrix: its columns (a column counts its sub-strategies) and its rows, uncounted.

    The rows are the organizations (or regions) with a counted claim: organizations as a queryset in
    name order, regions as a list of (region, depth); Matrix.table() counts the rows a page shows.
    """
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
    claims = claims.filter(strategy_id__in=sorted(column_of))
    by_regions = filterset.rows_choice == MatrixFilter.ROWS_REGIONS
    by = "regions" if by_regions else ""
    region_counts = ({}, {})
    if by_regions:
        ids, unplaced, region_counts = cached_per_filters(
            "matrix-regions",
            filterset,
            lambda: region_matrix(claims, regions, region, column_of),
        )
        rows = [(regions.nodes[pk], depth) for pk, depth in ids]
        if unplaced:
            rows.append((region_not_given(kind), 0))
    else:
        # A row shows a name and a link only: the long texts and search columns stay in the database.
        rows = (
            Organization.objects.filter(pk__in=claims.order_by().values("organization_id"))
            .only("slug", *(f"name_{code}" for code in LANGUAGE_CODES))
            .order_by(f"name_{page_language()}", "pk")
        )
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
        rows=rows,
        by_regions=by_regions,
        category=category,
        category_parent=category_parent,
        region=region,
        kind=kind,
        up_url=_query(("by", by), ("strategy", category_parent and category_parent.slug)),
        claims=claims,
        column_of=column_of,
        regions=regions,
        region_counts=region_counts,
    )
