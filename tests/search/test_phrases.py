"""Phrases are found through the word pairs of passages: the same matches, kept true as text changes."""

import pytest

from core.search.query import pairs_tsquery, parse_query, phrase_pairs
from sources.models import Passage
from tests.factories import PassageFactory
from website.search.service import search_everything

pytestmark = pytest.mark.django_db


def found(query, language="en"):
    results = search_everything(query=query, kind="passage", language=language)
    return {hit.record.pk for hit in results.hits}


def test_a_phrase_of_common_words_finds_the_passages_that_hold_it_in_order():
    together = PassageFactory(text_en="Their rights campaign reached the government.")
    apart = PassageFactory(text_en="A campaign for rights, and the government listened.")
    reversed_order = PassageFactory(text_en="The campaign rights of the government.")
    assert found('"rights campaign"') == {together.pk}
    assert found("rights campaign") == {together.pk, apart.pk, reversed_order.pk}
    assert found('"campaign rights"') == {reversed_order.pk}


def test_an_arabic_phrase_is_found_whatever_the_diacritics_and_alef_forms():
    passage = PassageFactory(text_ar="أطلقت المنظمة حملةَ حقوقِ الإنسانِ في المنطقة.")
    PassageFactory(text_ar="حقوق المنظمة في حملة الإنسان.")
    assert found('"حملة حقوق الانسان"', "ar") == {passage.pk}


def test_a_phrase_follows_an_edit_of_the_passage_and_a_bulk_update():
    passage = PassageFactory(text_en="A campaign for rights.")
    assert found('"rights campaign"') == set()
    passage.text_en = "A rights campaign."
    passage.save()
    assert found('"rights campaign"') == {passage.pk}
    Passage.objects.filter(pk=passage.pk).update(text_en="Campaign first, then rights.")
    assert found('"rights campaign"') == set()
    assert found('"campaign first"') == {passage.pk}


def test_phrases_with_alternatives_and_exclusions_keep_their_meaning():
    both = PassageFactory(text_en="Human rights defenders met the government.")
    only_one = PassageFactory(text_en="Women's rights defenders met.")
    assert found('"human rights" or "women rights"') == {both.pk, only_one.pk}
    assert found('"rights defenders" -"human rights"') == {only_one.pk}
    assert found('"human rights" or defenders') == {both.pk, only_one.pk}


@pytest.mark.parametrize(
    "query, pairs",
    [
        ('"human rights campaign"', "(('human~right' & 'right~campaign'))"),
        ('"human rights" or "women rights"', "(('human~right') | ('women~right'))"),
        # A single word in a group has no pair to ask for: that group narrows nothing.
        ('"human rights" or defenders', ""),
        ("human rights", ""),
    ],
)
def test_the_pairs_asked_for_are_those_every_match_must_hold(query, pairs):
    assert pairs_tsquery(phrase_pairs(parse_query(query))) == pairs
