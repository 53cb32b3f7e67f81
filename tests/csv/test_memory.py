"""A large export streams with flat memory: ten times the rows, about the same peak."""

import tracemalloc

import pytest

from sources.models import Passage, Source

pytestmark = pytest.mark.django_db

PER_SOURCE = 400
SMALL, LARGE = 6, 60


def make_sources(count, start=0):
    """Add `count` public sources of PER_SOURCE passages each, in bulk."""
    sources = Source.objects.bulk_create(
        Source(
            slug=f"bulk-{n}",
            title_ar=f"مصدر {n}",
            title_en=f"Source {n}",
            kind=Source.Kind.REPORT,
            original_language="ar",
            published=True,
        )
        for n in range(start, start + count)
    )
    Passage.objects.bulk_create(
        Passage(
            source=source,
            position=position,
            text_ar="تعمل المنظمة مع النشطاء المحليين لتعزيز الحقوق في المنطقة كلها. " * 3,
            text_en="The organization works with local activists to promote rights in the whole region. " * 3,
            original_language="ar",
            published=True,
        )
        for source in sources
        for position in range(1, PER_SOURCE + 1)
    )


def peak_while_downloading(client, path):
    """Return (rows, bytes, peak bytes allocated by Python) while consuming a streamed download."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = client.get(path)
        assert response.streaming
        size = rows = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\r\n")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return rows, size, peak


def test_memory_does_not_grow_with_the_number_of_rows(client):
    make_sources(SMALL)
    client.get("/en/sources/?format=csv")  # warm caches: URL resolver, translations, templates
    small_rows, small_size, small_peak = peak_while_downloading(client, "/en/sources/?format=csv")
    make_sources(LARGE - SMALL, start=SMALL)
    large_rows, large_size, large_peak = peak_while_downloading(client, "/en/sources/?format=csv")
    print(
        f"\nsources CSV: {small_rows:,} rows ({small_size / 1e6:.1f} MB) peak {small_peak / 1e6:.1f} MB; "
        f"{large_rows:,} rows ({large_size / 1e6:.1f} MB) peak {large_peak / 1e6:.1f} MB"
    )
    assert large_rows >= 10 * small_rows - 10
    assert large_size > 9 * small_size
    # Ten times the rows: the peak stays within a quarter of the small export's, far below the file's size.
    assert large_peak < small_peak * 1.25
    assert large_peak < large_size / 4
