"""A rejected quote comes with the nearest exact words of its passage, in each language."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Language
from sources.quotes import ERROR_QUOTE_EMPTY, ERROR_QUOTE_NEAREST, ERROR_QUOTE_NOT_IN_PASSAGE, nearest_span
from tests.admin_forms import form_data
from tests.factories import EvidenceFactory, EvidencePassageFactory, PassageFactory

pytestmark = pytest.mark.django_db

TEXT_AR = "تعمل المنظمة مع النشطاء المحليين أيضاً لتعزيز الحقوق في المنطقة."
TEXT_EN = "The organization works with local activists to promote rights in the region."


@pytest.mark.parametrize(
    ("text", "quote", "nearest"),
    [
        (TEXT_EN, "Local activists.", "local activists"),
        (TEXT_EN, "works with locals activist", "works with local activists"),
        (TEXT_AR, "المحليين أيضًا لتعزيز", "المحليين أيضاً لتعزيز"),
        (TEXT_AR, "«النشطاء المحليين»", "النشطاء المحليين"),
        (TEXT_EN, "words that are not there", ""),
        (TEXT_EN, "", ""),
        # One word of five differs: the words of the passage in its place.
        (TEXT_EN, "organization works beside local activists", "organization works with local activists"),
        # The last words of the passage, found exactly and nearly.
        (TEXT_EN, "promote rights in the regions.", "promote rights in the region"),
        (TEXT_EN, "rights in the region now", "promote rights in the region"),
        # Three words of four agree: too far to suggest.
        (TEXT_EN, "works alongside local activists", ""),
        # Two windows as near: the first one.
        (
            "They work with local activists here, and they work for local activists there.",
            "they work beside local activists",
            "They work with local activists",
        ),
    ],
)
def test_the_nearest_span_is_exact_words_of_the_passage(text, quote, nearest):
    found = nearest_span(text, quote)
    assert found == nearest
    assert found in text


def test_a_long_quote_of_repeated_words_with_one_typo_still_gets_its_words():
    """A quote of more than 200 words whose words recur (a list, a refrain) is compared word for word.

    difflib would otherwise treat each recurring word of so long a quote as noise and find nothing near.
    """
    refrain = "we demand equal rights and protection for all people in every country"
    text = " ".join([refrain] * 20) + "."
    typo = " ".join([refrain.replace("demand", "demnad")] + [refrain] * 19)
    assert len(typo.split()) > 200
    assert nearest_span(text, typo) == text.rstrip(".")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_citation_form_names_the_nearest_exact_words_in_the_admins_language(admin_client, language):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    evidence, passage = EvidenceFactory(), PassageFactory(text_ar=TEXT_AR, text_en=TEXT_EN)
    url = reverse("admin:strategies_evidence_change", args=[evidence.pk])
    data = form_data(admin_client.get(url))
    data.update(
        {
            "citations-TOTAL_FORMS": "1",
            "citations-0-passage": str(passage.pk),
            "citations-0-quote_ar": "المحليين أيضًا لتعزيز",
            "citations-0-quote_en": "Local activists.",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    with_language = {"language": Language.EN.label}
    assert errors["quote_en"] == [
        str(ERROR_QUOTE_NOT_IN_PASSAGE % with_language),
        str(ERROR_QUOTE_NEAREST % {"suggestion": "local activists"}),
    ]
    assert str(ERROR_QUOTE_NEAREST % {"suggestion": "المحليين أيضاً لتعزيز"}) in errors["quote_ar"]
    assert 'data-suggestion="local activists"' in response.text
    assert not evidence.citations.exists()


def post_citation(client, quote_ar, quote_en):
    """Add a citation to a claim through its admin form; return the response and the claim."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    evidence, passage = EvidenceFactory(), PassageFactory(text_ar=TEXT_AR, text_en=TEXT_EN)
    url = reverse("admin:strategies_evidence_change", args=[evidence.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "citations-TOTAL_FORMS": "1",
            "citations-0-passage": str(passage.pk),
            "citations-0-quote_ar": quote_ar,
            "citations-0-quote_en": quote_en,
        }
    )
    return client.post(url, data), evidence


def test_a_quote_of_the_passages_words_is_saved(admin_client):
    response, evidence = post_citation(admin_client, "النشطاء المحليين", "local activists")
    assert response.status_code == 302
    assert list(evidence.citations.values_list("quote_ar", "quote_en")) == [("النشطاء المحليين", "local activists")]


def test_a_citation_without_a_quote_is_refused_at_the_arabic_quote():
    """The form requires the Arabic quote itself; an import or a script meets this rule."""
    evidence, passage = EvidenceFactory(), PassageFactory()
    citation = EvidencePassageFactory.build(evidence=evidence, passage=passage, quote_ar="", quote_en="")
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert error.value.message_dict["quote_ar"] == [str(ERROR_QUOTE_EMPTY)]


def test_a_quote_with_no_near_words_gets_no_suggestion(admin_client):
    response, evidence = post_citation(admin_client, "النشطاء المحليين", "words that are not there")
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert errors == {"quote_en": [str(ERROR_QUOTE_NOT_IN_PASSAGE % {"language": Language.EN.label})]}
    assert "data-suggestion" not in response.text
    assert not evidence.citations.exists()
