"""Pages through HTTP whatever the data size (issue 10, item 3), and the search-and-list throughput.

Each page is requested after one warm-up; a list is measured at its first and its last page, so a
cost that grows with the page number shows. The throughput run sends the search-and-list mix from
several client threads for a fixed time and counts requests per second, p95 and errors.
"""

import random

from django.db.models import Count
from django.test import Client
from django.utils import translation

from orgs.models import Organization
from sources.models import Source
from strategies.models import Evidence
from website.pages import PAGE_SIZE

from . import percentiles
from .explain import why
from .server import load

TARGET_P95_MS = 250
TARGET_MATRIX_MS = 300
# The drawn views (issue 12): the map, the network, the timeline, each under 300 ms at this scale.
TARGET_VISUAL_MS = 300
VISUALS = ("map", "network", "timeline")
# A list's last page may cost this many times its first before it counts as growing with the data.
TARGET_GROWTH = 2.0
TARGET_THROUGHPUT = 60


def last_page(count):
    return max(1, (count + PAGE_SIZE - 1) // PAGE_SIZE)


def page_set():
    """Return (label, path, first-page path or None) of every page measured."""
    organizations = Organization.objects.published()
    busiest = (
        organizations.annotate(claims=Count("evidence"))
        .order_by("-claims", "pk")
        .values_list("slug", flat=True)
        .first()
    )
    typical = organizations.order_by("pk").values_list("slug", flat=True)[organizations.count() // 2]
    source = Source.objects.published().order_by("pk").first()
    shown = source.passages.filter(published=True, sensitive=False).count()
    source = source.slug
    pages = [
        ("home", "/en/", None),
        ("home (Arabic)", "/ar/", None),
        ("organizations, page 1", "/en/organizations/", None),
        (
            "organizations, last page",
            f"/en/organizations/?page={last_page(organizations.count())}",
            "/en/organizations/",
        ),
        ("sources, page 1", "/en/sources/", None),
        ("sources, last page", f"/en/sources/?page={last_page(Source.objects.published().count())}", "/en/sources/"),
        ("evidence, page 1", "/en/evidence/", None),
        (
            "evidence, last page",
            f"/en/evidence/?page={last_page(Evidence.objects.published().count())}",
            "/en/evidence/",
        ),
        (f"a source of {shown:,} public passages", f"/en/sources/{source}/", None),
        ("the same source, page 2", f"/en/sources/{source}/?page=2", f"/en/sources/{source}/"),
        ("organization with the most claims", f"/en/organizations/{busiest}/", None),
        ("a typical organization", f"/en/organizations/{typical}/", None),
        ("strategies (tree)", "/en/strategies/", None),
        ("a strategy category", "/en/strategies/strategy-1/", None),
        ("regions (tree)", "/en/regions/", None),
        ("a continent", "/en/regions/region-2/", None),
        ("matrix", "/en/matrix/", None),
        ("matrix (Arabic)", "/ar/matrix/", None),
        ("map", "/en/map/", None),
        ("map (Arabic)", "/ar/map/", None),
        ("map, filtered by a strategy", "/en/map/?strategy=strategy-1", None),
        ("network", "/en/network/", None),
        ("network (Arabic)", "/ar/network/", None),
        ("network, filtered by a region", "/en/network/?region=region-2", None),
        ("timeline", "/en/timeline/", None),
        ("timeline (Arabic)", "/ar/timeline/", None),
        ("timeline by organization", "/en/timeline/?by=organization", None),
    ]
    return pages


def target_of(label):
    """Return the p95 target of a page in milliseconds."""
    if label.startswith("matrix"):
        return TARGET_MATRIX_MS
    if label.startswith(VISUALS):
        return TARGET_VISUAL_MS
    return TARGET_P95_MS


def in_mix(label):
    """Whether a page is one of the lists and records of the throughput mix (not the matrix or a drawn view)."""
    return not label.startswith(("matrix", *VISUALS))


def run(context):
    """Time every page, then the throughput of the search-and-list mix; return the section's figures."""
    log, client = context.log, context.client
    log("pages:")
    rows = []
    for label, path, first in page_set():
        samples, errors, size = [], 0, 0
        for attempt in range(context.warmup + context.page_repeat):
            status, body, _first, total = client.get(path)
            size = len(body)
            if status != 200:
                errors += 1
            elif attempt >= context.warmup:
                samples.append(total)
        p50, p95 = percentiles(samples) if samples else (0.0, 0.0)
        target = target_of(label)
        row = {
            "page": label,
            "path": path,
            "bytes": size,
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "target_ms": target,
            "met": p95 <= target and not errors,
            "errors": errors,
            "first_page": first,
        }
        rows.append(row)
        log(f"  {label:36} {path:44} {size / 1024:8.0f} kB  p50 {p50:7.1f}  p95 {p95:7.1f} ms")
    by_path = {row["path"]: row for row in rows}
    for row in rows:
        if row["first_page"] in by_path:
            base = by_path[row["first_page"]]["p50_ms"]
            row["growth"] = round(row["p50_ms"] / base, 2) if base else None
            if row["growth"] and row["growth"] > TARGET_GROWTH:
                row["met"] = False
        if not row["met"]:
            with translation.override(row["path"][1:3]):
                row["why"] = {
                    "page": row["path"],
                    **why(lambda path=row["path"]: Client().get(path, HTTP_HOST="localhost")),
                }
    return {
        "target_p95_ms": TARGET_P95_MS,
        "target_matrix_ms": TARGET_MATRIX_MS,
        "target_visual_ms": TARGET_VISUAL_MS,
        "target_growth": TARGET_GROWTH,
        "pages": rows,
        "throughput": throughput(context, rows),
    }


def throughput(context, page_rows):
    """Run the search-and-list mix from several threads; return one row per concurrency."""
    searches = [row["path"] for row in context.results["search"]["queries"] if row["page"] == 1]
    lists = [row["path"] for row in page_rows if in_mix(row["page"])]
    # Half searches, half list and detail pages.
    paths = searches + lists * max(1, len(searches) // max(len(lists), 1))
    rng = random.Random(context.seed)
    runs = []
    for threads in context.concurrency:
        figures = load(context.server.port, paths, threads=threads, seconds=context.load_seconds, rng=rng)
        figures["met"] = (
            figures["requests_per_second"] >= TARGET_THROUGHPUT
            and figures["p95_ms"] <= TARGET_P95_MS
            and figures["errors"] == 0
        )
        context.log(
            f"  throughput, {threads} client threads: {figures['requests_per_second']} requests/s, "
            f"p95 {figures['p95_ms']} ms, {figures['errors']} errors"
        )
        runs.append(figures)
    return {
        "target_requests_per_second": TARGET_THROUGHPUT,
        "target_p95_ms": TARGET_P95_MS,
        "paths": len(paths),
        "runs": runs,
    }
