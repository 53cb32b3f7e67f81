"""The relevance suite over the seed knowledge base: what must come first, or be on the first page."""

import pytest
from django.core.management import call_command

from website.search.service import search_everything

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

# (query, records that must come first in this order, records that must be on the first page);
# a record is "kind:slug".
ENGLISH = [
    ("IGLHRC", ["organization:outright-action-international"], []),
    ("OutRight", ["organization:outright-action-international"], []),
    ("Amnesty International", ["organization:amnesty-international"], []),
    ("HRC", ["organization:human-rights-campaign"], []),
    ("Moscow Pride", ["organization:moscow-pride"], []),
    ("social media", ["strategy:social-media-campaigns"], []),
    ("lobbying governments", ["strategy:lobbying-governments-and-legislators"], []),
    ("Eurasia", [], ["region:eurasia", "organization:eurasian-queer-activists"]),
    (
        '"transnational solidarity"',
        [],
        ["strategy:cross-border-alliances", "source:eurasian-queer-transnational-solidarity"],
    ),
    ("campaigns", [], ["organization:human-rights-campaign", "strategy:media-and-public-relations-campaigns"]),
    ("court rulings -legislation", ["strategy:appealing-court-rulings"], []),
    ("UN or Amnesty", [], ["organization:united-nations", "organization:amnesty-international"]),
]
ARABIC = [
    ("منظمة العفو الدولية", ["organization:amnesty-international"], []),
    ("مُنَظَّمَةُ العَفْوِ", ["organization:amnesty-international"], []),
    ("كويرستان", ["organization:queeristan"], []),
    ("موسكو برايد", ["organization:moscow-pride"], []),
    ("وسائل التواصل الاجتماعي", ["strategy:social-media-campaigns"], []),
    ("والحكومات", [], ["strategy:lobbying-governments-and-legislators"]),
    ("حملة", [], ["organization:human-rights-campaign", "strategy:media-and-public-relations-campaigns"]),
    ("أوراسيا", [], ["region:eurasia"]),
    # The glossary's wording (docs/glossary.md), not the document's calque «عبر الوطني».
    (
        "التضامن العابر للحدود",
        [],
        ["strategy:cross-border-alliances", "source:eurasian-queer-transnational-solidarity"],
    ),
    ("بالمحاكم", [], ["strategy:appealing-court-rulings"]),
]


def key(hit):
    return f"{hit.kind.key}:{hit.record.slug if hasattr(hit.record, 'slug') else hit.record.pk}"


def check(cases, language):
    failures = []
    for query, first, present in cases:
        results = [key(hit) for hit in search_everything(query=query, language=language).hits]
        if results[: len(first)] != first or not set(present) <= set(results):
            failures.append((query, first, present, results[:6]))
    assert failures == []


@pytest.fixture
def seed():
    call_command("load_seed", verbosity=0)


def test_english_queries(seed):
    check(ENGLISH, "en")


def test_arabic_queries(seed):
    check(ARABIC, "ar")


def test_typos_in_names_get_suggestions(seed):
    suggested = search_everything(query="Amnesty Internatinal", language="en").suggestions
    assert [record.slug for record in suggested][:1] == ["amnesty-international"]
    suggested = search_everything(query="Coalitoin bulding", language="en").suggestions
    assert "coalition-building" in [record.slug for record in suggested]
