"""Production keeps the cache in a database table, which every gunicorn worker and app server shares.

A cache per process would show a record hidden in the admin, in the kept counts and drawings of
every other process, until its copy expired.
"""

import importlib
import secrets

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganizationFactory

TABLE = "advocacy_cache"


@pytest.fixture
def production_cache(settings, monkeypatch):
    """Use the production settings' cache, its table made as docker/start.sh makes it."""
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    settings.CACHES = importlib.import_module("website.settings.production").CACHES
    call_command("createcachetable")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def kept_keys():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {TABLE}")
        return {key.split(":", 2)[2] for (key,) in cursor.fetchall()}


@pytest.mark.django_db
def test_the_kept_counts_live_in_the_table_and_a_write_empties_them_for_every_process(client, production_cache):
    OrganizationFactory(slug="alpha", name_en="Alpha Network")
    assert client.get("/en/").status_code == 200
    assert client.get("/en/strategies/").status_code == 200
    kept = kept_keys()
    assert {"home-summary", "visuals-generation"} <= kept
    assert any(key.startswith("strategy-claims:") for key in kept)

    OrganizationFactory(slug="beta")
    kept = kept_keys()
    assert "home-summary" not in kept and "visuals-generation" not in kept
    assert client.get("/en/").status_code == 200
    assert "home-summary" in kept_keys() and cache.get("home-summary")[0]["organizations"] == 2


@pytest.mark.django_db(transaction=True, databases=["default", "replica_1"])
def test_a_public_page_served_by_a_replica_reads_the_cache_from_the_primary(client, settings, production_cache):
    settings.DATABASE_REPLICAS = ["replica_1"]
    OrganizationFactory(slug="alpha")
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as mirror,
    ):
        assert client.get("/en/strategies/").status_code == 200
    # The primary answers the cache's statements (in transactions when it writes) and nothing else.
    statements = [query["sql"] for query in primary.captured_queries if query["sql"] not in ("BEGIN", "COMMIT")]
    assert statements and all(TABLE in sql for sql in statements)
    assert mirror and not any(TABLE in query["sql"] for query in mirror.captured_queries)
