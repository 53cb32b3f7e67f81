"""Fixtures of the foundation tests."""

import importlib
import secrets

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.fixture
def production_cache(settings, monkeypatch):
    """Use the production settings' cache, its table made as docker/start.sh makes it; return the table's name."""
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    settings.CACHES = importlib.import_module("website.settings.production").CACHES
    call_command("createcachetable")
    table = settings.CACHES["default"]["LOCATION"]
    yield table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
