"""The stored best rows of each frequent word, so a common word's first page is ranked exactly (PostgreSQL).

Ranking every match of a word found in 40-97% of a million passages takes seconds; the page
therefore ranks a bounded candidate set (backends.CANDIDATES). For the words in at least
FREQUENT_SHARE of a model's rows, lexeme_top_refresh() stores the TOP best row ids by ts_rank,
hidden rows included (the query filters those, so publishing needs no refresh). The search adds
those lists to its candidates when every word of a query has one. Lists go stale as text
changes: rows added later still reach the page through the newest candidates, and
`make search-top` (python manage.py search_refresh_top) brings the lists up to date.
"""

import re
import time
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, transaction
from django.db.models import F

from core.models import SearchLexemeTop

from . import backends
from .indexing import searchable_models

# A word is frequent when this share of a model's rows contains it (DESIGN section 5: 10%).
FREQUENT_SHARE = 0.10
# Below this many rows ranking every match is fast: small knowledge bases store nothing.
MIN_ROWS = 10_000
TOP = 1000
# Stored lexemes are normalized tokens; anything else could not be written as a tsquery term.
LEXEME = re.compile(r"\w+")


@dataclass
class RefreshReport:
    """What a refresh did for one model."""

    label: str
    rows: int
    lexemes: int
    removed: int
    seconds: float

    def __str__(self):
        if not self.lexemes:
            return f"{self.label}: {self.rows:,} rows, no frequent words stored ({self.removed} old lists removed)"
        return (
            f"{self.label}: {self.rows:,} rows, {self.lexemes} frequent words (in >= {FREQUENT_SHARE:.0%} of rows), "
            f"best {TOP:,} ids each stored, {self.removed} old lists removed, {self.seconds:.1f} s"
        )


def _frequent(model, rows, using):
    """Return the lexemes of the model's vectors found in at least FREQUENT_SHARE of its rows."""
    table = connections[using].ops.quote_name(model._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT word FROM ts_stat(%s) WHERE ndoc >= %s ORDER BY ndoc DESC, word",
            [f"SELECT search_vector FROM {table} WHERE search_vector IS NOT NULL", max(1, int(rows * FREQUENT_SHARE))],
        )
        return [word for (word,) in cursor.fetchall() if LEXEME.fullmatch(word)]


def _best(model, lexeme, using):
    """Return the ids of the TOP rows that rank highest for one word, as the search ranks them."""
    query = SearchQuery(f"'{lexeme}'", search_type="raw", config="simple")
    return list(
        model._base_manager.using(using)
        .filter(search_vector=query)
        .annotate(search_rank=SearchRank(F("search_vector"), query))
        .order_by("-search_rank", "-pk")
        .values_list("pk", flat=True)[:TOP]
    )


def lexeme_top_refresh(*, models_=None, using="default"):
    """Store the best rows of every frequent word of each searchable model; return one report per model."""
    reports = []
    for model in models_ or searchable_models():
        start = time.perf_counter()
        label = model._meta.label
        rows = model._base_manager.using(using).count()
        lists = {}
        if rows >= MIN_ROWS:
            lists = {lexeme: _best(model, lexeme, using) for lexeme in _frequent(model, rows, using)}
        with transaction.atomic(using=using):
            stored = SearchLexemeTop.objects.using(using).filter(model_label=label)
            removed, _ = stored.exclude(lexeme__in=lists).delete()
            for lexeme, ids in lists.items():
                SearchLexemeTop.objects.using(using).update_or_create(
                    model_label=label, lexeme=lexeme, defaults={"ids": ids}
                )
        reports.append(RefreshReport(label, rows, len(lists), removed, time.perf_counter() - start))
    # Searches in this process see the new lists at once; the site's processes within STATISTICS_SECONDS.
    backends.forget_in_process(("listed", using))
    return reports
