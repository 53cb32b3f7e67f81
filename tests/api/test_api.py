"""The JSON API: every answer matches its OpenAPI document, nothing hidden ever shows, lists walk every row once."""

import json
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from orgs.models import Organization, Region, Relationship
from sources.models import Passage, Source
from strategies.models import Evidence, EvidencePassage, Strategy
from tests.factories import RegionFactory, SourceFactory, StrategyFactory
from tests.site.test_query_counts import grow
from website.api.dictionary import api_field_sets

pytestmark = pytest.mark.django_db

LISTS = {
    "organizations": Organization,
    "strategies": Strategy,
    "regions": Region,
    "sources": Source,
    "passages": Passage,
    "claims": Evidence,
    "relationships": Relationship,
}
# Words that only hidden records of the fixtures carry, in names, slugs, titles and texts.
HIDDEN_WORDS = ["Hidden", "hidden-", "Secret", "secret-", "Sensitive", "sensitive", "Draft", "draft", "خفية", "سري"]


def ids(records):
    return [record["id"] for record in records]


def every_answer(api):
    """Return the text of every list (every page) and every record's detail."""
    texts = []
    for name in LISTS:
        records = api.walk(f"/api/v1/{name}/?page_size=3")
        texts.append(json.dumps(records, ensure_ascii=False))
        for record in records:
            texts.append(json.dumps(api.get(f"/api/v1/{name}/{record['id']}/").data, ensure_ascii=False))
    return "\n".join(texts)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_walked_page_by_page_gives_every_public_record_once(api, hidden, name):
    records = api.walk(f"/api/v1/{name}/?page_size=2")
    assert len(ids(records)) == len(set(ids(records)))
    assert set(ids(records)) == set(LISTS[name].objects.published().values_list("pk", flat=True))
    assert ids(records) == sorted(ids(records))


def test_a_walk_backwards_gives_the_same_records(api, hidden):
    forward = api.walk("/api/v1/claims/?page_size=2")
    url, backward = api.get("/api/v1/claims/?page_size=2").data["next"], []
    last = api.walk(url)  # the pages after the first
    previous = api.get(api.get("/api/v1/claims/?page_size=2").data["next"]).data["previous"]
    backward = api.get(previous).data["results"]
    assert ids(forward) == ids(api.get("/api/v1/claims/?page_size=2").data["results"]) + ids(last)
    assert ids(backward) == ids(forward)[:2]


def test_every_record_carries_both_languages_stable_ids_and_its_pages(api, kb):
    alpha = api.get("/api/v1/organizations/alpha/").data
    assert alpha["id"] == kb.alpha.pk and alpha["slug"] == "alpha"
    assert alpha["name"] == {"ar": "ألفا", "en": "Alpha Network"}
    assert alpha["pages"] == {
        "ar": "http://testserver/ar/organizations/alpha/",
        "en": "http://testserver/en/organizations/alpha/",
    }
    assert {name["name"] for name in alpha["other_names"]} == {"AN", "Old Alpha"}
    assert alpha["country"]["slug"] == "kenya"
    assert api.get(f"/api/v1/organizations/{kb.alpha.pk}/").data == alpha
    claim = api.get(f"/api/v1/claims/{kb.alpha_social.pk}/").data
    assert claim["organization"]["slug"] == "alpha" and claim["strategy"]["slug"] == "social-media"
    assert claim["summary"]["ar"] and claim["summary"]["en"]
    [citation] = claim["citations"]
    assert citation["quote"] == {"ar": "النشطاء المحليين", "en": "local activists"}
    assert citation["passage"]["position"] == 1 and citation["passage"]["source"]["slug"] == "report"
    assert citation["pages"]["en"].endswith(f"/en/sources/report/#q{citation['id']}")
    passage = api.get(f"/api/v1/passages/{kb.p2.pk}/").data
    assert passage["original_language"] == "en" and passage["text"]["en"] == "Beta brought cases before the courts."


