"""Search through HTTP for every kind of query of issue 10, against the exact-ranking SQL of each query.

Each kind has fixed queries in both languages and queries drawn at random from the synthetic
vocabulary at each run (the seed is reported), so no fixed list can be tuned to. For each query:
the search page's time through gunicorn (p50, p95 of the kind over all its requests), the time
of the exact ranking in SQL (every match of every record type scored with ts_rank, filters
applied, the page's rows taken), and for one- and two-word queries how many of the page's top 20
passages are the exact top 20.
"""

import math
import random
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.db.models import F
from django.utils import translation

from core.search.backends import CANDIDATES, PostgreSQLBackend, among_ids
from core.search.query import parse_query
from sources.models import Passage
from website.search.service import KIND_BY_KEY, KINDS, MAX_PAGE, PER_PAGE, restricted, search_everything

from . import percentiles
from .data import SEED, VOCABULARY, Sizes, document_share, vocabulary
from .explain import why

TARGET_P95_MS = 100
TOP = 20
# Ranks whose words are in 0.5-5 % of passages (data.document_share), and the other bands used.
COMMON = (0, 4)  # 28-97 %
FREQUENT = (9, 16)  # 10-14 %
MID = (42, 850)  # 0.5-5 %
RARE = (3000, VOCABULARY)  # under 0.2 %


@dataclass
class Query:
    """One search request: the words, the page's language, page number and filters."""

    kind: str
    language: str
    q: str
    page: int = 1
    filters: dict = field(default_factory=dict)
    drawn: bool = False

    @property
    def path(self):
        params = {"q": self.q, **self.filters}
        if self.page != 1:
            params["page"] = self.page
        return f"/{self.language}/search/?{urlencode(params)}"

    @property
    def one_or_two_words(self):
        parsed = parse_query(self.q)
        simple = '"' not in self.q and "-" not in self.q and not self.filters and self.page == 1
        return simple and 1 <= len(parsed.positive_tokens) <= 2


KIND_LABELS = {
    "common": "one common word (28-97 % of passages)",
    "two_common": "two common words",
    "phrase_common": "phrase of common words",
    "phrase_mixed": "phrase of a common and a 10-14 % word",
    "mid": "one word in 0.5-5 % of passages",
    "three": "three words of mixed frequency",
    "exclusion": "a word and an excluded word",
    "region": "filter by region",
    "strategy": "filter by strategy",
    "source": "filter by source",
    "pages": "pages 2-50",
    "rare": "rare word (under 0.2 %)",
    "prefixed": "Arabic word with a و+ال prefix",
    "none": "no match",
}


def query_set(rng, sizes):
    """Return the queries of every kind: fixed ones, then drawn from the vocabulary with rng."""
    arabic, english = vocabulary(random.Random(SEED))
    words = {"ar": arabic, "en": english}

    def word(language, band):
        return words[language][rng.randrange(*band)]

    def other(language):
        return "en" if language == "ar" else "ar"

    queries = []

    def add(kind, language, q, drawn=True, **options):
        queries.append(Query(kind, language, q, drawn=drawn, **options))

    public_sources = [n for n in range(sizes.sources) if n % 50 != 49]
    for language in ("en", "ar"):
        # Fixed queries, as in issue 10's table.
        fixed = language == "en"
        if fixed:
            add("common", "en", "rights", drawn=False)
            add("two_common", "en", "government campaign", drawn=False)
            add("phrase_common", "en", '"rights government campaign"', drawn=False)
            add("phrase_mixed", "en", f'"rights {english[11]}"', drawn=False)
            add("mid", "en", english[100], drawn=False)
            add("three", "en", f"rights {english[20]} {english[300]}", drawn=False)
            add("exclusion", "en", "rights -campaign", drawn=False)
            add("region", "en", "rights", drawn=False, filters={"region": "region-2"})
            add("strategy", "en", "rights", drawn=False, filters={"strategy": "strategy-1"})
            add("source", "en", "rights", drawn=False, filters={"source": "bench-0"})
            add("pages", "en", "rights", drawn=False, page=2)
            add("pages", "en", "rights", drawn=False, page=50)
            add("rare", "en", "zanzibar", drawn=False)
            add("none", "en", "qqqxyzzy", drawn=False)
        else:
            add("common", "ar", "حقوق", drawn=False)
            add("two_common", "ar", "الحكومات حملة", drawn=False)
            add("phrase_common", "ar", '"حقوق الحكومات"', drawn=False)
            add("prefixed", "ar", "والحكومة", drawn=False)
            add("exclusion", "ar", "حقوق -حملة", drawn=False)
        # Drawn at random at each run; the page's language is the words' language.
        add("common", language, word(language, COMMON))
        first, second = rng.sample(range(1, 11), 2)
        add("two_common", language, f"{words[language][first]} {words[language][second]}")
        length = rng.choice((2, 3))
        add("phrase_common", language, '"' + " ".join(word(language, COMMON) for _ in range(length)) + '"')
        add("phrase_mixed", language, f'"{word(language, COMMON)} {word(language, FREQUENT)}"')
        add("mid", language, word(language, MID))
        add("mid", language, word(language, MID))
        add("three", language, f"{word(language, COMMON)} {word(language, (10, 50))} {word(language, (100, 800))}")
        add("exclusion", language, f"{word(language, (10, 50))} -{word(language, COMMON)}")
        add("region", language, word(language, MID), filters={"region": f"region-{rng.randint(22, 201)}"})
        add("region", language, word(language, COMMON), filters={"region": f"region-{rng.randint(2, 7)}"})
        strategy = rng.choice([pk for pk in range(13, 73) if pk % 67 != 66])
        add("strategy", language, word(language, MID), filters={"strategy": f"strategy-{strategy}"})
        add("source", language, word(language, COMMON), filters={"source": f"bench-{rng.choice(public_sources)}"})
        add("pages", language, word(language, COMMON), page=rng.randint(2, 50))
        add("pages", language, f"{word(language, COMMON)} {word(language, COMMON)}", page=rng.randint(2, 50))
        add("rare", language, word(language, RARE))
        add("none", language, "".join(rng.choice("qxz") for _ in range(9)))
    prefixed = [word for word in arabic[:300] if word.startswith("ال")]
    add("prefixed", "ar", "و" + rng.choice(prefixed))
    add("prefixed", "ar", "و" + rng.choice(prefixed))
    order = list(KIND_LABELS)
    return sorted(queries, key=lambda query: order.index(query.kind))


