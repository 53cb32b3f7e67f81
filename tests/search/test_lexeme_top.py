"""PostgreSQL: the stored best rows of frequent words put a common word's best old rows on the first page."""

import pytest
from django.core.management import call_command

from core.models import SearchLexemeTop
from core.search import backends, lexemes
from sources.models import Passage
from tests.factories import EvidenceFactory, EvidencePassageFactory, PassageFactory, RegionFactory, SourceFactory
from website.search import service
from website.search.service import search_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(monkeypatch):
    """Three candidates, and every word in half the passages of a base of any size counts as frequent."""
    monkeypatch.setattr(backends, "CANDIDATES", 3)
    monkeypatch.setattr(service, "CANDIDATES", 3)
    monkeypatch.setattr(lexemes, "MIN_ROWS", 1)
    monkeypatch.setattr(lexemes, "FREQUENT_SHARE", 0.5)
    monkeypatch.setattr(lexemes, "TOP", 2)


@pytest.fixture
def best_old(small):
    """The best passage for "campaign", followed by more newer, weaker matches than the candidates."""
    best = PassageFactory(text_en="Campaign, campaign, campaign. Comma.", text_ar="نص")
    for n in range(4):
        PassageFactory(text_en=f"A campaign in town {n} with many other words.", text_ar="نص")
    return best


def shown(query):
    return [hit.record for hit in search_everything(query=query, kind="passage", language="en").hits]


def refresh():
    call_command("search_refresh_top", verbosity=0)


def test_best_old_row_reaches_the_first_page_only_with_the_stored_lists(best_old):
    assert best_old not in shown("campaign")
    refresh()
    results = search_everything(query="campaign", kind="passage", language="en")
    assert results.hits[0].record == best_old
    # The count still reads "more than" the candidates, as before.
    assert results.capped == {"passage"}


def test_the_lists_are_checked_against_the_whole_query(best_old):
    refresh()
    assert shown("campaign -town") == [best_old]
    assert best_old not in shown("campaign -comma")
    assert best_old not in shown('"campaign town"')


def test_a_word_without_a_list_keeps_the_newest_candidates(best_old):
    refresh()
    # "zanzibar" has no list, so the best "campaign or zanzibar" rows may lie outside the stored ones.
    results = shown("campaign or zanzibar")
    # The newer, weaker matches fill the page instead.
    assert results and set(results) == set(Passage.objects.exclude(pk=best_old.pk))


def test_rows_added_after_the_refresh_still_appear(best_old):
    refresh()
    newer = PassageFactory(text_en="Campaign, campaign, campaign, campaign.", text_ar="نص")
    assert shown("campaign")[:2] == [newer, best_old]


def test_unpublished_and_sensitive_rows_never_appear(small):
    hidden = PassageFactory(text_en="Campaign, campaign, campaign, campaign.", text_ar="نص", sensitive=True)
    unpublished = PassageFactory(
        text_en="Campaign, campaign, campaign.", text_ar="نص", source=SourceFactory(published=False)
    )
    for n in range(4):
        PassageFactory(text_en=f"A campaign in town {n} with many other words.", text_ar="نص")
    refresh()
    # Both rank best and are stored (a list holds hidden rows, so publishing needs no refresh) ...
    stored = SearchLexemeTop.objects.get(model_label="sources.Passage", lexeme="campaign").ids
    assert stored == [hidden.pk, unpublished.pk]
    # ... but the search never shows them.
    found = shown("campaign")
    assert found and hidden not in found and unpublished not in found
    assert {hidden, unpublished}.isdisjoint(Passage.objects.published().search("campaign"))


def test_refresh_twice_changes_nothing(best_old, capsys):
    call_command("search_refresh_top")
    first = list(SearchLexemeTop.objects.order_by("model_label", "lexeme").values_list("model_label", "lexeme", "ids"))
    call_command("search_refresh_top")
    second = list(SearchLexemeTop.objects.order_by("model_label", "lexeme").values_list("model_label", "lexeme", "ids"))
    assert first == second
    assert SearchLexemeTop.objects.get(model_label="sources.Passage", lexeme="campaign").ids[0] == best_old.pk
    assert "sources.Passage: 5 rows, " in capsys.readouterr().out


def test_a_word_no_longer_frequent_loses_its_list(best_old):
    refresh()
    assert SearchLexemeTop.objects.filter(lexeme="campaign").exists()
    Passage.objects.all().delete()
    refresh()
    assert not SearchLexemeTop.objects.filter(model_label="sources.Passage").exists()


def test_a_region_filter_keeps_the_stored_best_rows_cited_there_and_only_those(best_old):
    inside, elsewhere = RegionFactory(slug="inside"), RegionFactory(slug="elsewhere")

    def cite(passage, region):
        claim = EvidenceFactory()
        claim.regions.set([region])
        EvidencePassageFactory(evidence=claim, passage=passage, quote_en="ampaign", quote_ar="نص")

    # The best old row and the newer, weaker ones (more than the candidates) are cited in the region;
    # the strongest row of all only elsewhere.
    cite(best_old, inside)
    for passage in Passage.objects.exclude(pk=best_old.pk):
        cite(passage, inside)
    strongest = PassageFactory(text_en="Campaign, campaign, campaign, campaign.", text_ar="نص")
    cite(strongest, elsewhere)
    refresh()
    results = search_everything(query="campaign", kind="passage", filters={"region": "inside"}, language="en")
    shown_there = [hit.record for hit in results.hits]
    assert shown_there[0] == best_old
    assert strongest not in shown_there
    assert strongest in shown("campaign")
