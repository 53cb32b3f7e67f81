"""Search timings at scale: p50 and p95 per kind of query, for passages alone and for the whole page's search."""

import time

from django.contrib.postgres.search import SearchRank
from django.db import connection, transaction
from django.db.models import F

from core.models import SearchLexemeTop
from core.search.backends import PostgreSQLBackend
from core.search.lexemes import lexeme_top_refresh
from core.search.query import parse_query
from sources.models import Passage
from website.search.service import search_everything

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
# The common-word kinds whose first page is compared with the exact one (every match ranked).
QUALITY = ["حقوق", "rights", "government campaign", '"rights government"', "organization"]
TOP = 20


def passage_search(query):
    """Do what the page does for passages: count the matches and fetch the best 21 (one statement)."""
    Passage.objects.published().search_top(query, 21)


def exact_top(query):
    """Return the true best TOP passages: every match ranked with ts_rank (seconds at 1M, fine here)."""
    matches, rank_query = PostgreSQLBackend._queries(parse_query(query))
    ranked = (
        Passage.objects.published()
        .filter(search_vector=matches)
        .annotate(search_rank=SearchRank(F("search_vector"), rank_query))
        .order_by("-search_rank", "-pk")
    )
    return list(ranked.values_list("pk", flat=True)[:TOP])


def shown_top(query):
    """Return the TOP passages the page shows."""
    return [pk for pk, _rank in Passage.objects.published().search_top(query, TOP)[1]]


def quality(log=print):
    """Compare the page's top TOP with the exact top TOP, with the stored word lists and without them."""
    rows = []
    for query in QUALITY:
        exact = set(exact_top(query))
        with transaction.atomic():
            # Without the lists: the newest candidates only (the path before lexeme lists), rolled back.
            SearchLexemeTop.objects.all().delete()
            before = len(exact & set(shown_top(query)))
            transaction.set_rollback(True)
        after = len(exact & set(shown_top(query)))
        log(f"top-{TOP} quality: {query}: {after}/{len(exact)} exact (was {before}/{len(exact)})")
        rows.append((query, after, before, len(exact)))
    return rows


def run(log=print):
    """Time every query kind; return rows of figures."""
    if not SearchLexemeTop.objects.exists():
        start = time.perf_counter()
        for report in lexeme_top_refresh():
            log(f"search_refresh_top: {report}")
        log(f"search_refresh_top: {time.perf_counter() - start:.1f} s")
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
    quality(log)
    return rows
