"""One search API over two engines: PostgreSQL's stored tsvectors and SQLite's normalized text.

Ranking on PostgreSQL never scores every match. The matches are first cut to the newest
CANDIDATES rows (`ORDER BY id DESC LIMIT`): from the GIN index when PostgreSQL's statistics put
the matches at INDEX_ROWS_AT_MOST or fewer (newest_first), from the GIN index within a window of
the newest ids when they put them in under a tenth of the rows (newest_window), and from the
primary key, stopping early, when a word is common; only those
candidates are ranked with ts_rank. A query with up to CANDIDATES matches is thus ranked
exactly; one with more is ranked among its newest CANDIDATES matches, and its count reads
"more than CANDIDATES". The page's search_top() cuts, scores and counts in one statement;
search() (the CSV export) returns a QuerySet over the fetched candidates. When every word
of a query is frequent, search_top() also takes in the stored best rows of those words
(core.search.lexemes, `make search-top`), so a common word's first page is the best overall. Scoring all 400,000
matches of a common word at 1M passages costs about 2 s; this keeps every query well under 100 ms (see `make bench`).
"""

import difflib
import math
import time

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField, TrigramWordSimilarity
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, Case, F, FloatField, Lookup, Max, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from core.models import SearchLexemeTop

from .query import ParsedQuery, pairs_tsquery, parse_query, phrase_pairs, tsquery
from .transliterate import sound_keys

CANDIDATES = 2000
SUGGESTION_LIMIT = 5
SUGGESTION_THRESHOLD = 0.5
# The weights of a name and of the rest in SQLite's rank (PostgreSQL's defaults for A and B).
TITLE_WEIGHT, BODY_WEIGHT = 1.0, 0.4


@SearchVectorField.register_lookup
class MatchesTsquery(Lookup):
    """`search_pairs__matches_tsquery="'a~b' & 'b~c'"`: the text is a tsquery as written, lexemes kept whole."""

    lookup_name = "matches_tsquery"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ ({rhs})::tsquery", (*lhs_params, *rhs_params)


@SearchVectorField.register_lookup
class CheckedBy(Lookup):
    """`search_vector__checked_by=SearchQuery(...)`: the match as ts_match_vq(), the function behind @@.

    No index serves the function: it checks rows another index selects. Written as @@, the check
    brought the words' GIN index into the plan as well and, since a phrase's rows must be checked
    again, the other index's condition was checked on every row too (matching()).
    """

    lookup_name = "checked_by"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"ts_match_vq({lhs}, {rhs})", (*lhs_params, *rhs_params)


# Rows the GIN index gives, then sorted, faster than the primary key walked newest first finds its
# CANDIDATES: a phrase's word pairs select its rows when the statistics put them at this many or
# fewer, and a query's words are then taken through their index. At a million passages a word in
# 1.4-1.7 % of them (14,000-17,000 rows) was found 1.5-2.8× faster through its index than by the
# walk, one in 2.5 % 1.3× slower; a commoner phrase's newest matches come sooner down the primary key.
INDEX_ROWS_AT_MOST = 20_000
# How long the statistics of the tables' words and word pairs, and their highest ids, are kept in a
# process before they are read again.
STATISTICS_SECONDS = 600
_kept_in_process = {}


def kept_in_process(key, read):
    """Return read(), kept in this process under key for STATISTICS_SECONDS."""
    kept = _kept_in_process.get(key)
    if kept is None or kept[0] < time.monotonic():
        kept = (time.monotonic() + STATISTICS_SECONDS, read())
        _kept_in_process[key] = kept
    return kept[1]


def forget_in_process(key):
    """Drop what kept_in_process holds under key in this process, so that the next call reads it again."""
    _kept_in_process.pop(key, None)


def column_statistics(queryset, column):
    """Return (rows, {lexeme: share of rows}, share of a lexeme not listed) from PostgreSQL's statistics of column.

    The statistics of every table's search columns are read in one query and kept STATISTICS_SECONDS in the
    process; a table not analyzed yet has none, and its rows count as few.
    """

    def read():
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(
                "SELECT s.tablename, s.attname, c.reltuples, s.most_common_elems::text::text[], "
                "s.most_common_elem_freqs FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename "
                "AND c.relnamespace = current_schema()::regnamespace "
                "WHERE s.schemaname = current_schema() AND s.attname IN ('search_vector', 'search_pairs')"
            )
            found = {}
            for table, name, rows, lexemes, shares in cursor.fetchall():
                # The shares end with the least and largest listed share and the share of empty values.
                listed = dict(zip(lexemes or [], shares or [], strict=False))
                found[table, name] = (max(rows, 0), listed, shares[-3] / 2 if shares else 0.0)
        return found

    found = kept_in_process(("statistics", queryset.db), read)
    return found.get((queryset.model._meta.db_table, column), (0, {}, 0.0))


