"""PostgreSQL ranks only the newest CANDIDATES matches: counts stop there and say so, ranking stays best first."""

import pytest

from core.search import backends
from tests.factories import PassageFactory
from website.search import service
from website.search.service import search_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_candidates(monkeypatch):
    monkeypatch.setattr(backends, "CANDIDATES", 3)
    monkeypatch.setattr(service, "CANDIDATES", 3)


def test_count_stops_after_the_candidates_and_ranks_the_newest_best_first(three_candidates):
    oldest = PassageFactory(text_en="Campaign, campaign, campaign.", text_ar="نص")
    weak = [PassageFactory(text_en=f"A campaign in town {n} with many other words.", text_ar="نص") for n in range(3)]
    strong = PassageFactory(text_en="Campaign after campaign.", text_ar="نص")
    results = search_everything(query="campaign", kind="passage", language="en")
    assert results.counts["passage"] == 4
    assert results.capped == {"passage"}
    shown = [hit.record for hit in results.hits]
    assert shown[0] == strong
    assert oldest not in shown
    assert set(shown[1:]) == set(weak)


def test_count_is_exact_up_to_the_candidates(three_candidates):
    for n in range(3):
        PassageFactory(text_en=f"Campaign number {n}.", text_ar="نص")
    results = search_everything(query="campaign -missing", language="en")
    assert results.counts["passage"] == 3
    assert results.capped == set()
    assert len(results.hits) == 3
