"""The synthetic knowledge base: sources and passages with a Zipf-like vocabulary in both languages.

Word ranks follow random()**4 over the vocabulary, so the first words occur in most passages
(like "the" or "في"), words ranked around 10 in about one passage in seven, the tail in a
handful. Arabic words carry prefixes and suffixes, so the stored document differs from the text.
Passages go in with COPY, the GIN index is rebuilt once afterwards.
"""

import random
import time

from django.db import connection

from core.search.normalize import normalize
from sources.models import Passage, Source

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


def ensure(passages, log=print):
    """Make sure the benchmark database holds at least this many public passages."""
    have = Passage.objects.count()
    if have >= passages:
        log(f"reusing {have:,} passages")
        return have
    rng = random.Random(SEED)
    arabic, english = vocabulary(rng)
    arabic_norm = [normalize(word) for word in arabic]
    english_norm = [normalize(word) for word in english]
    sources = (passages + PER_SOURCE - 1) // PER_SOURCE
    start = time.perf_counter()
    Passage.objects.all().delete()
    Source.objects.all().delete()
    Source.objects.bulk_create(
        Source(
            slug=f"bench-{n}",
            title_ar=f"مصدر {n}",
            title_en=f"Source {n}",
            kind=Source.Kind.REPORT,
            original_language="ar",
            published=True,
            # One source in fifty is unpublished, so the published() filter has work to do.
            sensitive=n % 50 == 49,
        )
        for n in range(sources)
    )
    source_ids = list(Source.objects.order_by("pk").values_list("pk", flat=True))
    weights = [(rank + 1) ** 0.25 - rank**0.25 for rank in range(VOCABULARY)]
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    ranks = range(VOCABULARY)
    columns = (
        "source_id, position, kind, text, text_ar, text_en, original_language, published, sensitive, "
        "created_at, updated_at, search_title, search_document"
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS passage_search_vector")
        with cursor.cursor.copy(f"COPY sources_passage ({columns}) FROM STDIN") as copy:
            for n in range(passages):
                picks_ar = rng.choices(ranks, cum_weights=cumulative, k=WORDS_PER_LANGUAGE)
                picks_en = rng.choices(ranks, cum_weights=cumulative, k=WORDS_PER_LANGUAGE)
                document = " ".join([arabic_norm[i] for i in picks_ar] + [english_norm[i] for i in picks_en])
                copy.write_row(
                    (
                        source_ids[n // PER_SOURCE],
                        n % PER_SOURCE + 1,
                        "paragraph",
                        text_ar := " ".join(arabic[i] for i in picks_ar),
                        text_ar,
                        " ".join(english[i] for i in picks_en),
                        "ar",
                        True,
                        n % 100 == 99,
                        "2024-01-01T00:00:00Z",
                        "2024-01-01T00:00:00Z",
                        "",
                        document,
                    )
                )
                if n and n % 200_000 == 0:
                    log(f"  {n:,} passages written ({time.perf_counter() - start:.0f} s)")
        log(f"  {passages:,} passages copied in {time.perf_counter() - start:.0f} s; building the GIN index")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("CREATE INDEX passage_search_vector ON sources_passage USING gin (search_vector)")
        cursor.execute("VACUUM ANALYZE sources_passage")
        cursor.execute("ANALYZE sources_source")
    log(f"built {passages:,} passages in {time.perf_counter() - start:.0f} s")
    return passages