def estimated_share(queryset, column, groups):
    """Return (rows of the table, share of them holding groups, whether every lexeme's share is listed).

    groups: [group [alternative [lexeme]]], as a parsed query's groups or its phrases' pairs. The shares come
    from PostgreSQL's statistics of column; a lexeme they do not list gets half the least listed share,
    as the planner assumes, though it may be anywhere under it.
    """
    rows, listed, unlisted = column_statistics(queryset, column)
    share, known = 1.0, True
    for alternatives in groups:
        either = 0.0
        for lexemes in alternatives:
            both = 1.0
            for lexeme in lexemes:
                known = known and lexeme in listed
                both *= listed.get(lexeme, unlisted)
            either += both
        share *= min(either, 1.0)
    return rows, share, known


def rows_are_few(queryset, column, groups):
    """Say whether the rows holding groups are few (INDEX_ROWS_AT_MOST or fewer), as PostgreSQL estimates them."""
    rows, share, _known = estimated_share(queryset, column, groups)
    return rows * share <= INDEX_ROWS_AT_MOST


def newest_first(queryset, parsed):
    """Return the order of a query's newest matches: by id, written so that the primary key cannot serve it when few.

    With a LIMIT, the planner walks the primary key newest first, checking each row, whenever it expects
    CANDIDATES matches soon enough; for a word in 1-2 % of the rows that is 100,000 rows read.
    """
    pairs = indexed_pairs(queryset, parsed)
    if (pairs and rows_are_few(queryset, "search_pairs", pairs)) or rows_are_few(
        queryset, "search_vector", parsed.groups
    ):
        return (F("pk") + 0).desc()
    return F("pk").desc()


# The newest matches of words in more than WINDOW_ROWS_ABOVE rows but under WINDOW_SHARE_BELOW of them are
# first looked for among the newest ids, enough of them to hold WINDOW_MARGIN times the candidates at the
# words' estimated share: the words' GIN index and the primary key's range give those rows at once, where
# the primary key walked newest first read CANDIDATES / share rows one by one (80,000 for a word in 2.5 %),
# and the GIN index alone gave every match. At a million passages, in process, a word in 13,600 and one in
# 17,000 rows were found faster through the window (52 to 46 ms, 92 to 43 ms), words in 5,200 and 8,200
# rows slower (35 to 52 ms, 42 to 67 ms: the id range's bitmap of 400,000 ids and more costs more than
# reading their few thousand rows).
WINDOW_ROWS_ABOVE = 12_000
WINDOW_SHARE_BELOW = 0.1
WINDOW_MARGIN = 1.5


def highest_id(queryset):
    """Return the highest id of the model's table, read at most every STATISTICS_SECONDS.

    A window of the ids below an old highest id still holds every row added since: it is only wider.
    """
    rows = queryset.model._base_manager.using(queryset.db)
    return kept_in_process(
        ("highest id", queryset.db, queryset.model._meta.db_table),
        lambda: rows.aggregate(highest=Max("pk"))["highest"] or 0,
    )


def newest_window(queryset, parsed):
    """Return how many of the newest ids hold a query's newest CANDIDATES + 1 matches, by the statistics, or None.

    None when its matches are few (the GIN index gives them all) or frequent (the walk finds them within
    20,000 rows). A phrase of a pair-indexed model (indexed_pairs) is sized by its word pairs, and has a
    window only when they are more than INDEX_ROWS_AT_MOST: fewer are read faster without one.
    The caller looks again without the window when fewer matches than that lie in it.
    """
    column, groups, above = "search_vector", parsed.groups, WINDOW_ROWS_ABOVE
    if pairs := indexed_pairs(queryset, parsed):
        column, groups, above = "search_pairs", pairs, INDEX_ROWS_AT_MOST
    rows, share, known = estimated_share(queryset, column, groups)
    # A share the statistics do not list may be far less than assumed: the window would mostly be looked in twice.
    if not known or rows * share <= above or share >= WINDOW_SHARE_BELOW:
        return None
    # Rows holding an excluded word or phrase are not matches: the window must be wider by their share (a
    # phrase's counts as its words' together, which can only widen it). At a million passages, a word in 3.4 %
    # of them less one in 35 % found too few matches in the window and was looked for twice (118 ms).
    for excluded in parsed.excluded:
        share *= 1 - estimated_share(queryset, "search_vector", [[excluded]])[1]
    return math.ceil(WINDOW_MARGIN * (CANDIDATES + 1) / share)


