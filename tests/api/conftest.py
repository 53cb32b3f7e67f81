"""The API's tests: a knowledge base with hidden records around public ones, and a client that checks every answer.

`api` is the test client wrapped so each answer under /api/v1/ is validated against the OpenAPI
document the API itself serves (openapi-core): status, content type and body.
"""

import json
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import override_settings
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from orgs.models import Region
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    RegionFactory,
    RelationshipFactory,
    RelationshipPassageFactory,
    StrategyFactory,
)
from tests.site.conftest import kb  # noqa: F401  (the shared knowledge base fixture)

_SPEC = {}


def openapi(client):
    """Return the API's own OpenAPI document, read once through HTTP."""
    if "spec" not in _SPEC:
        response = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        _SPEC["spec"] = OpenAPI.from_dict(json.loads(response.content))
    return _SPEC["spec"]


class SchemaCheckedClient:
    """A test client whose every answer is validated against the OpenAPI document."""

    def __init__(self, client):
        self.client = client

    def request(self, method, url, **headers):
        response = getattr(self.client, method.lower())(url, **headers)
        parts = urlsplit(url)
        request = MockRequest(
            "http://testserver",
            method,
            parts.path,
            args=dict(parse_qsl(parts.query, keep_blank_values=True)),
        )
        body = MockResponse(
            response.content,
            status_code=response.status_code,
            headers=dict(response.headers),
            content_type=response.headers.get("Content-Type", "").split(";")[0],
        )
        openapi(self.client).validate_response(request, body)
        response.data = json.loads(response.content)
        return response

    def get(self, url, **headers):
        return self.request("GET", url, **headers)

    def walk(self, url):
        """Follow `next` from url to the last page; return every record of every page."""
        records = []
        while url:
            response = self.get(url)
            assert response.status_code == 200, response.data
            records += response.data["results"]
            url = response.data["next"]
        return records


@pytest.fixture
def api(client):
    # A rate that no test reaches except the one that checks it.
    with override_settings(API_THROTTLE_RATE="100000/minute"):
        yield SchemaCheckedClient(client)


@pytest.fixture
def hidden(kb):  # noqa: F811
    """Add hidden records where the API could let them through nested: parents, seats, groupings, quotes."""
    secret_country = RegionFactory(slug="secret-country", name_en="Secret Country", name_ar="بلد سري", sensitive=True)
    hidden_continent = RegionFactory(
        slug="hidden-continent", name_en="Hidden Continent", name_ar="قارة خفية", published=False
    )
    town = RegionFactory(slug="town", name_en="Town", name_ar="بلدة", kind=Region.Kind.CITY, parent=hidden_continent)
    town.also_in.set([secret_country, kb.africa])
    kb.beta.country = secret_country
    kb.beta.save()
    kb.beta.regions.set([secret_country, kb.kenya])
    hidden_category = StrategyFactory(slug="hidden-category", name_en="Hidden Category", published=False)
    child = StrategyFactory(slug="open-child", name_en="Open child", parent=hidden_category)
    gamma = OrganizationFactory(slug="gamma", name_en="Gamma Group", name_ar="غاما")
    claim = EvidenceFactory(organization=gamma, strategy=child)
    claim.regions.set([secret_country, town])
    EvidencePassageFactory(
        evidence=claim, passage=kb.p1, quote_en="local activists", quote_ar="النشطاء المحليين", published=False
    )
    EvidencePassageFactory(evidence=claim, passage=kb.p2, quote_en="cases", quote_ar="قضايا")
    link = RelationshipFactory(subject=gamma, target=kb.alpha, kind="member_of")
    RelationshipPassageFactory(relationship=link, passage=kb.p1, quote_en="Alpha", quote_ar="ألفا", published=False)
    RelationshipPassageFactory(relationship=link, passage=kb.secret_passage, quote_en="sensitive", quote_ar="حساس")
    return SimpleNamespace(
        kb=kb,
        secret_country=secret_country,
        hidden_continent=hidden_continent,
        town=town,
        hidden_category=hidden_category,
        child=child,
        gamma=gamma,
        claim=claim,
        link=link,
    )
