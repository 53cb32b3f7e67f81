"""Claims in search: found by who, what, where, their words and quotes; kept current as those records change."""

import pytest

from orgs.models import Organization
from strategies.models import Evidence, Strategy
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    PassageFactory,
    RegionFactory,
    StrategyFactory,
)
from website.search.service import search_everything

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


@pytest.fixture
def claim():
    africa = RegionFactory(slug="africa", name_en="Africa", name_ar="أفريقيا")
    kenya = RegionFactory(slug="kenya", name_en="Kenya", name_ar="كينيا", parent=africa)
    organization = OrganizationFactory(name_en="Global Justice Institute", name_ar="المعهد العالمي للعدل")
    OrganizationNameFactory(organization=organization, name="GJI")
    strategy = StrategyFactory(name_en="Lobbying governments", name_ar="الضغط على الحكومات")
    evidence = EvidenceFactory(
        organization=organization,
        strategy=strategy,
        summary_en="The institute promoted anti-discrimination policies.",
        summary_ar="عزز المعهد سياسات مكافحة التمييز.",
    )
    evidence.regions.set([kenya])
    passage = PassageFactory(
        text_en="The institute succeeded in several countries.", text_ar="نجح المعهد في عدة بلدان."
    )
    EvidencePassageFactory(evidence=evidence, passage=passage, quote_en="several countries", quote_ar="عدة بلدان")
    return evidence


def claims_found(query, language="en"):
    results = search_everything(query=query, language=language, kind="claim")
    return [hit.record for hit in results.hits]


@pytest.mark.parametrize(
    "query",
    [
        "Global Justice",  # the organization's name
        "GJI",  # its other name
        "المعهد العالمي",  # its name in Arabic
        "lobbying",  # the strategy
        "الضغط",
        "Kenya",  # a region
        "Africa lobbying",  # the region around it, with the strategy
        "الضغط أفريقيا",
        "anti-discrimination",  # the summary
        "التمييز",
        "several countries",  # a quote
        "بلدان",
    ],
)
def test_a_claim_is_found_by_who_what_where_and_its_words(claim, query):
    assert claims_found(query) == [claim]


def test_a_claim_is_its_own_result_type_with_a_count_and_a_link(claim):
    results = search_everything(query="Africa lobbying", language="en")
    (hit,) = [hit for hit in results.hits if hit.kind.key == "claim"]
    assert results.counts["claim"] == 1
    assert hit.url == claim.get_absolute_url()
    titles = [text for text, _code in hit.title_parts]
    assert titles == ["Global Justice Institute", "<mark>Lobbying</mark> governments"]


def test_a_claim_is_titled_in_the_pages_language_with_the_other_name_it_was_found_by(claim):
    (hit,) = search_everything(query="GJI", language="ar", kind="claim").hits
    assert [text for text, _code in hit.title_parts] == ["المعهد العالمي للعدل", "الضغط على الحكومات"]
    assert hit.matched_name == ("<mark>GJI</mark>", "en")

    (organization,) = search_everything(query="Global Justice", language="ar", kind="organization").hits
    assert organization.title == "المعهد العالمي للعدل"
    assert organization.matched_name == ("<mark>Global</mark> <mark>Justice</mark> Institute", "en")


def test_the_claim_follows_renames_other_names_regions_and_quotes(claim):
    Strategy.objects.filter(pk=claim.strategy_id).update(name_en="Policy advocacy")
    assert claims_found("policy advocacy") == [claim]
    assert claims_found("lobbying") == []

    organization = claim.organization
    organization.name_en = "Justice Institute International"
    organization.save()
    assert claims_found("Justice Institute International") == [claim]

    alias = OrganizationNameFactory(organization=organization, name="Instituto Global")
    assert claims_found("Instituto") == [claim]
    alias.delete()
    assert claims_found("Instituto") == []

    europe = RegionFactory(name_en="Europe", name_ar="أوروبا")
    claim.regions.add(europe)
    assert claims_found("Europe") == [claim]
    claim.regions.remove(europe)
    assert claims_found("Europe") == []
    europe.evidence.add(claim)
    assert claims_found("Europe") == [claim]
    europe.evidence.clear()
    assert claims_found("Europe") == []

    citation = claim.citations.get()
    citation.delete()
    assert claims_found("several countries") == []


def test_hidden_records_never_lead_to_a_claim(claim):
    secret = RegionFactory(name_en="Secretland", name_ar="أرض سرية", sensitive=True)
    claim.regions.add(secret)
    hidden_passage = PassageFactory(text_en="A hidden meeting took place.", text_ar="عقد اجتماع خفي.", sensitive=True)
    EvidencePassageFactory(evidence=claim, passage=hidden_passage, quote_en="hidden meeting", quote_ar="اجتماع خفي")
    unreviewed = PassageFactory(text_en="Words under review.", text_ar="كلمات قيد المراجعة.")
    citation = EvidencePassageFactory(
        evidence=claim, passage=unreviewed, quote_en="under review", quote_ar="قيد المراجعة", published=False
    )
    for query in ("Secretland", "hidden meeting", "under review"):
        assert claims_found(query) == [], query

    citation.published = True
    citation.save()
    assert claims_found("under review") == [claim]

    Evidence.objects.filter(pk=claim.pk).update(published=False)
    assert claims_found("lobbying") == []
    assert search_everything(query="lobbying", language="en").counts["claim"] == 0


def test_strategy_and_region_hits_show_who_uses_them(claim):
    other = OrganizationFactory(name_en="Alpha Network", name_ar="شبكة ألفا")
    EvidenceFactory(organization=other, strategy=claim.strategy)
    hidden = OrganizationFactory(name_en="Hidden Org", published=False)
    EvidenceFactory(organization=hidden, strategy=claim.strategy)

    (strategy,) = search_everything(query="lobbying", language="en", kind="strategy").hits
    assert strategy.used_by == [("Alpha Network", "en"), ("Global Justice Institute", "en")]
    (region,) = search_everything(query="Kenya", language="ar", kind="region").hits
    assert region.used_by == [("المعهد العالمي للعدل", "ar")]


def test_the_search_page_lists_claims_with_their_title_and_who_uses_a_strategy(client, claim):
    page = client.get("/en/search/", {"q": "lobbying"}).content.decode()
    assert 'href="{}"'.format(claim.get_absolute_url().replace("&", "&amp;")) in page
    assert "Claims <span" in page
    assert "Used by:" in page and "Global Justice Institute" in page

    arabic = client.get("/ar/search/", {"q": "GJI"}).content.decode()
    assert "المعهد العالمي للعدل" in arabic
    assert "وُجد باسم" in arabic


def test_a_latin_name_typed_in_arabic_script_is_suggested():
    amnesty = OrganizationFactory(name_en="Amnesty International", name_ar="منظمة العفو الدولية")
    results = search_everything(query="امنستي", language="ar")
    assert amnesty in results.suggestions


def test_an_arabic_name_typed_in_latin_letters_is_suggested():
    freedom = OrganizationFactory(name_en="Freedom Network", name_ar="منظمة الحرية")
    results = search_everything(query="Munazzamat", language="en")
    assert freedom in results.suggestions
    assert Organization.objects.published().suggest("Munazzamat") == [freedom]