def indexed_pairs(queryset, parsed):
    """Return the word pairs of a phrase query (phrase_pairs) when the model keeps them in an index, else []."""
    # A model has the column when it inherits indexing.WordPairsIndexed.
    if any(field.name == "search_pairs" for field in queryset.model._meta.concrete_fields):
        return phrase_pairs(parsed)
    return []


def matching(queryset, parsed, query, windowed=False):
    """Return the rows matching a tsquery; a rare phrase of a pair-indexed model is found through its word pairs.

    Every word of a phrase like "rights government campaign" may be in most rows, and the planner,
    not knowing how rare the phrase is, would check it row by row down the primary key (a million
    rows for a few hundred matches). The pairs rights~government and government~campaign are
    rare: their index gives the rows to check, when the statistics put them at INDEX_ROWS_AT_MOST
    or fewer, or when `windowed` (newest_window, sized by the pairs) bounds the ids. The phrase is
    then checked on those rows only (`checked_by`). At a million passages, "rights vazojiza" (10,500
    matches) took 25 ms instead of 170, and «حقوق الحكومات» (49,000) 19 ms in a window of the newest
    61,000 ids instead of 44-76 ms down the primary key.
    """
    pairs = indexed_pairs(queryset, parsed)
    if pairs and (windowed or rows_are_few(queryset, "search_pairs", pairs)):
        return queryset.filter(search_pairs__matches_tsquery=pairs_tsquery(pairs), search_vector__checked_by=query)
    return queryset.filter(search_vector=query)


def among_ids(queryset, ids):
    """Return the rows of queryset whose id is one of ids (all of them when ids is None).

    On PostgreSQL the ids are one array parameter: as `id IN (%s, %s, …)`, the driver's preparing of a
    statement naming twenty thousand ids cost about 450 ms.
    """
    if ids is None:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(pk__in=ids)
    column = f'"{queryset.model._meta.db_table}"."{queryset.model._meta.pk.column}"'
    return queryset.filter(RawSQL(f"{column} = ANY(%s::bigint[])", (id_array(ids),), output_field=BooleanField()))


def id_array(ids):
    """Return ids as the text of a PostgreSQL array, '{1,2,3}', to be cast to bigint[].

    As a Python list, psycopg checked every element against a pattern to quote it: about 10 ms for
    twenty thousand ids, on each statement that names them.
    """
    return "{" + ",".join(map(str, ids)) + "}"


