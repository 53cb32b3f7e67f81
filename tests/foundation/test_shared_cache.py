"""Production keeps the cache in a database table, which every gunicorn worker and app server shares.

A cache per process would show a record hidden in the admin, in the kept counts and drawings of
every other process, until its copy expired.
"""

import pytest
from django.core.cache import cache
from django.db import connection

from tests.factories import OrganizationFactory


def kept_keys(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")
        return {key.split(":", 2)[2] for (key,) in cursor.fetchall()}


@pytest.mark.django_db
def test_the_kept_counts_live_in_the_table_and_a_write_empties_them_for_every_process(client, production_cache):
    OrganizationFactory(slug="alpha", name_en="Alpha Network")
    assert client.get("/en/").status_code == 200
    assert client.get("/en/strategies/").status_code == 200
    kept = kept_keys(production_cache)
    assert {"home-summary", "visuals-generation"} <= kept
    assert any(key.startswith("strategy-claims:") for key in kept)

    OrganizationFactory(slug="beta")
    kept = kept_keys(production_cache)
    assert "home-summary" not in kept and "visuals-generation" not in kept
    assert client.get("/en/").status_code == 200
    assert "home-summary" in kept_keys(production_cache) and cache.get("home-summary")[0]["organizations"] == 2
