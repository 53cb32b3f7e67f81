"""JSON-LD on each detail page: read back from the page, of the right schema.org type, nothing hidden in it."""

import json
import re

import pytest

from tests.factories import RegionFactory, StrategyFactory

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
HIDDEN_WORDS = ["Hidden", "hidden-", "Secret", "secret", "Sensitive", "sensitive", "Draft", "خفية", "سري", "حساس"]


def linked_data(client, url):
    """Return the page's one JSON-LD block, parsed."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    [block] = BLOCK.findall(html)
    for word in HIDDEN_WORDS:
        assert word not in block, (url, word)
    return json.loads(block)


def test_an_organization_is_a_schema_org_organization_with_its_names_seat_and_regions(client, kb):
    data = linked_data(client, "/en/organizations/alpha/")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Organization"
    assert data["name"] == "Alpha Network"
    assert set(data["alternateName"]) == {"ألفا", "AN", "Old Alpha"}
    assert data["url"] == "http://testserver/en/organizations/alpha/"
    assert data["location"] == {
        "@type": "Country",
        "name": "Kenya",
        "url": "http://testserver/en/regions/kenya/",
        "alternateName": ["كينيا"],
        "identifier": "KE",
    }
    assert [place["name"] for place in data["areaServed"]] == ["Africa"]
    arabic = linked_data(client, "/ar/organizations/alpha/")
    assert arabic["name"] == "ألفا" and arabic["url"] == "http://testserver/ar/organizations/alpha/"


def test_a_hidden_seat_is_left_out(client, kb):
    kb.beta.country = RegionFactory(slug="secret-seat", name_en="Secret seat", sensitive=True)
    kb.beta.save()
    data = linked_data(client, "/en/organizations/beta/")
    assert "location" not in data and "areaServed" not in data


def test_a_strategy_is_a_defined_term_inside_its_public_category(client, kb):
    data = linked_data(client, "/en/strategies/social-media/")
    assert data["@type"] == "DefinedTerm" and data["name"] == "Social media campaigns"
    assert data["isPartOf"]["url"] == "http://testserver/en/strategies/public-awareness/"
    assert data["inDefinedTermSet"]["url"] == "http://testserver/en/strategies/"
    hidden_parent = StrategyFactory(slug="hidden-parent", name_en="Hidden parent", published=False)
    StrategyFactory(slug="orphan", name_en="Orphan", parent=hidden_parent)
    assert "isPartOf" not in linked_data(client, "/en/strategies/orphan/")


def test_a_region_is_a_place_of_its_kind_inside_its_public_parent(client, kb):
    kenya = linked_data(client, "/en/regions/kenya/")
    assert kenya["@type"] == "Country" and kenya["identifier"] == "KE"
    assert kenya["containedInPlace"]["@type"] == "Continent" and kenya["containedInPlace"]["name"] == "Africa"
    assert linked_data(client, "/ar/regions/world/")["@type"] == "Place"
    RegionFactory(slug="town", name_en="Town", kind="city", parent=kb.hidden_region)
    town = linked_data(client, "/en/regions/town/")
    assert town["@type"] == "City" and "containedInPlace" not in town


def test_a_source_is_a_creative_work_of_its_kind(client, kb):
    data = linked_data(client, "/en/sources/report/")
    assert data["@type"] == "Article" and data["name"] == "A report" and data["inLanguage"] == "ar"
    kb.source.kind = "book"
    kb.source.save()
    assert linked_data(client, "/ar/sources/report/")["@type"] == "Book"


def test_a_claim_is_a_schema_org_claim_citing_only_its_public_quotes(client, kb):
    data = linked_data(client, f"/en/evidence/{kb.alpha_social.pk}/")
    assert data["@type"] == "Claim" and data["name"] == "Alpha Network: Social media campaigns"
    assert [thing["@type"] for thing in data["about"]] == ["Organization", "DefinedTerm"]
    assert [place["name"] for place in data["spatialCoverage"]] == ["Kenya"]
    [quote] = data["citation"]
    assert quote["@type"] == "Quotation" and quote["text"] == "local activists"
    assert quote["isPartOf"]["url"] == "http://testserver/en/sources/report/"
    assert [work["name"] for work in data["appearance"]] == ["A report"]
    arabic = linked_data(client, f"/ar/evidence/{kb.alpha_social.pk}/")
    assert arabic["citation"][0]["text"] == "النشطاء المحليين" and arabic["inLanguage"] == "ar"


def test_a_script_end_in_the_data_cannot_leave_the_block(client, kb):
    kb.alpha.description_en = "Bold </script><script>alert(1)</script> & <b>work</b>"
    kb.alpha.save()
    html = client.get("/en/organizations/alpha/").content.decode()
    head = html.split("</head>")[0]
    assert head.count("<script") == 1 and head.count("</script>") == 1
    assert linked_data(client, "/en/organizations/alpha/")["description"] == kb.alpha.description_en


def test_the_pages_keep_the_strict_policy(client, kb):
    response = client.get("/en/organizations/alpha/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