def exact(query):
    """Return (ms, top passage ids) of the exact ranking in SQL: every match of every type scored."""
    parsed = parse_query(query.q)
    resolved = search_everything(query=parsed, filters=query.filters, page=query.page, language=query.language).filters
    matches, rank_query = PostgreSQLBackend.tsqueries(parsed)
    depth = min(query.page, CANDIDATES // PER_PAGE) * PER_PAGE
    top = []
    start = time.perf_counter()
    for kind in KINDS:
        ranked = (
            filtered(kind, kind.model.objects.published(), resolved)
            .filter(search_vector=matches)
            .annotate(search_rank=SearchRank(F("search_vector"), rank_query))
            .order_by("-search_rank", "-pk")
            .values_list("pk", flat=True)[: depth + 1]
        )
        ids = list(ranked)
        if kind.key == "passage":
            top = ids[:TOP]
    return (time.perf_counter() - start) * 1000, top


def shown_top(query):
    """Return the TOP passages the page ranks first."""
    return [pk for pk, _rank in Passage.objects.published().search_top(query.q, TOP)[1]]


def passage_count(query, resolved):
    """Return the number of public passages the query matches within its filters (counted in full)."""
    matches, _rank = PostgreSQLBackend.tsqueries(parse_query(query.q))
    passages = filtered(KIND_BY_KEY["passage"], Passage.objects.published(), resolved)
    return passages.filter(search_vector=matches).count()


def filtered(kind, queryset, filters):
    """Return one kind's records narrowed by the filters, as the search narrows them (for the exact SQL)."""
    return among_ids(*restricted(kind, queryset, filters))


def last_page(query):
    """Return the last page of a query's results (a page past it is a 404): a drawn page is kept within it."""
    with translation.override(query.language):
        results = search_everything(query=query.q, filters=query.filters, language=query.language)
    return max(1, min(MAX_PAGE, math.ceil(results.total / PER_PAGE)))


def run(context):
    """Time every query kind through HTTP and in exact SQL; return the section's figures."""
    seed = context.seed
    rng = random.Random(seed)
    queries = query_set(rng, Sizes.for_passages(context.passages))
    log, client = context.log, context.client
    log(f"search: {len(queries)} queries of {len(KIND_LABELS)} kinds (drawn with seed {seed})")
    rows = []
    for query in queries:
        if query.page > 1:
            query.page = min(query.page, last_page(query))
        samples, errors = [], 0
        for attempt in range(context.warmup + context.repeat):
            status, _body, _first, total = client.get(query.path)
            if status != 200:
                errors += 1
            elif attempt >= context.warmup:
                samples.append(total)
        with translation.override(query.language):
            page = search_everything(query=query.q, filters=query.filters, page=query.page, language=query.language)
            count = page.counts.get("passage", 0)
            if count > CANDIDATES:
                count = passage_count(query, page.filters)
            exact_runs = []
            for _ in range(context.exact_repeat):
                ms, exact_top = exact(query)
                exact_runs.append(ms)
            top_exact = None
            if query.one_or_two_words:
                top_exact = len(set(exact_top) & set(shown_top(query)))
        p50, p95 = percentiles(samples) if samples else (0.0, 0.0)
        exact_ms = percentiles(exact_runs)[0]
        row = {
            "kind": query.kind,
            "language": query.language,
            "q": query.q,
            "page": query.page,
            "filters": query.filters,
            "drawn": query.drawn,
            "path": query.path,
            "passages_matched": count,
            "share": round(count / max(context.public_passages, 1), 4),
            "http_ms": [round(sample, 1) for sample in samples],
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "exact_sql_ms": round(exact_ms, 1),
            "top20_exact": top_exact,
            "top20_of": min(TOP, len(exact_top)) if top_exact is not None else None,
            "errors": errors,
        }
        rows.append(row)
        log(
            f"  {query.kind:13} {query.language} {query.q[:40]:40} p{query.page:<3} {count:>9,} matches "
            f"http p50 {p50:7.1f} p95 {p95:7.1f} ms, exact SQL {exact_ms:8.1f} ms"
            + (f", top {TOP}: {top_exact} exact" if top_exact is not None else "")
        )
    kinds = []
    for key, label in KIND_LABELS.items():
        mine = [row for row in rows if row["kind"] == key]
        if not mine:
            continue
        samples = [sample for row in mine for sample in row["http_ms"]]
        p50, p95 = percentiles(samples) if samples else (0.0, 0.0)
        slower = [row for row in mine if row["p50_ms"] > row["exact_sql_ms"]]
        tops = [row for row in mine if row["top20_exact"] is not None]
        kind = {
            "kind": key,
            "label": label,
            "queries": len(mine),
            "requests": len(samples),
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "exact_sql_p50_ms": round(percentiles([row["exact_sql_ms"] for row in mine])[0], 1),
            "slower_than_exact": len(slower),
            "top20_exact": sum(row["top20_exact"] for row in tops) if tops else None,
            "top20_of": sum(row["top20_of"] for row in tops) if tops else None,
            "errors": sum(row["errors"] for row in mine),
            "p95_met": p95 <= TARGET_P95_MS,
            "exact_met": not slower,
        }
        if not (kind["p95_met"] and kind["exact_met"]):
            worst = max(mine, key=lambda row: row["p95_ms"])
            query = Query(key, worst["language"], worst["q"], worst["page"], worst["filters"])
            with translation.override(query.language):
                kind["why"] = {
                    "query": worst["path"],
                    **why(
                        lambda query=query: search_everything(
                            query=query.q, filters=query.filters, page=query.page, language=query.language
                        )
                    ),
                }
        kinds.append(kind)
    return {
        "seed": seed,
        "target_p95_ms": TARGET_P95_MS,
        "queries": rows,
        "kinds": kinds,
        "shares": _shares(),
        "phrase_plans": phrase_plans(queries),
    }


# The passages' statement of a search page (core.search.backends.PostgreSQLBackend.search_top).
PASSAGES_STATEMENT = 'ts_rank("sources_passage"."search_vector"'
PASSAGE_GIN_INDEXES = {
    "passage_search_pairs": "the word-pairs GIN index",
    "passage_search_vector": "the words GIN index",
}
_PRIMARY_KEY_WALK = re.compile(r"Index Scan Backward using sources_passage_pkey .*actual time=\S+ rows=(\d+)")
_REMOVED = re.compile(r"Rows Removed by Filter: (\d+)")


def phrase_plans(queries):
    """Return, for each fixed phrase query, its passages' statement explained and how it finds its rows."""
    plans = {}
    for query in queries:
        if query.kind.startswith("phrase") and not query.drawn:
            with translation.override(query.language):
                found = why(
                    lambda query=query: search_everything(query=query.q, language=query.language), PASSAGES_STATEMENT
                )
            found["access"], found["uses_index"] = access_path(found["plan"])
            plans[query.q] = found
    return plans


def access_path(plan):
    """Return (how the passages' statement finds its rows, whether through a GIN index) from its plan's lines."""
    for index, name in PASSAGE_GIN_INDEXES.items():
        if any(index in line for line in plan):
            return name, True
    for at, line in enumerate(plan):
        if walk := _PRIMARY_KEY_WALK.search(line):
            removed = next((int(m.group(1)) for later in plan[at + 1 : at + 3] if (m := _REMOVED.search(later))), 0)
            kept = int(walk.group(1))
            return f"the primary key, newest first: {kept + removed:,} rows read for {kept:,}", False
    return "a table scan", False


def _shares():
    """Return the expected share of passages of the bands the drawn words come from."""
    return {
        name: [round(document_share(band[0]), 4), round(document_share(band[1] - 1), 4)]
        for name, band in (("common", COMMON), ("frequent", FREQUENT), ("mid", MID), ("rare", RARE))
    }
