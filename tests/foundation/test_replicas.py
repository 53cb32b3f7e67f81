"""Reads go to a read replica, writes and read-after-write to the primary (DATABASE_REPLICA_URLS)."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from orgs.models import Organization
from tests.factories import OrganizationFactory
from website.replicas import PIN_COOKIE

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica_1"])


@pytest.fixture
def replica(settings):
    settings.DATABASE_REPLICAS = ["replica_1"]
    OrganizationFactory(slug="alpha", name_en="Alpha Network", name_ar="شبكة ألفا")


def queries(client, method, path, **kwargs):
    """Send a request; return its response and the number of queries on the primary and the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as mirror,
    ):
        response = getattr(client, method)(path, **kwargs)
    return response, len(primary), len(mirror)


def test_a_public_page_reads_from_the_replica_only(client, replica):
    response, primary, mirror = queries(client, "get", "/en/organizations/alpha/")
    assert response.status_code == 200 and "Alpha Network" in response.content.decode()
    assert primary == 0 and mirror > 0


def test_a_write_and_the_same_browser_right_after_it_use_the_primary(client, replica):
    response, primary, mirror = queries(client, "post", "/admin/login/", data={"username": "x", "password": "y"})
    assert response.status_code == 200 and primary > 0 and mirror == 0
    assert PIN_COOKIE in response.cookies
    response, primary, mirror = queries(client, "get", "/en/organizations/alpha/")
    assert response.status_code == 200 and primary > 0 and mirror == 0
    # Another browser, without the cookie, reads from the replica.
    client.cookies.clear()
    _response, primary, mirror = queries(client, "get", "/en/organizations/alpha/")
    assert primary == 0 and mirror > 0


def test_the_admin_reads_from_the_primary(client, replica, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", password="x"))
    response, primary, mirror = queries(client, "get", "/admin/orgs/organization/")
    assert response.status_code == 200 and "شبكة ألفا" in response.content.decode()
    assert primary > 0 and mirror == 0


def test_reads_outside_a_request_and_all_writes_use_the_primary(replica):
    with CaptureQueriesContext(connections["replica_1"]) as mirror:
        organization = Organization.objects.get(slug="alpha")
        organization.name_en = "Alpha Network International"
        organization.save()
    assert len(mirror) == 0
    assert Organization.objects.using("replica_1").get(slug="alpha").name_en == "Alpha Network International"


def test_without_replicas_every_read_uses_the_primary(client, settings):
    settings.DATABASE_REPLICAS = []
    OrganizationFactory(slug="beta")
    _response, primary, mirror = queries(client, "get", "/en/organizations/beta/")
    assert primary > 0 and mirror == 0


def test_a_forged_pin_cookie_does_not_break_the_page(client, replica):
    client.cookies[PIN_COOKIE] = "not-a-number"
    response, primary, mirror = queries(client, "get", "/en/organizations/alpha/")
    assert response.status_code == 200 and primary == 0 and mirror > 0


def test_a_public_page_on_a_replica_reads_the_production_cache_from_the_primary(client, replica, production_cache):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as mirror,
    ):
        assert client.get("/en/strategies/").status_code == 200
    # The primary answers the cache's statements (in transactions when it writes) and nothing else.
    statements = [query["sql"] for query in primary.captured_queries if query["sql"] not in ("BEGIN", "COMMIT")]
    assert statements and all(production_cache in sql for sql in statements)
    assert mirror and not any(production_cache in query["sql"] for query in mirror.captured_queries)
