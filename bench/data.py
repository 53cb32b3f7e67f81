"""The synthetic knowledge base: passages, organizations, strategies, regions, claims and relationships.

Word ranks follow a Zipf-like law over the vocabulary, so the first words occur in most passages
(like "the" or "في"), words ranked around 10 in about one passage in seven, the tail in a
handful. Arabic words carry prefixes and suffixes, so the stored document differs from the text.

At 1,000,000 passages the build holds 10,000 organizations with other names, 200 strategies and
250 regions in trees, 50,000 claims with 80,000 citations, 20,000 relationships with a citation
each; smaller builds scale the organizations, claims and relationships down. Every citation
quotes words of its passage exactly (the database checks it). As in the real data, some records
are unpublished or sensitive. Every table is loaded with COPY, with explicit ids; the passages'
GIN indexes (words and word pairs) are built once afterwards, each on a connection of its own
while the other tables load, and the stored search documents of the small searchable tables are
written by the site's own indexing code.
"""

import json
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

from django.db import DatabaseError, connection

from core.search.indexing import search_index_rebuild
from core.search.normalize import normalize
from orgs.models import Organization, Region
from strategies.models import Evidence, Strategy

VOCABULARY = 20_000
WORDS_PER_LANGUAGE = 40
PER_SOURCE = 1000
SEED = 20240601
ARABIC_LETTERS = "بتثجحخدذرزسشصضطظعغقكمنهي"
ARABIC_AFFIXES = [("", ""), ("ال", ""), ("وال", ""), ("", "ات"), ("ال", "ات"), ("بال", "ة"), ("", "ة"), ("لل", "ين")]
ENGLISH_LETTERS = "bcdfghjklmnprstvwz"
ENGLISH_VOWELS = "aeiou"
# Real words planted at known ranks, so the benchmark queries mean something.
PLANTED_ARABIC = {0: "حقوق", 1: "الحكومات", 2: "حملة", 7: "منظمات", 40: "التضامن"}
PLANTED_ENGLISH = {0: "rights", 1: "government", 2: "campaign", 7: "organizations", 40: "solidarity", 15000: "zanzibar"}
TIMESTAMP = "2024-01-01T00:00:00Z"
# The passages' GIN indexes (sources/models.py), dropped for the COPY and built again after it.
PASSAGE_GIN_INDEXES = {"passage_search_vector": "search_vector", "passage_search_pairs": "search_pairs"}
REGIONS = 250
STRATEGIES = 200
# Every content table, children first; TRUNCATE ... RESTART IDENTITY empties them for a rebuild.
TABLES = [
    "advocacy_searchlexemetop",
    "strategies_evidencepassage",
    "strategies_evidence_regions",
    "strategies_evidence",
    "orgs_relationshippassage",
    "orgs_relationship",
    "orgs_organizationname",
    "orgs_organization_regions",
    "orgs_organization",
    "orgs_region_also_in",
    "orgs_region",
    "strategies_strategy",
    "sources_passage",
    "sources_source",
]


@dataclass(frozen=True)
class Sizes:
    """How many rows of each kind a build holds."""

    passages: int
    sources: int
    organizations: int
    strategies: int
    regions: int
    claims: int
    citations: int
    relationships: int

    @classmethod
    def for_passages(cls, passages):
        """Return the sizes of the issue at 1,000,000 passages, scaled down for smaller builds."""
        scale = passages / 1_000_000
        organizations = max(200, round(10_000 * scale))
        claims = max(500, round(50_000 * scale))
        return cls(
            passages=passages,
            sources=(passages + PER_SOURCE - 1) // PER_SOURCE,
            organizations=organizations,
            strategies=STRATEGIES,
            regions=REGIONS,
            claims=claims,
            citations=claims * 8 // 5,
            relationships=organizations * 2,
        )


