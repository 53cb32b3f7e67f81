"""PostgreSQL ranks only the newest CANDIDATES matches: counts stop there and say so, ranking stays best first."""

import datetime

import pytest
from django.db import connection

from core.search import backends
from core.search.query import parse_query
from sources.models import Passage
from tests.csv.conftest import body, read_rows
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


@pytest.mark.parametrize(
    "language, note",
    [
        ("en", "The file holds the best 3 matches of each type"),
        ("ar", "يضمّ الملف أفضل ٣ نتيجة من كل نوع"),
    ],
)
def test_the_search_csv_says_it_holds_each_types_best_candidates(client, three_candidates, language, note):
    for n in range(4):
        PassageFactory(text_en=f"Campaign number {n}.", text_ar=f"حملة رقم {n}.")
    page = client.get(f"/{language}/search/?q=campaign").content.decode()
    assert note in page
    response = client.get(f"/{language}/search/?q=campaign&format=csv")
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="search-best-3-per-type-{today}.csv"'
    rows = read_rows(body(response))
    assert [row["type"] for row in rows] == ["passage"] * 3


def test_a_search_within_the_candidates_offers_every_match(client, three_candidates):
    for n in range(3):
        PassageFactory(text_en=f"Campaign number {n}.", text_ar="نص")
    page = client.get("/en/search/?q=campaign").content.decode()
    assert "Every row of this list with its filters" in page
    assert len(read_rows(body(client.get("/en/search/?q=campaign&format=csv")))) == 3


@pytest.mark.parametrize("index_rows_at_most", [0, 1_000_000])
def test_the_newest_candidates_are_the_same_whether_the_matches_count_as_few_or_many(
    client, monkeypatch, three_candidates, index_rows_at_most
):
    # Few matches are taken through the word index and sorted; many are found down the primary key.
    monkeypatch.setattr(backends, "INDEX_ROWS_AT_MOST", index_rows_at_most)
    oldest = PassageFactory(text_en="Campaign, campaign, campaign.", text_ar="نص")
    weak = [PassageFactory(text_en=f"A campaign in town {n} with many other words.", text_ar="نص") for n in range(3)]
    strong = PassageFactory(text_en="Campaign after campaign.", text_ar="نص")
    PassageFactory(text_en="Nothing to see.", text_ar="نص")
    results = search_everything(query="campaign", kind="passage", language="en")
    assert results.counts["passage"] == 4
    shown = [hit.record for hit in results.hits]
    assert shown[0] == strong and set(shown[1:]) == set(weak) and oldest not in shown
    rows = read_rows(body(client.get("/en/search/?q=campaign&format=csv")))
    # The file holds the newest three, best first.
    assert [row["id"] for row in rows if row["type"] == "passage"] == [str(strong.pk), str(weak[2].pk), str(weak[1].pk)]


def newest_candidates_found(query, older, newer):
    """Analyze the passages, check the query gets a window, and that it finds the newest four matches."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sources_passage")
    backends._kept_in_process.clear()
    window = backends.newest_window(Passage.objects.published(), parse_query(query))
    assert window is not None and window < Passage.objects.count()
    results = search_everything(query=query, kind="passage", language="en")
    assert results.counts["passage"] == 4 and results.capped == {"passage"}
    # The newest matches, as many as the statement fetches to tell a capped count (CANDIDATES + 1).
    newest = sorted([*older, *newer], key=lambda passage: passage.pk)[-4:]
    assert {hit.record for hit in results.hits} == set(newest)


@pytest.mark.parametrize("recent_matches", [2, 6])
def test_a_window_of_the_newest_rows_gives_the_newest_candidates_of_the_whole_table(
    monkeypatch, three_candidates, recent_matches
):
    # A word neither in few rows nor frequent is looked for among the newest ids first, as many as the
    # statistics say hold the candidates; when fewer lie there, among every row.
    monkeypatch.setattr(backends, "WINDOW_ROWS_ABOVE", 0)
    monkeypatch.setattr(backends, "WINDOW_SHARE_BELOW", 1.0)
    older = [PassageFactory(text_en=f"A campaign in town {n}.", text_ar="نص") for n in range(6)]
    for n in range(12):
        PassageFactory(text_en=f"Other words {n}.", text_ar="نص")
    newer = [PassageFactory(text_en=f"Campaign number {n}.", text_ar="نص") for n in range(recent_matches)]
    newest_candidates_found("campaign", older, newer)
    # Rows with an excluded word are not matches: the window widens by their share ("town": 6 rows of 18 or more).
    published = Passage.objects.published()
    alone, less_town = (
        backends.newest_window(published, parse_query(query)) for query in ("campaign", "campaign -town")
    )
    assert less_town > alone


@pytest.mark.parametrize("recent_matches", [2, 6])
def test_a_phrase_in_many_rows_is_found_through_its_word_pairs_within_a_window_of_the_newest(
    monkeypatch, three_candidates, recent_matches
):
    # The pairs count as many (more than INDEX_ROWS_AT_MOST): the window is sized by the pairs' share,
    # the pairs' index selects the rows in it and only those are checked for the phrase itself.
    monkeypatch.setattr(backends, "INDEX_ROWS_AT_MOST", 0)
    monkeypatch.setattr(backends, "WINDOW_SHARE_BELOW", 1.0)
    older = [PassageFactory(text_en=f"A rights campaign in town {n}.", text_ar="نص") for n in range(6)]
    for n in range(12):
        PassageFactory(text_en=f"The campaign for rights {n}.", text_ar="نص")
    newer = [PassageFactory(text_en=f"Rights campaign number {n}.", text_ar="نص") for n in range(recent_matches)]
    newest_candidates_found('"rights campaign"', older, newer)
    # Counted as many, the pairs select the rows only within the window.
    parsed = parse_query('"rights campaign"')
    query, _rank = backends.PostgreSQLBackend.tsqueries(parsed)
    sql = str(backends.matching(Passage.objects.all(), parsed, query, windowed=True).query)
    assert '"search_pairs" @@' in sql and "ts_match_vq" in sql
    assert '"search_pairs" @@' not in str(backends.matching(Passage.objects.all(), parsed, query).query)