class PostgreSQLBackend:
    """Stored search vectors, a GIN index, ts_rank over a bounded candidate set, pg_trgm suggestions."""

    @staticmethod
    def tsqueries(parsed):
        """Return the tsquery that selects matches and the one that ranks them."""
        query = SearchQuery(tsquery(parsed), search_type="raw", config="simple")
        # ts_rank scores a negated term as a miss everywhere: rank by the wanted words alone.
        wanted = ParsedQuery(groups=parsed.groups)
        return query, SearchQuery(tsquery(wanted), search_type="raw", config="simple")

    def search(self, queryset, parsed, among=None):
        query, rank_query = self.tsqueries(parsed)
        # Fetched first, so the ranking query is driven by at most CANDIDATES primary-key lookups
        # whatever the planner guesses about a semi-join.
        candidates = list(
            among_ids(matching(queryset, parsed, query), among)
            .order_by(newest_first(queryset, parsed))
            .values_list("pk", flat=True)[: CANDIDATES + 1]
        )
        matches = (
            queryset.filter(pk__in=candidates)
            .annotate(search_rank=SearchRank(F("search_vector"), rank_query))
            .order_by("-search_rank", "-pk")
        )
        # The count is known already; callers read it instead of counting again (clones drop it).
        matches.search_count = len(candidates)
        return matches

    def search_top(self, queryset, parsed, limit, among=None, whole=False):
        # One statement (a second when a window of the newest ids holds too few matches): the newest
        # CANDIDATES + 1 matches are scored as they are found (no second lookup of each row), then
        # counted and cut to the best `limit`.
        # When every word of the query is frequent, the stored best rows of those words
        # (core.search.lexemes) join the candidates, so the first page is the best overall.
        # `among` (a filter's ids) narrows the newest as an array the primary key serves; the stored
        # best rows are intersected with it before they meet the table: with both arrays on the
        # primary key PostgreSQL put both in each lookup, and with the filter's alone it read every
        # filtered row to find the stored ones (80 ms for a continent at a million passages).
        # `whole`: the queryset holds every public row of its model, so the statistics describe its
        # rows and a window of the newest ids (newest_window) can be sized from them.
        window = newest_window(queryset, parsed) if whole and among is None else None
        if window is not None:
            count, rows = self._top(queryset, parsed, limit, among, window)
            if count > CANDIDATES:
                return count, rows
            # Fewer matches in the window than the candidates: the newest may lie before it.
        return self._top(queryset, parsed, limit, among, None)

    def _top(self, queryset, parsed, limit, among, window):
        """Run search_top's statement, the newest matches looked for among the newest `window` ids when given."""
        query, rank_query = self.tsqueries(parsed)
        matches = matching(queryset, parsed, query, windowed=window is not None)

        def scored(candidates):
            # Annotations keep their names as column aliases, whatever order Django selects them in.
            return candidates.annotate(search_pk=F("pk"), search_rank=SearchRank(F("search_vector"), rank_query))

        newest = among_ids(matches, among)
        if window is None:
            order = newest_first(queryset, parsed)
        else:
            # A bound the planner can see (a subquery's value it cannot), so it joins the two indexes.
            newest = newest.filter(pk__gt=highest_id(queryset) - window)
            # Ordered by an expression no index serves: the GIN index and the id range give the rows.
            order = (F("pk") + 0).desc()
        newest = scored(newest).order_by(order).values_list("search_pk", "search_rank")[: CANDIDATES + 1]
        sql, params = newest.query.get_compiler(using=queryset.db).as_sql()
        candidates = "SELECT * FROM newest"
        if limit and (listed_ids := self._listed(queryset, parsed, among)):
            listed = scored(among_ids(matches, listed_ids)).order_by()
            listed_sql, listed_params = (
                listed.values_list("search_pk", "search_rank").query.get_compiler(using=queryset.db).as_sql()
            )
            candidates += f" UNION SELECT * FROM ({listed_sql}) AS listed"
            params = (*params, *listed_params)
        statement = (
            f"WITH newest AS MATERIALIZED ({sql}) "
            "SELECT search_pk, search_rank, (SELECT COUNT(*) FROM newest) "
            f"FROM ({candidates}) AS candidates ORDER BY search_rank DESC, search_pk DESC LIMIT %s"
        )
        with connections[queryset.db].cursor() as cursor:
            # A limit of 0 still needs one row to read the count from.
            cursor.execute(statement, (*params, max(limit, 1)))
            rows = cursor.fetchall()
        count = rows[0][2] if rows else 0
        return count, [(pk, rank) for pk, rank, _count in rows[:limit]]

    @staticmethod
    def _listed(queryset, parsed, among=None):
        """Return the stored best ids of the query's words, [] unless every word has a list.

        With among (ids), only the stored ids that are among them. Given to the statement as an array,
        not a subquery, so that PostgreSQL knows how many they are: for a phrase it then takes them
        with the word pairs' index (8 ms for "rights vazojiza" at a million passages) instead of
        checking each stored row's pairs (30-38 ms).
        """
        words = sorted(parsed.positive_tokens)
        label, stored = queryset.model._meta.label, SearchLexemeTop.objects.using(queryset.db)
        # Which words have a list is kept in the process (STATISTICS_SECONDS; lexeme_top_refresh forgets it in its
        # own): most queries hold a word without one.
        have_lists = kept_in_process(("listed", queryset.db), lambda: set(stored.values_list("model_label", "lexeme")))
        if not words or any((label, word) not in have_lists for word in words):
            return []
        lists = list(stored.filter(model_label=label, lexeme__in=words).values_list("ids", flat=True))
        if len(lists) != len(words):
            return []
        ids = set().union(*lists)
        if among is not None:
            ids.intersection_update(among)
        return sorted(ids)

    def suggest(self, queryset, parsed):
        words = parsed.words
        close = queryset.annotate(similarity=TrigramWordSimilarity(Value(words), "search_title"))
        # `search_title %> words` is word_similarity(words, search_title) >= the session's threshold:
        # the title's trigram index serves it, where `similarity >= ...` is computed row by row.
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(SUGGESTION_THRESHOLD)]
            )
        condition = Q(search_title__trigram_word_similar=words)
        keys = sound_keys(parsed.text)
        if keys:
            # A name typed in the other script: its words' sound keys against those stored with the names.
            sounds = SearchQuery(" | ".join(keys), search_type="raw", config="simple")
            close = close.annotate(sound=SearchRank(F("search_vector"), sounds))
            condition |= Q(search_vector=sounds)
        else:
            close = close.annotate(sound=Value(0.0, output_field=FloatField()))
        return list(close.filter(condition).order_by("-similarity", "-sound", "pk")[:SUGGESTION_LIMIT])


