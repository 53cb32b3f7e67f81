"""Change forms list the claims and relationships that rest on the record, with links, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    PassageFactory,
    RelationshipPassageFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


def change_page(client, obj):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def link(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_forms_link_to_what_rests_on_the_record_without_a_query_per_row(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    passage = PassageFactory()
    citation = EvidencePassageFactory(passage=passage)
    organization, strategy = citation.evidence.organization, citation.evidence.strategy
    relationship = RelationshipPassageFactory(passage=passage).relationship
    for obj, expected in [
        (organization, [citation.evidence]),
        (strategy, [citation.evidence]),
        (passage, [citation.evidence, relationship]),
        (relationship.subject, [relationship]),
    ]:
        page, _queries = change_page(admin_client, obj)
        for dependent in expected:
            assert f'<a href="{link(dependent)}">{dependent}</a>' in page, (obj, dependent)
    _page, before = change_page(admin_client, organization)
    for _n in range(5):
        EvidenceFactory(organization=organization, strategy=StrategyFactory())
    page, after = change_page(admin_client, organization)
    assert page.count("/admin/strategies/evidence/") >= 6
    assert after == before


def test_a_record_nothing_rests_on_says_so_in_arabic(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"
    page, _queries = change_page(admin_client, OrganizationFactory())
    assert "Nothing rests on this record yet." not in page
