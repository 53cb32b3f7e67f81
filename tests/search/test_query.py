"""The query syntax: words, "phrases", -exclusions, or; and what bad input turns into."""

import pytest

from core.search.normalize import normalize
from core.search.query import (
    MAX_QUERY_LENGTH,
    NOTICE_NO_WORDS,
    NOTICE_ONLY_EXCLUDED,
    NOTICE_TRUNCATED,
    NOTICE_UNBALANCED_QUOTE,
    parse_query,
    tsquery,
)

pytestmark = pytest.mark.smoke


def n(word):
    return normalize(word)


def test_words_must_all_match():
    parsed = parse_query("social media")
    assert parsed.groups == [[(n("social"),)], [(n("media"),)]]


def test_phrase_keeps_word_order():
    parsed = parse_query('"human rights" campaign')
    assert parsed.groups == [[(n("human"), n("rights"))], [(n("campaign"),)]]
    assert "<->" in tsquery(parsed)


def test_minus_excludes_words_and_phrases():
    parsed = parse_query('queer -Europe -"human rights"')
    assert parsed.groups == [[(n("queer"),)]]
    assert parsed.excluded == [(n("europe"),), (n("human"), n("rights"))]


@pytest.mark.parametrize("operator", ["or", "OR", "أو"])
def test_or_joins_alternatives(operator):
    parsed = parse_query(f"IGLHRC {operator} OutRight campaign")
    assert parsed.groups == [[(n("iglhrc"),), (n("outright"),)], [(n("campaign"),)]]


def test_arabic_query_is_normalized_like_the_index():
    assert parse_query("والحكومات").groups == [[(n("الحكومة"),)]]


def test_empty_query_is_not_a_search():
    parsed = parse_query("   ")
    assert not parsed
    assert parsed.notices == []


@pytest.mark.parametrize("raw", ["!!!", "؟؟؟ ...", "or", '""', "- - -", "\u200f\u202e"])
def test_query_without_words_says_so(raw):
    parsed = parse_query(raw)
    assert not parsed
    assert list(parsed.notices) in ([NOTICE_NO_WORDS], [])


def test_only_excluded_words_says_what_to_do():
    parsed = parse_query("-europe")
    assert not parsed
    assert parsed.notices == [NOTICE_ONLY_EXCLUDED]


def test_unbalanced_quote_searches_the_rest_as_a_phrase():
    parsed = parse_query('"human rights')
    assert parsed.groups == [[(n("human"), n("rights"))]]
    assert NOTICE_UNBALANCED_QUOTE in parsed.notices


def test_long_query_is_cut_to_the_limit_and_says_so():
    parsed = parse_query("word " * 2000)
    assert len(parsed.text) <= MAX_QUERY_LENGTH
    assert NOTICE_TRUNCATED % {"limit": MAX_QUERY_LENGTH} in parsed.notices


def test_nul_and_control_characters_never_reach_the_query():
    parsed = parse_query("hu\x00man\x07 rights\u202e")
    assert "\x00" not in parsed.text and "\u202e" not in parsed.text
    assert all(token.isalnum() for token in parsed.positive_tokens)


def test_sql_fragment_is_only_words():
    parsed = parse_query("'; DROP TABLE sources_passage; -- \\ ' OR 1=1")
    query = tsquery(parsed)
    assert ";" not in query and "--" not in query and "\\" not in query
