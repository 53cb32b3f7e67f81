"""The timeline: claims with a period on a time axis, one lane per strategy or organization.

A claim with a start and no end is still going on: its bar runs to today's edge and fades out
there, with an arrow. Claims without a start are counted and left to the evidence list.
"""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from core.languages import LANGUAGE_CODES, page_language

from .svg import along, coordinate, mirrored

AXIS_WIDTH = 1000
# The lanes drawn at once; the table and the CSV hold them all, the filters narrow the rest.
MAX_CLAIMS = 200
# Round year steps between ticks, the first that gives at most MAX_TICKS intervals.
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
MAX_TICKS = 8
BAR_HEIGHT = 14
BAR_GAP = 6
MIN_BAR = 6

GROUP_STRATEGY = "strategy"
GROUP_ORGANIZATION = "organization"


@dataclass
class Timeline:
    """The lanes ready to draw, the axis' years, and the claims left out."""

    groups: list
    mirrored: bool
    ticks: list
    gridlines: list
    drawn: int
    total: int
    undated: int
    by: str

    @property
    def left_out(self):
        return self.total - self.drawn


def grouping(value):
    """Return the grouping asked for: strategy (the default) or organization."""
    return GROUP_ORGANIZATION if value == GROUP_ORGANIZATION else GROUP_STRATEGY


def other_grouping(by):
    """Return the grouping a bar names beside its lane's: the organization in a strategy's lane, and back."""
    return GROUP_ORGANIZATION if by == GROUP_STRATEGY else GROUP_STRATEGY


def _axis(first, last):
    """Return (first year, last year, step) of an axis from round year steps covering first..last."""
    span = max(1, last - first + 1)
    step = next((s for s in TICK_STEPS if math.ceil(span / s) <= MAX_TICKS), TICK_STEPS[-1])
    start = first // step * step
    end = max(start + step, -(-(last + 1) // step) * step)
    return start, end, step


def _arrow(top):
    """Return the path of the arrow at the open end of a bar: the right edge, the left one on right-to-left pages."""
    tip = along(AXIS_WIDTH, 0, AXIS_WIDTH)
    back = along(AXIS_WIDTH - 14, 0, AXIS_WIDTH)
    return (
        f"M{coordinate(tip)} {coordinate(top + BAR_HEIGHT / 2)}L{coordinate(back)} {coordinate(top - 2)}"
        f"L{coordinate(back)} {coordinate(top + BAR_HEIGHT + 2)}Z"
    )


def timeline_claims(claims, *, by):
    """Return (the claims to draw, in lane order, the dated claims' count, the undated claims' count) (2 queries).

    The lanes' order is by the names in the page's language: kept in the cache, the result is per language.
    """
    dated = claims.filter(period_start__isnull=False)
    counted = claims.aggregate(
        total=Count("pk", filter=Q(period_start__isnull=False)),
        undated=Count("pk", filter=Q(period_start__isnull=True)),
    )
    total, undated = counted["total"], counted["undated"]
    other = other_grouping(by)
    name = f"name_{page_language()}"
    # A bar shows dates, a status and two names with their links: the long texts stay in the database (the
    # sort carries every selected column of every dated claim).
    named = ("slug", *(f"name_{code}" for code in LANGUAGE_CODES))
    rows = list(
        dated.select_related("organization", "strategy")
        .only(
            "status",
            "period_start",
            "period_end",
            "organization",
            "strategy",
            *(f"{end}__{field}" for end in (GROUP_ORGANIZATION, GROUP_STRATEGY) for field in named),
        )
        .order_by(f"{by}__{name}", f"{by}_id", "period_start", f"{other}__{name}", "pk")[:MAX_CLAIMS]
    )
    return rows, total, undated


def timeline(rows, *, total, undated, by):
    """Lay out the claims of timeline_claims() in lanes (no query)."""
    other = other_grouping(by)
    today = timezone.localdate()
    if not rows:
        return Timeline(
            groups=[], mirrored=mirrored(), ticks=[], gridlines=[], drawn=0, total=total, undated=undated, by=by
        )
    first = min(claim.period_start.year for claim in rows)
    last = max(max(claim.period_end or today, claim.period_start).year for claim in rows)
    start, end, step = _axis(first, last)
    origin = datetime.date(start, 1, 1).toordinal()
    days = datetime.date(end, 1, 1).toordinal() - origin

    def position(day):
        return AXIS_WIDTH * (day.toordinal() - origin) / days

    groups, current = [], None
    for claim in rows:
        record = getattr(claim, by)
        if current is None or current["record"].pk != record.pk:
            current = {"record": record, "bars": []}
            groups.append(current)
        begin = position(claim.period_start)
        open_ended = claim.period_end is None
        finish = AXIS_WIDTH if open_ended else position(claim.period_end)
        width = max(MIN_BAR, finish - begin)
        index = len(current["bars"])
        current["bars"].append(
            {
                "claim": claim,
                "other": getattr(claim, other),
                "x": coordinate(along(begin, width, AXIS_WIDTH)),
                "y": coordinate(BAR_GAP / 2 + index * (BAR_HEIGHT + BAR_GAP)),
                "width": coordinate(width),
                "open": open_ended,
                "arrow": _arrow(BAR_GAP / 2 + index * (BAR_HEIGHT + BAR_GAP)) if open_ended else "",
            }
        )
    for group in groups:
        group["height"] = len(group["bars"]) * (BAR_HEIGHT + BAR_GAP)
    years = list(range(start, end + 1, step))
    gridlines = [coordinate(along(position(datetime.date(year, 1, 1)), 0, AXIS_WIDTH)) for year in years]
    return Timeline(
        mirrored=mirrored(),
        groups=groups,
        ticks=years,
        gridlines=gridlines,
        drawn=len(rows),
        total=total,
        undated=undated,
        by=by,
    )


def timeline_table(claims, *, base_url):
    """Return (header, rows) of the timeline's CSV: every filtered claim with a start, in both languages."""
    header = ["id", "url", "status", "period_start", "period_end"]
    for end in ("organization", "strategy"):
        header += [f"{end}_slug", *[f"{end}_name_{code}" for code in LANGUAGE_CODES]]

    def rows():
        dated = claims.filter(period_start__isnull=False).select_related("organization", "strategy")
        for claim in dated.order_by("period_start", "pk").iterator(chunk_size=2000):
            row = [claim.pk, base_url + claim.get_absolute_url(), claim.status, claim.period_start, claim.period_end]
            for record in (claim.organization, claim.strategy):
                row += [record.slug, *[getattr(record, f"name_{code}") for code in LANGUAGE_CODES]]
            yield row

    return header, rows()