def test_nothing_hidden_appears_in_any_list_or_detail_even_nested(api, hidden):
    everything = every_answer(api)
    for word in HIDDEN_WORDS:
        assert word not in everything
    for citation in EvidencePassage.objects.filter(published=False):
        assert f'"id": {citation.pk}, "quote"' not in everything
    gamma = api.get("/api/v1/organizations/gamma/").data
    assert gamma["country"] is None
    beta = api.get("/api/v1/organizations/beta/").data
    assert beta["country"] is None and [region["slug"] for region in beta["regions"]] == ["kenya"]
    town = api.get("/api/v1/regions/town/").data
    assert town["parent"] is None and [region["slug"] for region in town["also_in"]] == ["africa"]
    assert api.get("/api/v1/strategies/open-child/").data["parent"] is None
    claim = api.get(f"/api/v1/claims/{hidden.claim.pk}/").data
    assert [region["slug"] for region in claim["regions"]] == ["town"]
    assert [citation["quote"]["en"] for citation in claim["citations"]] == ["cases"]
    assert api.get(f"/api/v1/relationships/{hidden.link.pk}/").data["citations"] == []


def test_a_hidden_record_answers_404_by_id_and_by_slug(api, hidden):
    kb = hidden.kb
    for name, record in [
        ("organizations", kb.hidden_org),
        ("organizations", kb.sensitive_org),
        ("regions", kb.hidden_region),
        ("regions", hidden.secret_country),
        ("strategies", kb.hidden_strategy),
        ("sources", kb.hidden_source),
    ]:
        for lookup in (record.pk, record.slug):
            response = api.get(f"/api/v1/{name}/{lookup}/")
            assert response.status_code == 404 and response.data == api.get("/api/v1/claims/999999/").data
    for name, model in [("passages", Passage), ("claims", Evidence), ("relationships", Relationship)]:
        for record in model.objects.exclude(pk__in=model.objects.published()):
            assert api.get(f"/api/v1/{name}/{record.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/organizations/?region=africa", {"alpha", "beta"}),
        ("/api/v1/organizations/?strategy=public-awareness", {"alpha"}),
        ("/api/v1/organizations/?kind=grassroots", set()),
        ("/api/v1/organizations/?q=alpha", {"alpha"}),
        ("/api/v1/organizations/?q=Collective", {"beta"}),
        ("/api/v1/strategies/?parent=public-awareness", {"social-media"}),
        ("/api/v1/strategies/?q=litigation", {"litigation"}),
        ("/api/v1/regions/?parent=africa", {"kenya", "town"}),
        ("/api/v1/regions/?kind=continent", {"africa"}),
        ("/api/v1/sources/?kind=essay&original_language=ar", {"report"}),
    ],
)
def test_list_filters_and_search_are_the_pages(api, hidden, url, expected):
    response = api.get(url)
    assert response.status_code == 200
    assert {record["slug"] for record in response.data["results"]} == expected


def test_claim_passage_and_relationship_filters(api, hidden):
    kb = hidden.kb

    def claims(query):
        return set(ids(api.get(f"/api/v1/claims/?{query}").data["results"]))

    assert claims("organization=alpha") == {kb.alpha_social.pk}
    assert claims("organization=Beta") == {kb.beta_litigation.pk}
    assert claims("strategy=public-awareness&region=africa") == {kb.alpha_social.pk}
    assert claims("source=report") == {kb.alpha_social.pk, kb.beta_litigation.pk, hidden.claim.pk}
    assert claims("region_given=no") == {kb.beta_litigation.pk}
    assert claims("status=disputed") == set()
    assert claims("q=litigation") == {kb.beta_litigation.pk}
    passages = api.get("/api/v1/passages/?source=report&q=courts").data["results"]
    assert ids(passages) == [kb.p2.pk]
    links = api.get("/api/v1/relationships/?organization=gamma").data["results"]
    assert ids(links) == [hidden.link.pk]
    assert len(api.get("/api/v1/relationships/?organization=alpha&kind=funds").data["results"]) == 1


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/organizations/?colour=red", "colour"),
        ("/api/v1/organizations/?kind=spaceship", "kind"),
        ("/api/v1/organizations/?region=hidden-land", "region"),
        ("/api/v1/organizations/?region=%E2%80%AEafrica%00", "region"),
        ("/api/v1/claims/?organization=hidden-org", "organization"),
        ("/api/v1/claims/?status=maybe&region_given=yes", "status"),
        ("/api/v1/relationships/?q=alpha", "q"),
        ("/api/v1/passages/?q=" + "word+" * 200, "q"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(api, kb, url, parameter):
    response = api.get(url)
    assert response.status_code == 400
    assert parameter in response.data["errors"] and response.data["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organizations/?cursor=garbage",
        "/api/v1/organizations/no-such-org/",
        "/api/v1/organizations/99999999999999999999999/",
        "/api/v1/organizations/%D9%A3/",
        "/api/v1/claims/alpha/",
        "/api/v1/passages/-1/",
        "/api/v1/regions/%F0%9F%8C%8D/",
    ],
)
def test_an_unknown_record_or_cursor_is_a_json_404(api, kb, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response.data["detail"]


def test_odd_but_harmless_input_is_answered(api, kb):
    assert api.get("/api/v1/organizations/?page_size=abc").status_code == 200
    assert len(api.get("/api/v1/passages/?page_size=100000").data["results"]) == 2
    assert api.get("/api/v1/claims/?q=%00%E2%80%AE").status_code == 200
    assert api.get("/api/v1/claims/?q=").status_code == 200


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, kb, method):
    for url in ("/api/v1/organizations/", "/api/v1/organizations/alpha/"):
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405
        assert json.loads(response.content)["detail"]
    assert Organization.objects.filter(slug="alpha").exists()