class TextBackend:
    """Normalized-text matching for SQLite (make run): whole tokens, phrases, exclusions, or."""

    def search(self, queryset, parsed, among=None):
        queryset = among_ids(queryset, among).annotate(
            _search_title=Concat(Value(" "), "search_title", Value(" "), output_field=TextField()),
            _search_body=Concat(Value(" "), "search_document", Value(" "), output_field=TextField()),
        )

        def contains(found):
            needle = f" {' '.join(found)} "
            return Q(_search_title__contains=needle) | Q(_search_body__contains=needle)

        condition = Q()
        for alternatives in parsed.groups:
            either = Q()
            for found in alternatives:
                either |= contains(found)
            condition &= either
        for found in parsed.excluded:
            condition &= ~contains(found)
        score = Value(0.0, output_field=FloatField())
        for alternatives in parsed.groups:
            for found in alternatives:
                needle = f" {' '.join(found)} "
                score = score + Case(
                    When(_search_title__contains=needle, then=Value(TITLE_WEIGHT)),
                    When(_search_body__contains=needle, then=Value(BODY_WEIGHT)),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
        return queryset.filter(condition).annotate(search_rank=score).order_by("-search_rank", "-pk")

    def search_top(self, queryset, parsed, limit, among=None, whole=False):
        matches = self.search(queryset, parsed, among)
        count = matches.count()
        return count, list(matches.values_list("pk", "search_rank")[:limit]) if count and limit else []

    def suggest(self, queryset, parsed):
        words = parsed.words
        width = len(words.split())
        keys = set(sound_keys(parsed.text))
        scored = []
        for record in queryset.only("pk", "search_title", *self._display_fields(queryset.model)):
            title = record.search_title.split()
            windows = {" ".join(title[i : i + width]) for i in range(max(1, len(title) - width + 1))}
            best = max((difflib.SequenceMatcher(None, words, window).ratio() for window in windows), default=0)
            if keys & set(title):
                best = max(best, 0.75 * len(keys & set(title)) / len(keys))
            if best >= 0.75 or (keys & set(title)):
                record.similarity = best
                scored.append(record)
        scored.sort(key=lambda record: (-record.similarity, record.pk))
        return scored[:SUGGESTION_LIMIT]

    @staticmethod
    def _display_fields(model):
        return [field.name for field in model._meta.concrete_fields if field.name.startswith("name_")]


def backend_for(alias):
    """Return the backend of a database connection."""
    if connections[alias].vendor == "postgresql":
        return PostgreSQLBackend()
    return TextBackend()


def as_parsed(query):
    """Accept a ParsedQuery or the text a researcher typed."""
    return query if isinstance(query, ParsedQuery) else parse_query(query)


class SearchQuerySetMixin:
    """QuerySet methods of every searchable model: search(query) and suggest(query).

    On PostgreSQL, search() runs the candidate query at once and returns a lazy QuerySet over them.
    """

    def search(self, query, among=None):
        """Return the records matching the query, best first, annotated with search_rank.

        among: ids the records must also be among (see among_ids), or None.
        """
        parsed = as_parsed(query)
        if not parsed:
            return self.none()
        return backend_for(self.db).search(self, parsed, among)

    def search_top(self, query, limit, among=None, whole=False):
        """Return the match count and the best `limit` (pk, search_rank) pairs, best first (among: as search's).

        whole: the queryset holds every public row of its model (no filter narrows it).
        """
        # The count is search()'s: on PostgreSQL it stops at CANDIDATES + 1. One statement there.
        parsed = as_parsed(query)
        if not parsed:
            return 0, []
        try:
            return backend_for(self.db).search_top(self, parsed, limit, among, whole)
        except EmptyResultSet:
            # The queryset can match nothing (a filter naming ids, none of them): there is nothing to rank.
            return 0, []

    def suggest(self, query):
        """Return up to five records whose names are close to the query's words (typos), closest first."""
        parsed = as_parsed(query)
        if not parsed:
            return []
        return backend_for(self.db).suggest(self, parsed)
