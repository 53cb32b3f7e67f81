"""The one normalization shared by the index and the query."""

import pytest

from core.search.normalize import normalize, tokens

pytestmark = pytest.mark.smoke


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("والحكومات", "الحكومة"),
        ("حملة", "حملات"),
        ("المنظمات", "منظمة"),
        ("مُنَظَّمَةٌ", "منظمة"),
        ("الدُّوَلِيَّة", "دولي"),
        ("إحدى", "احدي"),
        ("أوروبا", "اوروبا"),
        ("آسيا", "اسيا"),
        ("ٱلحكومة", "الحكومة"),
        ("حمـــلة", "حملة"),
        ("فالحكومة", "الحكومة"),
        ("بالحملات", "حملة"),
        ("للحكومة", "حكومة"),
        ("كالمنظمة", "منظمات"),
        ("الناشطين", "ناشطون"),
        ("٢٠١٥", "2015"),
        ("۲۰۱۵", "2015"),
    ],
)
def test_arabic_forms_normalize_alike(typed, stored):
    assert normalize(typed) == normalize(stored)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Campaigns", "campaign"),
        ("CAMPAIGNING", "campaigned"),
        ("organizations", "Organization"),
        ("governments", "government"),
        ("Women's", "women"),
        ("Café", "cafe"),
    ],
)
def test_english_is_case_folded_and_stemmed(typed, stored):
    assert normalize(typed) == normalize(stored)


def test_distinct_words_stay_distinct():
    assert normalize("حقوق") != normalize("حكومة")
    assert normalize("rights") != normalize("right-wing")


def test_short_words_keep_a_stem():
    assert tokens("بين") == ["بين"]
    assert tokens("ال") == ["ال"]
    assert all(len(token) >= 2 for token in tokens("والات وله بها"))


def test_direction_marks_and_control_characters_are_dropped():
    assert tokens("\u202eحملة\u200f \x00 rights\u200b") == tokens("حملة rights")


def test_punctuation_only_gives_no_tokens():
    assert tokens("!!! ؟؟ ... «» —") == []


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        # The conjunction و goes when three letters stay, not from a three-letter word.
        ("وعلم", "علم"),
        ("وطن", "وطن"),
        # An article or an ending goes when exactly two letters stay.
        ("الحق", "حق"),
        ("حقها", "حق"),
    ],
)
def test_light_stemmer_keeps_a_stem_of_two_letters(word, stem):
    assert tokens(word) == [stem]


def test_a_missing_text_gives_an_empty_document():
    assert tokens(None) == []
    assert normalize(None) == ""


def test_the_document_is_the_tokens_joined_by_spaces():
    assert normalize("Rights campaigns وحملة") == "right campaign حمل"