def test_too_many_requests_from_one_address_are_refused_with_429(api, kb):
    with override_settings(API_THROTTLE_RATE="3/minute"):
        for _ in range(3):
            assert api.get("/api/v1/strategies/").status_code == 200
        refused = api.get("/api/v1/strategies/")
        assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
        other = api.client.get("/api/v1/strategies/", REMOTE_ADDR="192.0.2.7")
        assert other.status_code == 200


def test_reads_are_open_to_other_origins_and_the_site_is_not(api, client, kb):
    response = api.get("/api/v1/organizations/", HTTP_ORIGIN="https://analyst.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/organizations/",
        HTTP_ORIGIN="https://analyst.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert set(preflight["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert "Access-Control-Allow-Credentials" not in preflight
    assert "authorization" not in preflight["Access-Control-Allow-Headers"]
    page = client.get("/en/organizations/", HTTP_ORIGIN="https://analyst.example")
    assert "Access-Control-Allow-Origin" not in page


@pytest.mark.parametrize("name", LISTS)
def test_a_page_costs_the_same_queries_whatever_its_size(api, kb, name):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url).status_code == 200
        return len(captured)

    small = queries(f"/api/v1/{name}/?page_size=100")
    grow(kb)
    for _ in range(4):
        RegionFactory(parent=kb.africa).also_in.set([kb.world, kb.kenya])
        StrategyFactory(parent=kb.awareness)
        SourceFactory()
    assert len(api.get(f"/api/v1/{name}/?page_size=100").data["results"]) > 3
    assert queries(f"/api/v1/{name}/?page_size=100") == small
    first = api.get(f"/api/v1/{name}/").data["results"][0]["id"]
    assert queries(f"/api/v1/{name}/{first}/") <= small


def test_the_root_names_every_list(api):
    root = api.get("/api/v1/").data
    assert set(root["resources"]) == set(LISTS)
    assert root["schema"].endswith("/api/v1/schema/")


def test_the_schema_downloads_without_javascript_in_yaml_and_json(client):
    yaml = client.get("/api/v1/schema/")
    assert yaml.status_code == 200 and yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.content.startswith(b"openapi: 3.")
    document = json.loads(client.get("/api/v1/schema/?format=json").content)
    assert {f"/api/v1/{name}/" for name in LISTS} <= set(document["paths"])
    assert document["components"]["schemas"]["Organization"]["properties"]["name"]["required"] == ["ar", "en"]


def test_the_docs_page_loads_only_files_of_the_site(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "script-src 'self'" in page["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/' in attributes and not body.strip() for attributes, body in scripts)
    assert "style=" not in html and "<style" not in html
    assert 'href="/api/v1/schema/"' in html
    start = re.findall(r'src="(/api/v1/docs/\?script=)"', html)[0]
    script = client.get(start)
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()
    assert client.get(re.findall(r'src="(/static/[^"]+bundle\.js)"', html)[0]).status_code == 200


def test_every_api_field_is_documented_in_both_languages():
    sets = api_field_sets()
    assert [name for name, _path, _fields in sets] == list(LISTS)
    for _name, _path, fields in sets:
        for name, label, help_text, type_name, _values in fields:
            with translation.override("en"):
                english = (str(label), str(help_text), str(type_name))
            with translation.override("ar"):
                arabic = (str(label), str(help_text), str(type_name))
            assert all(english), name
            assert all(re.search("[\u0600-\u06ff]", text) for text in arabic), (name, arabic)
    organization_fields = dict((row[0], row) for row in sets[0][2])
    assert ("international_ngo", Organization.Kind.INTERNATIONAL_NGO.label) in organization_fields["kind"][4]
    assert "country.name" in organization_fields
