"""Bar charts of the public claims: strategies by region (stacked bars) and claims by status.

Counting (one query each) is apart from drawing (no query), so the home page can keep the counts
in its cache while the bars, their links and their direction follow each request's language.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.languages import LANGUAGE_CODES, pick
from strategies.models import Evidence
from website.pages import list_url

from .counting import claims_in_groups
from .svg import PALETTE_SIZE, along, coordinate

# The bars' own coordinate space: each bar is an SVG of this width, stretched to its box.
BAR_WIDTH = 1000
# Reported in the first colour, corroborated in green, disputed in orange (site.css fill-*).
STATUS_SHADES = {Evidence.Status.REPORTED: 0, Evidence.Status.CORROBORATED: 2, Evidence.Status.DISPUTED: 1}
# More rows would make a chart nobody reads; the table and the CSV still hold every row.
MAX_ROWS = 30


@dataclass
class StrategyCounts:
    """Public claims per region (a row) and strategy category (a column); a claim counts once per cell."""

    rows: list
    categories: list
    counts: dict


@dataclass
class Segment:
    """One mark of a bar: its share, its colour class, its link and what it says."""

    count: int
    x: str
    width: str
    shade: int
    url: str
    label: str


@dataclass
class Row:
    """One bar: a record (or a label), its total, its marks and its cells for the table."""

    url: str
    total: int
    segments: list
    cells: list
    node: object = None
    label: str = ""


@dataclass
class Chart:
    """A chart ready to draw: its columns (the legend), its rows, and how many rows were left out."""

    columns: list
    rows: list
    left_out: int = 0
    every_row: list = field(default_factory=list)


def count_strategies_by_region(*, claims, regions, strategies, rows):
    """Count the claims of each strategy category in each row region and the regions inside it (1 query)."""
    categories = sorted(strategies.roots, key=lambda node: node.slug)
    if not rows or not categories:
        return StrategyCounts(rows=list(rows), categories=categories, counts={})
    counts = claims_in_groups(
        claims,
        {node.pk: sorted(regions.subtree_ids(node.pk)) for node in rows},
        {root.pk: sorted(strategies.subtree_ids(root.pk)) for root in categories},
    )
    return StrategyCounts(rows=list(rows), categories=categories, counts=counts)


def count_by_strategy_and_status(claims):
    """Return ({strategy id: claims}, {status: claims}) of the claims, from one grouped query."""
    by_strategy, by_status = Counter(), Counter()
    for strategy, status, n in claims.order_by().values_list("strategy_id", "status").annotate(n=Count("pk")):
        by_strategy[strategy] += n
        by_status[status] += n
    return by_strategy, dict(by_status)


def top_regions(regions):
    """Return the regions a whole-site chart compares: the world's parts, or the roots when there is no one world."""
    roots = regions.roots
    if len(roots) == 1 and regions.children.get(roots[0].pk):
        return list(regions.children[roots[0].pk])
    return list(roots)


def _bar(parts, top):
    """Lay out a bar's (count, shade, url, label) parts from the start edge; top is the longest bar's total."""
    segments, x = [], 0.0
    for count, shade, url, label in parts:
        if not count:
            continue
        width = BAR_WIDTH * count / top
        segments.append(
            Segment(
                count=count,
                x=coordinate(along(x, width, BAR_WIDTH)),
                width=coordinate(width),
                shade=shade,
                url=url,
                label=label,
            )
        )
        x += width
    return segments


def strategy_chart(counted, *, kind=None):
    """Draw strategies by region: a stacked bar per region, a colour per strategy category, each mark a link."""
    totals = {category.pk: 0 for category in counted.categories}
    for (_row, category), count in counted.counts.items():
        totals[category] += count
    used = sorted((c for c in counted.categories if totals[c.pk]), key=lambda c: (-totals[c.pk], c.slug))
    # Past the palette, the smallest categories share one colour as "other strategies".
    named = used if len(used) <= PALETTE_SIZE else used[: PALETTE_SIZE - 1]
    others = used[len(named) :]
    columns = [
        {"node": category, "shade": shade, "url": category.get_absolute_url(), "label": ""}
        for shade, category in enumerate(named)
    ]
    if others:
        columns.append({"node": None, "shade": PALETTE_SIZE - 1, "url": "", "label": _("Other strategies")})
    bars = []
    for node in counted.rows:
        cells = [counted.counts.get((node.pk, c.pk), 0) for c in named]
        if others:
            cells.append(sum(counted.counts.get((node.pk, c.pk), 0) for c in others))
        if sum(cells):
            bars.append((node, cells))
    bars.sort(key=lambda bar: (-sum(bar[1]), bar[0].slug))
    top = max((sum(cells) for _node, cells in bars), default=0)
    rows = []
    for node, cells in bars:
        parts = []
        for column, count in zip(columns, cells, strict=True):
            strategy = column["node"].slug if column["node"] else None
            name = pick(column["node"], "name")[0] if column["node"] else str(column["label"])
            label = f"{pick(node, 'name')[0]}: {name}"
            parts.append(
                (
                    count,
                    column["shade"],
                    list_url("evidence-list", region=node.slug, strategy=strategy, kind=kind),
                    label,
                )
            )
        rows.append(
            Row(node=node, url=node.get_absolute_url(), total=sum(cells), segments=_bar(parts, top), cells=cells)
        )
    return Chart(columns=columns, rows=rows[:MAX_ROWS], left_out=max(0, len(rows) - MAX_ROWS), every_row=rows)


def status_chart(counts, *, region=None):
    """Draw claims by status: one bar per status, each a link to those claims in the evidence list."""
    top = max(counts.values(), default=0)
    rows = []
    columns = []
    for status, label in Evidence.Status.choices:
        shade = STATUS_SHADES[status]
        count = counts.get(status, 0)
        url = list_url("evidence-list", status=status, region=region and region.slug)
        columns.append({"node": None, "shade": shade, "url": url, "label": label})
        segments = _bar([(count, shade, url, str(label))], top) if top else []
        rows.append(Row(label=label, url=url, total=count, segments=segments, cells=[count]))
    return Chart(columns=columns, rows=rows, every_row=rows)


def strategy_chart_table(counted, *, base_url):
    """Return (header, rows) of the strategies-by-region CSV: every category of every row, as counted."""
    header = ["kind", "id", "slug", "url", "name_ar", "name_en", *[c.slug for c in counted.categories], "total"]
    lines = []
    for node in counted.rows:
        cells = [counted.counts.get((node.pk, c.pk), 0) for c in counted.categories]
        if sum(cells):
            lines.append(
                [
                    "region",
                    node.pk,
                    node.slug,
                    base_url + node.get_absolute_url(),
                    node.name_ar,
                    node.name_en,
                    *cells,
                    sum(cells),
                ]
            )
    return header, lines


def status_chart_table(counts, *, base_url, region=None):
    """Return (header, rows) of the claims-by-status CSV: each status named in both languages."""
    header = ["status", *[f"label_{code}" for code in LANGUAGE_CODES], "claims", "url"]
    lines = []
    for status, label in Evidence.Status.choices:
        names = []
        for code in LANGUAGE_CODES:
            with translation.override(code):
                names.append(str(label))
        url = base_url + list_url("evidence-list", status=status, region=region and region.slug)
        lines.append([status, *names, counts.get(status, 0), url])
    return header, lines
