"""Search timings at scale: p50 and p95 per kind of query, for passages alone and for the whole page's search."""

from django.db import connection

from advocacy.search.service import search_everything
from sources.models import Passage

from . import percentiles, timed

QUERIES = [
    ("rare word", "zanzibar"),
    ("common word (Arabic, ~97% of rows)", "حقوق"),
    ("common word (English, ~97% of rows)", "rights"),
    ("two common words", "government campaign"),
    ("phrase of common words", '"rights government"'),
    ("Arabic with prefixes", "والحكومة"),
    ("mid-frequency word (~25% of rows)", "organization"),
    ("common word, excluded word", "rights -campaign"),
    ("no match", "qqqxyzzy"),
]
REPEAT = 30


def passage_search(query):
    """Do what the page does for passages: count the matches and fetch the best 21 (one statement)."""
    Passage.objects.published().search_top(query, 21)


def run(log=print):
    """Time every query kind; return rows of figures."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('sources_passage'))")
        size = cursor.fetchone()[0]
    total = Passage.objects.count()
    log(f"search: {total:,} passages ({size} with indexes); {REPEAT} runs per query after 3 warm-up runs")
    log(f"{'query kind':40} {'query':24} {'matches':>8} {'passages p50/p95 ms':>20} {'page p50/p95 ms':>18}")
    rows = []
    for label, query in QUERIES:
        count = Passage.objects.published().search(query).count()
        p50, p95 = percentiles(timed(lambda q=query: passage_search(q), REPEAT))
        page50, page95 = percentiles(timed(lambda q=query: search_everything(query=q, language="en"), REPEAT))
        shown = f"{count:,}" if count <= 2000 else "2,000+"
        log(f"{label:40} {query:24} {shown:>8} {p50:9.1f} / {p95:7.1f} {page50:8.1f} / {page95:7.1f}")
        rows.append((label, query, count, p50, p95, page50, page95))
    return rows