# The table that holds each size, to tell whether the database already holds a build.
COUNTED = {
    "passages": "sources_passage",
    "sources": "sources_source",
    "organizations": "orgs_organization",
    "strategies": "strategies_strategy",
    "regions": "orgs_region",
    "claims": "strategies_evidence",
    "citations": "strategies_evidencepassage",
    "relationships": "orgs_relationship",
}


class Progress:
    """Rows written so far and rows per second, on one line on a terminal, every tenth otherwise."""

    def __init__(self, label, total, log):
        self.label, self.total, self.log = label, total, log
        self.start = time.perf_counter()
        self.tty = sys.stderr.isatty()
        # Small tables only report their end.
        self.step = max(1, total // (200 if self.tty else 10)) if total >= 20_000 else total + 1

    def line(self, done):
        seconds = max(time.perf_counter() - self.start, 1e-9)
        return (
            f"  {self.label}: {done:,}/{self.total:,} rows ({100 * done / max(self.total, 1):.0f} %), "
            f"{done / seconds:,.0f} rows/s"
        )

    def update(self, done):
        if done % self.step:
            return
        if self.tty:
            sys.stderr.write("\r" + self.line(done))
            sys.stderr.flush()
        elif done:
            self.log(self.line(done))

    def finish(self, done):
        if self.tty:
            sys.stderr.write("\r" + " " * 100 + "\r")
        seconds = time.perf_counter() - self.start
        self.log(f"{self.line(done)}; {seconds:.1f} s")
        return seconds


def vocabulary(rng):
    """Return parallel lists (arabic, english) of display words, indexed by rank."""
    arabic, english = [], []
    for rank in range(VOCABULARY):
        stem = "".join(rng.choice(ARABIC_LETTERS) for _ in range(rng.randint(3, 5)))
        prefix, suffix = rng.choice(ARABIC_AFFIXES)
        arabic.append(PLANTED_ARABIC.get(rank, prefix + stem + suffix))
        word = "".join(rng.choice(ENGLISH_LETTERS) + rng.choice(ENGLISH_VOWELS) for _ in range(rng.randint(2, 4)))
        english.append(PLANTED_ENGLISH.get(rank, word))
    return arabic, english


def rank_weights():
    """Return the probability of each rank for one word drawn (they sum to about 1)."""
    return [(rank + 1) ** 0.25 - rank**0.25 for rank in range(VOCABULARY)]


def document_share(rank):
    """Return the expected share of passages whose text in one language holds the word of this rank."""
    weights = rank_weights()
    return 1 - (1 - weights[rank] / sum(weights)) ** WORDS_PER_LANGUAGE


def counts():
    """Return the rows of each size now in the database."""
    with connection.cursor() as cursor:
        found = {}
        for name, table in COUNTED.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            found[name] = cursor.fetchone()[0]
    return found


def ensure(passages, *, rebuild=False, log=print):
    """Build the synthetic knowledge base of this size unless the database already holds it; return a report."""
    sizes = Sizes.for_passages(passages)
    if not rebuild and counts() == asdict(sizes):
        log(f"reusing the build of {passages:,} passages (make bench REBUILD=1 builds it again)")
        return {"built": False, "sizes": asdict(sizes), "seconds": {}, "earlier": earlier_build()}
    report = build(sizes, log=log)
    # Kept with the data, so a later run that reuses it can say how long the build took.
    with connection.cursor() as cursor:
        cursor.execute(
            f'COMMENT ON DATABASE "{connection.settings_dict["NAME"]}" IS %s',
            [json.dumps({"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), **report})],
        )
    return report


def earlier_build():
    """Return the report the build of the data now in the database left, or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        comment = cursor.fetchone()[0]
    try:
        return json.loads(comment) if comment else None
    except ValueError:
        return None


def _copy(cursor, table, columns, rows, total, log, label=None):
    progress = Progress(label or table, total, log)
    done = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            done += 1
            progress.update(done)
    return progress.finish(done)


def _words(rng, words, low, high, count):
    return " ".join(words[rng.randrange(low, high)] for _ in range(count))


def _gin_index(index, column, log):
    """Build one of the passages' GIN indexes on a connection of this thread's own; return its seconds."""
    start = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute(f"CREATE INDEX {index} ON sources_passage USING gin ({column})")
    finally:
        connection.close()
    seconds = time.perf_counter() - start
    log(f"  the passages' GIN index on {column}: {seconds:.1f} s")
    return seconds


def build(sizes, *, log=print):
    """Empty every content table and load a knowledge base of these sizes with COPY; return a report."""
    start = time.perf_counter()
    seconds = {}
    rng = random.Random(SEED)
    arabic, english = vocabulary(rng)
    shape = random.Random(SEED + 1)
    log(f"building {sizes}")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        # A GIN index is built far faster at once than kept up row by row: both come back after the COPY.
        for index in PASSAGE_GIN_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {index}")
        raw = cursor.cursor
        seconds["sources"] = _copy(raw, "sources_source", *_sources(sizes), log)
        cited = _cited_passages(shape, sizes)
        quotes = {}
        seconds["passages"] = _copy(
            raw, "sources_passage", *_passages(rng, sizes, arabic, english, cited, quotes, shape), log
        )
        # The claims' search documents read passages: their statistics first (ANALYZE would wait
        # for the index builds). The GIN indexes are built beside the rest of the load, on two
        # connections of their own; each takes a lock that lets the passages be read, not written.
        cursor.execute("ANALYZE sources_passage")
        log(f"  building the passages' GIN indexes on {' and '.join(PASSAGE_GIN_INDEXES.values())}, beside the rest")
        pool = ThreadPoolExecutor(max_workers=len(PASSAGE_GIN_INDEXES))
        indexes = {column: pool.submit(_gin_index, index, column, log) for index, column in PASSAGE_GIN_INDEXES.items()}
        seconds["regions"] = _copy(raw, "orgs_region", *_regions(shape, sizes, arabic, english), log)
        seconds["strategies"] = _copy(raw, "strategies_strategy", *_strategies(shape, sizes, arabic, english), log)
        countries = [pk for pk, kind in _region_kinds() if kind in ("country", "city")]
        seconds["organizations"] = _copy(
            raw, "orgs_organization", *_organizations(shape, sizes, arabic, english, countries), log
        )
        seconds["other names"] = _copy(
            raw, "orgs_organizationname", *_other_names(shape, sizes, arabic, english), log, "other names"
        )
        seconds["organization regions"] = _copy(
            raw,
            "orgs_organization_regions",
            *_organization_regions(shape, sizes),
            log,
            "organization regions",
        )
        claims = _claim_pairs(shape, sizes)
        seconds["claims"] = _copy(raw, "strategies_evidence", *_claims(shape, claims, arabic, english), log, "claims")
        seconds["claim regions"] = _copy(
            raw, "strategies_evidence_regions", *_claim_regions(shape, len(claims), countries), log, "claim regions"
        )
        seconds["citations"] = _copy(
            raw, "strategies_evidencepassage", *_citations(shape, sizes, cited, quotes), log, "citations"
        )
        seconds["relationships"] = _copy(raw, "orgs_relationship", *_relationships(shape, sizes), log, "relationships")
        seconds["relationship citations"] = _copy(
            raw,
            "orgs_relationshippassage",
            *_relationship_citations(shape, sizes, cited, quotes),
            log,
            "relationship citations",
        )
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"
            )
    # Without statistics the planner reads the public passages anew for each claim's quotes (seconds a claim).
    analyze_start = time.perf_counter()
    with connection.cursor() as cursor:
        for table in TABLES:
            if table != "sources_passage":
                cursor.execute(f"ANALYZE {table}")
    seconds["analyze"] = time.perf_counter() - analyze_start
    index_start = time.perf_counter()
    written = search_index_rebuild(models_=[Organization, Strategy, Region, Evidence])
    seconds["search documents"] = time.perf_counter() - index_start
    log(f"  search documents of organizations, strategies, regions and claims: {written:,} rows")
    wait_start = time.perf_counter()
    for column, future in indexes.items():
        seconds[f"passage GIN index ({column}), beside the rest"] = future.result()
    pool.shutdown()
    seconds["waiting for the GIN indexes"] = time.perf_counter() - wait_start
    analyze_start = time.perf_counter()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    seconds["vacuum analyze"] = time.perf_counter() - analyze_start
    seconds["total"] = time.perf_counter() - start
    log(f"built in {seconds['total']:.0f} s")
    return {"built": True, "sizes": asdict(sizes), "seconds": {key: round(value, 1) for key, value in seconds.items()}}


def _sources(sizes):
    columns = [
        "id",
        "slug",
        "title",
        "title_ar",
        "title_en",
        "kind",
        "author",
        "author_ar",
        "author_en",
        "url",
        "original_language",
        "research_question",
        "notes",
        "published",
        "sensitive",
        "created_at",
        "updated_at",
        "search_title",
        "search_document",
    ]

    def rows():
        for n in range(sizes.sources):
            title_ar, title_en = f"مصدر {n}", f"Source {n}"
            author_ar, author_en = f"ناشر {n % 37}", f"Publisher {n % 37}"
            yield (
                n + 1,
                f"bench-{n}",
                title_ar,
                title_ar,
                title_en,
                "report",
                author_ar,
                author_ar,
                author_en,
                f"https://example.org/reports/{n}",
                "ar",
                "",
                "",
                True,
                # One source in fifty is sensitive, so the published() filter has work to do.
                n % 50 == 49,
                TIMESTAMP,
                TIMESTAMP,
                normalize(f"{title_ar} \n{title_en}"),
                normalize(f"{author_ar} \n{author_en}"),
            )

    return columns, rows(), sizes.sources


def _cited_passages(shape, sizes):
    """Return the passage index of each citation slot: claims' citations first, then relationships'."""
    slots = sizes.citations + sizes.relationships
    if slots <= sizes.passages:
        return shape.sample(range(sizes.passages), slots)
    return [shape.randrange(sizes.passages) for _ in range(slots)]


def _passages(rng, sizes, arabic, english, cited, quotes, shape):
    arabic_norm = [normalize(word) for word in arabic]
    english_norm = [normalize(word) for word in english]
    weights = rank_weights()
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    ranks = range(VOCABULARY)
    quoted = set(cited)
    columns = [
        "id",
        "source_id",
        "position",
        "kind",
        "text",
        "text_ar",
        "text_en",
        "original_language",
        "published",
        "sensitive",
        "created_at",
        "updated_at",
        "search_title",
        "search_document",
    ]

    def rows():
        for n in range(sizes.passages):
            picks_ar = rng.choices(ranks, cum_weights=cumulative, k=WORDS_PER_LANGUAGE)
            picks_en = rng.choices(ranks, cum_weights=cumulative, k=WORDS_PER_LANGUAGE)
            text_ar = " ".join(arabic[i] for i in picks_ar)
            text_en = " ".join(english[i] for i in picks_en)
            if n in quoted:
                # A run of whole words is an exact substring of the text, as the quote trigger demands.
                length = shape.randint(3, 8)
                at_ar = shape.randrange(WORDS_PER_LANGUAGE - length)
                at_en = shape.randrange(WORDS_PER_LANGUAGE - length)
                quotes[n] = (
                    " ".join(arabic[i] for i in picks_ar[at_ar : at_ar + length]),
                    " ".join(english[i] for i in picks_en[at_en : at_en + length]),
                )
            document = " ".join([arabic_norm[i] for i in picks_ar] + [english_norm[i] for i in picks_en])
            yield (
                n + 1,
                n // PER_SOURCE + 1,
                n % PER_SOURCE + 1,
                "paragraph",
                text_ar,
                text_ar,
                text_en,
                "ar",
                # Some passages await review and some are sensitive, like curated data.
                n % 97 != 96,
                n % 100 == 99,
                TIMESTAMP,
                TIMESTAMP,
                "",
                document,
            )

    return columns, rows(), sizes.passages


def _region_kinds():
    """Return (id, kind) of the 250 regions: the world, continents, sub-regions, countries, cities."""
    kinds = [(1, "world")]
    kinds += [(pk, "continent") for pk in range(2, 8)]
    kinds += [(pk, "subregion") for pk in range(8, 22)]
    kinds += [(pk, "country") for pk in range(22, 202)]
    kinds += [(pk, "city") for pk in range(202, REGIONS + 1)]
    return kinds


def _parent_region(pk, kind):
    if kind == "world":
        return None
    if kind == "continent":
        return 1
    if kind == "subregion":
        return 2 + (pk - 8) % 6
    if kind == "country":
        return 8 + (pk - 22) % 14
    return 22 + (pk - 202) * 3


def _regions(shape, sizes, arabic, english):
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = [a + b for a in letters for b in letters]
    shape.shuffle(codes)
    columns = [
        "id",
        "slug",
        "name",
        "name_ar",
        "name_en",
        "kind",
        "parent_id",
        "iso_code",
        "published",
        "sensitive",
        "created_at",
        "updated_at",
        "search_title",
        "search_document",
    ]

    def rows():
        for pk, kind in _region_kinds():
            name_ar = f"{arabic[3000 + pk]} {arabic[3500 + pk]}"
            name_en = f"{english[3000 + pk].title()} {english[3500 + pk].title()}"
            yield (
                pk,
                f"region-{pk}",
                name_ar,
                name_ar,
                name_en,
                kind,
                _parent_region(pk, kind),
                codes[pk] if kind == "country" else "",
                True,
                # A few cities are sensitive: naming them could expose a group.
                kind == "city" and pk % 10 == 0,
                TIMESTAMP,
                TIMESTAMP,
                "",
                "",
            )

    return columns, rows(), sizes.regions


def _strategies(shape, sizes, arabic, english):
    columns = [
        "id",
        "slug",
        "name",
        "name_ar",
        "name_en",
        "description",
        "description_ar",
        "description_en",
        "parent_id",
        "published",
        "sensitive",
        "created_at",
        "updated_at",
        "search_title",
        "search_document",
    ]

    def parent(pk):
        # 12 categories, 60 strategies under them, the rest one level further down.
        if pk <= 12:
            return None
        if pk <= 72:
            return 1 + (pk - 13) % 12
        return 13 + (pk - 73) % 60

    def rows():
        for pk in range(1, sizes.strategies + 1):
            name_ar = f"{arabic[2000 + pk]} {arabic[2400 + pk]}"
            name_en = f"{english[2000 + pk].title()} {english[2400 + pk]}"
            description_ar = _words(shape, arabic, 0, 5000, 12)
            description_en = _words(shape, english, 0, 5000, 12)
            yield (
                pk,
                f"strategy-{pk}",
                name_ar,
                name_ar,
                name_en,
                description_ar,
                description_ar,
                description_en,
                parent(pk),
                pk % 67 != 66,
                pk % 99 == 98,
                TIMESTAMP,
                TIMESTAMP,
                "",
                "",
            )

    return columns, rows(), sizes.strategies


KINDS = [choice.value for choice in Organization.Kind]


def _organizations(shape, sizes, arabic, english, countries):
    columns = [
        "id",
        "slug",
        "name",
        "name_ar",
        "name_en",
        "description",
        "description_ar",
        "description_en",
        "kind",
        "country_id",
        "website",
        "founded",
        "facts_source",
        "identification",
        "identification_note",
        "published",
        "sensitive",
        "created_at",
        "updated_at",
        "search_title",
        "search_document",
    ]

    def rows():
        for pk in range(1, sizes.organizations + 1):
            first, second = shape.randrange(500, 15000), shape.randrange(500, 15000)
            name_ar = f"{arabic[first]} {arabic[second]} {pk}"
            name_en = f"{english[first].title()} {english[second].title()} {pk}"
            description_ar = _words(shape, arabic, 0, 8000, 20)
            description_en = _words(shape, english, 0, 8000, 20)
            yield (
                pk,
                f"org-{pk}",
                name_ar,
                name_ar,
                name_en,
                description_ar,
                description_ar,
                description_en,
                KINDS[pk % len(KINDS)],
                shape.choice(countries) if pk % 5 else None,
                f"https://org-{pk}.example.org" if pk % 3 else "",
                shape.randint(1950, 2023) if pk % 4 else None,
                "",
                "as_named",
                "",
                pk % 33 != 32,
                # Two in a hundred are sensitive: some groups cannot be named in public.
                pk % 50 == 0,
                TIMESTAMP,
                TIMESTAMP,
                "",
                "",
            )

    return columns, rows(), sizes.organizations


def _other_names(shape, sizes, arabic, english):
    columns = ["id", "organization_id", "name", "kind", "language", "used_until"]
    total = sizes.organizations + sizes.organizations // 2

    def rows():
        pk = 0
        for organization in range(1, sizes.organizations + 1):
            pk += 1
            acronym = "".join(shape.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
            yield (pk, organization, f"{acronym}{organization}", "acronym", "en", None)
            if organization % 2 == 0:
                pk += 1
                former = f"{arabic[shape.randrange(500, 15000)]} {arabic[shape.randrange(500, 15000)]}"
                yield (pk, organization, former, "former", "ar", shape.randint(1990, 2020))

    return columns, rows(), total


def _organization_regions(shape, sizes):
    columns = ["id", "organization_id", "region_id"]
    per = [1 + organization % 3 for organization in range(1, sizes.organizations + 1)]

    def rows():
        pk = 0
        for organization, count in zip(range(1, sizes.organizations + 1), per, strict=True):
            for region in shape.sample(range(2, REGIONS + 1), count):
                pk += 1
                yield (pk, organization, region)

    return columns, rows(), sum(per)


def _claim_pairs(shape, sizes):
    """Return distinct (organization, strategy) pairs, a few organizations holding many claims."""
    pairs, seen = [], set()
    while len(pairs) < sizes.claims:
        organization = 1 + int(sizes.organizations * shape.random() ** 2)
        pair = (organization, shape.randint(1, sizes.strategies))
        if pair not in seen:
            seen.add(pair)
            pairs.append(pair)
    return pairs


def _claims(shape, pairs, arabic, english):
    columns = [
        "id",
        "organization_id",
        "strategy_id",
        "status",
        "summary",
        "summary_ar",
        "summary_en",
        "period_start",
        "period_end",
        "status_note",
        "status_note_ar",
        "status_note_en",
        "status_source",
        "status_source_ar",
        "status_source_en",
        "status_source_date",
        "status_source_url",
        "published",
        "sensitive",
        "created_at",
        "updated_at",
        # Filled after the citations are in: a claim's search text reads them.
        "search_title",
        "search_document",
    ]

    def rows():
        for pk, (organization, strategy) in enumerate(pairs, start=1):
            summary_ar = _words(shape, arabic, 0, 8000, 10)
            summary_en = _words(shape, english, 0, 8000, 10)
            start = shape.randint(1995, 2022) if pk % 4 else None
            end = start + shape.randint(0, 4) if start and pk % 3 == 0 else None
            disputed = pk % 33 == 0
            status = "disputed" if disputed else ("corroborated" if pk % 6 == 0 else "reported")
            note_ar = _words(shape, arabic, 0, 3000, 8) if disputed else None
            note_en = _words(shape, english, 0, 3000, 8) if disputed else None
            yield (
                pk,
                organization,
                strategy,
                status,
                summary_ar,
                summary_ar,
                summary_en,
                f"{start}-01-01" if start else None,
                f"{end}-12-31" if end else None,
                note_ar or "",
                note_ar,
                note_en,
                f"محكمة {pk % 17}" if disputed else "",
                f"محكمة {pk % 17}" if disputed else None,
                f"Court {pk % 17}" if disputed else None,
                "2023-06-01" if disputed else None,
                f"https://example.org/rulings/{pk}" if disputed else "",
                pk % 20 != 19,
                pk % 100 == 42,
                TIMESTAMP,
                TIMESTAMP,
                "",
                "",
            )

    return columns, rows(), len(pairs)


def _claim_regions(shape, claims, countries):
    columns = ["id", "evidence_id", "region_id"]
    per = [1 + claim % 2 for claim in range(1, claims + 1)]

    def rows():
        pk = 0
        for claim, count in zip(range(1, claims + 1), per, strict=True):
            for region in shape.sample(countries, count):
                pk += 1
                yield (pk, claim, region)

    return columns, rows(), sum(per)


def _citations(shape, sizes, cited, quotes):
    """Return the claims' citations: one per claim, a second for the first (citations - claims) claims."""
    columns = ["id", "evidence_id", "passage_id", "quote", "quote_ar", "quote_en", "published"]
    claim_of = list(range(1, sizes.claims + 1)) + list(range(1, sizes.citations - sizes.claims + 1))

    def rows():
        seen = set()
        pk = 0
        for slot, claim in enumerate(claim_of):
            passage = cited[slot]
            if (claim, passage) in seen:
                continue
            seen.add((claim, passage))
            quote_ar, quote_en = quotes[passage]
            pk += 1
            yield (pk, claim, passage + 1, quote_ar, quote_ar, quote_en, pk % 31 != 30)

    return columns, rows(), sizes.citations


def _relationship_triples(shape, sizes):
    kinds = ["collaborates_with", "member_of", "funds", "renamed_to", "opposes"]
    triples, seen = [], set()
    while len(triples) < sizes.relationships:
        subject = shape.randint(1, sizes.organizations)
        target = shape.randint(1, sizes.organizations)
        triple = (subject, shape.choice(kinds), target)
        if subject != target and triple not in seen:
            seen.add(triple)
            triples.append(triple)
    return triples


def _relationships(shape, sizes):
    columns = [
        "id",
        "subject_id",
        "kind",
        "target_id",
        "description",
        "published",
        "sensitive",
        "created_at",
        "updated_at",
    ]

    def rows():
        for pk, (subject, kind, target) in enumerate(_relationship_triples(shape, sizes), start=1):
            yield (pk, subject, kind, target, "", pk % 29 != 28, pk % 100 == 7, TIMESTAMP, TIMESTAMP)

    return columns, rows(), sizes.relationships


def _relationship_citations(shape, sizes, cited, quotes):
    columns = ["id", "relationship_id", "passage_id", "quote", "quote_ar", "quote_en", "published"]

    def rows():
        for pk in range(1, sizes.relationships + 1):
            passage = cited[sizes.citations + pk - 1]
            quote_ar, quote_en = quotes[passage]
            yield (pk, pk, passage + 1, quote_ar, quote_ar, quote_en, pk % 31 != 30)

    return columns, rows(), sizes.relationships


def prewarm():
    """Read every table and index of the benchmark's database once, into the machine's file cache; say how much.

    A database server keeps what it serves in memory; after a build, or beside other work, part of it
    may have left the cache, and a run would then time the disk. pg_prewarm (PostgreSQL's contrib, in
    Debian's server package) reads the files in `read` mode, through the operating system's cache.
    """
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except DatabaseError as error:
            return f"not read beforehand (pg_prewarm: {error})"
        start = time.perf_counter()
        cursor.execute(
            "SELECT coalesce(sum(pg_prewarm(c.oid::regclass, 'read')), 0) * current_setting('block_size')::bigint"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'i', 't', 'm') AND c.relpersistence = 'p'"
            " AND n.nspname IN ('public', 'pg_toast')"
        )
        size = cursor.fetchone()[0]
    seconds = time.perf_counter() - start
    return f"every table and index read once beforehand (pg_prewarm): {size / 2**20:,.0f} MB in {seconds:.1f} s"
