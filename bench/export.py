"""CSV exports through HTTP against COPY of the same columns (issue 10, item 4).

For the full passage export (/en/sources/?format=csv) and the evidence export
(/en/evidence/?format=csv): rows per second, time to the first byte, and the peak RSS of the
gunicorn workers read from /proc while the file streams (from outside the processes). The floor
is PostgreSQL's `COPY (SELECT the same columns, bare) TO STDOUT` read by psycopg in this process. The
search CSV is checked for holding every match the page counts.
"""

import time
from http.client import HTTPConnection

from django.db import connection

from core.search.backends import CANDIDATES, PostgreSQLBackend
from core.search.query import parse_query
from website.search.service import KINDS

from .server import RssWatch

TARGET_COPY_SHARE = 0.5
TARGET_RSS_MB = 150
TARGET_FIRST_BYTE_MS = 200

# The columns the site writes, read straight from the tables: the bare columns, without the addresses, the
# formula guard and the empty cells that the site's own COPY statements make (core/csv/copy.py).
PASSAGES_COPY = """
SELECT s.id, s.slug, s.title_ar, s.title_en, s.kind, s.author_ar, s.author_en, s.date, s.url,
       s.original_language, s.research_question_ar, s.research_question_en, s.notes_ar, s.notes_en,
       p.position, p.kind, p.original_language, p.text_ar, p.text_en
FROM sources_source s JOIN sources_passage p ON p.source_id = s.id
WHERE s.published AND NOT s.sensitive AND p.published AND NOT p.sensitive
ORDER BY s.slug, p.position
"""

EVIDENCE_COPY = """
SELECT e.id, o.slug, o.name_ar, o.name_en, st.slug, st.name_ar, st.name_en,
       (SELECT string_agg(r.slug, ' | ' ORDER BY r.slug) FROM strategies_evidence_regions er
        JOIN orgs_region r ON r.id = er.region_id WHERE er.evidence_id = e.id AND r.published AND NOT r.sensitive),
       e.status, e.status_note_ar, e.status_note_en, e.status_source_ar, e.status_source_en,
       e.status_source_date, e.status_source_url, e.summary_ar, e.summary_en, e.period_start, e.period_end,
       s.slug, s.title_ar, s.title_en, p.position, c.quote_ar, c.quote_en
FROM strategies_evidence e
JOIN orgs_organization o ON o.id = e.organization_id
JOIN strategies_strategy st ON st.id = e.strategy_id
JOIN strategies_evidencepassage c ON c.evidence_id = e.id
JOIN sources_passage p ON p.id = c.passage_id
JOIN sources_source s ON s.id = p.source_id
WHERE e.published AND NOT e.sensitive AND o.published AND NOT o.sensitive
  AND st.published AND NOT st.sensitive AND c.published AND p.published AND NOT p.sensitive
  AND s.published AND NOT s.sensitive
ORDER BY o.slug, st.slug, s.slug, p.position
"""

EXPORTS = [
    ("passages (sources CSV)", "/en/sources/?format=csv", PASSAGES_COPY),
    ("evidence (one row per citation)", "/en/evidence/?format=csv", EVIDENCE_COPY),
]
SEARCH_EXPORT = "rights"


def copy_floor(sql):
    """Return (rows, bytes, seconds) of COPY (sql) TO STDOUT as CSV, read by psycopg."""
    rows = size = 0
    start = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
            for block in copy:
                size += len(block)
                rows += bytes(block).count(b"\n")
    return rows - 1, size, time.perf_counter() - start


def download(context, path):
    """Stream path through HTTP; return rows, bytes, seconds, first byte and first row ms, the workers' RSS.

    The header comes at once; the first row (the second line end) shows how long the export's query took to start.
    """
    lines = [0]
    first_row = [None]
    start = time.perf_counter()

    def count(block):
        lines[0] += block.count(b"\r\n")
        if first_row[0] is None and lines[0] >= 2:
            first_row[0] = (time.perf_counter() - start) * 1000

    with RssWatch(context.server) as watch:
        status, size, first, total = context.client.get(path, sink=count)
    return {
        "status": status,
        "rows": max(lines[0] - 1, 0),
        "bytes": size,
        "seconds": round(total / 1000, 2),
        "first_byte_ms": round(first, 1),
        "first_row_ms": round(first_row[0] if first_row[0] is not None else total, 1),
        "rss_before_mb": round(watch.before_mb, 1),
        "rss_peak_mb": round(watch.peak_mb, 1),
    }


def run(context):
    """Measure each export against COPY, and the search CSV's row count; return the section's figures."""
    log = context.log
    log("export:")
    rows = []
    for label, path, sql in EXPORTS:
        http = download(context, path)
        copy_rows, copy_bytes, copy_seconds = copy_floor(sql)
        http["rows_per_second"] = round(http["rows"] / max(http["seconds"], 1e-9))
        copy_rate = round(copy_rows / max(copy_seconds, 1e-9))
        share = http["rows_per_second"] / max(copy_rate, 1)
        row = {
            "export": label,
            "path": path,
            **http,
            "copy_rows": copy_rows,
            "copy_bytes": copy_bytes,
            "copy_seconds": round(copy_seconds, 2),
            "copy_rows_per_second": copy_rate,
            "share_of_copy": round(share, 3),
            "speed_met": share >= TARGET_COPY_SHARE,
            "memory_met": http["rss_peak_mb"] <= TARGET_RSS_MB,
            "first_byte_met": http["first_byte_ms"] <= TARGET_FIRST_BYTE_MS,
        }
        rows.append(row)
        log(
            f"  {label}: {http['rows']:,} rows in {http['seconds']} s ({http['rows_per_second']:,} rows/s, "
            f"{share:.0%} of COPY's {copy_rate:,}), first byte {http['first_byte_ms']} ms, "
            f"first row {http['first_row_ms']} ms, "
            f"worker RSS {http['rss_before_mb']} -> {http['rss_peak_mb']} MB"
        )
    search = _search_export(context)
    return {
        "target_copy_share": TARGET_COPY_SHARE,
        "target_rss_mb": TARGET_RSS_MB,
        "target_first_byte_ms": TARGET_FIRST_BYTE_MS,
        "exports": rows,
        "search": search,
    }


def _search_export(context):
    """Compare the rows of the search CSV with the matches the search page counts, and read what both say of it.

    The file holds each type's best CANDIDATES matches; the target is met when it holds every match, or
    when the page and the file's name say how many rows it holds (and the file holds no more).
    """
    matches, _rank = PostgreSQLBackend.tsqueries(parse_query(SEARCH_EXPORT))
    total = sum(kind.model.objects.published().filter(search_vector=matches).count() for kind in KINDS)
    path = f"/en/search/?q={SEARCH_EXPORT}"
    http = download(context, f"{path}&format=csv")
    _status, page, _first, _total = context.client.get(path)
    connection = HTTPConnection("127.0.0.1", context.server.port, timeout=60)
    try:
        connection.request("HEAD", f"{path}&format=csv", headers={"Host": "127.0.0.1"})
        file_name = connection.getresponse().getheader("Content-Disposition", "")
    finally:
        connection.close()
    note = f"The file holds the best {CANDIDATES:,} matches of each type"
    stated = (
        note in page.decode()
        and f"search-best-{CANDIDATES}-per-type" in file_name
        and http["rows"] <= CANDIDATES * len(KINDS)
    )
    figures = {
        "query": SEARCH_EXPORT,
        "matches": total,
        **http,
        "every_match": http["rows"] >= total,
        "stated": stated,
        "page_note": note if note in page.decode() else "",
        "file_name": file_name,
    }
    context.log(
        f"  search CSV for {SEARCH_EXPORT!r}: {http['rows']:,} rows of {total:,} matches; "
        f"stated on the page and in the file name: {stated} ({file_name})"
    )
    return figures
