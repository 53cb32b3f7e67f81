"""Hostile query strings get a page or a 404 on every public list and the admin, never a 500."""

from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command

from tests.responses import hang_up

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

LISTS = [
    "/{lang}/",
    "/{lang}/organizations/",
    "/{lang}/strategies/",
    "/{lang}/regions/",
    "/{lang}/sources/",
    "/{lang}/evidence/",
    "/{lang}/matrix/",
    "/{lang}/search/",
]
PARAMETERS = ["q", "page", "kind", "region", "strategy", "organization", "source", "status", "by", "type", "show"]
HOSTILE = [
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "\u202eحملة\u200f",
    "'; DROP TABLE orgs_organization; --",
    '"unbalanced',
    "-1",
    "99999999999999999999",
    "\ufeff=cmd|' /C calc'!A0",
]


@pytest.fixture
def seeded():
    call_command("load_seed", stdout=StringIO())


def answers(client, address):
    response = client.get(address)
    # Closed as a server closes it, so an unread CSV download frees its slot at once.
    if response.streaming:
        hang_up(response)
    assert response.status_code in (200, 404), (address[:120], response.status_code)


def test_hostile_values_in_any_parameter_never_break_a_public_page(client, seeded):
    for url in LISTS:
        for name in PARAMETERS:
            for value in HOSTILE:
                answers(client, url.format(lang="en") + f"?{name}={quote(value)}")
            # The Arabic pages and the CSV exports read the same parameters the same way.
            for value in HOSTILE[:3]:
                answers(client, url.format(lang="ar") + f"?{name}={quote(value)}")
                answers(client, url.format(lang="en") + f"?{name}={quote(value)}&format=csv")


def test_hostile_admin_searches_and_filters_answer(admin_client, seeded):
    for model in ("orgs/organization", "orgs/region", "strategies/evidence", "sources/passage", "sources/source"):
        for value in HOSTILE:
            for name in ("q", "kind", "published__exact", "p"):
                response = admin_client.get(f"/admin/{model}/?{name}={quote(value)}")
                assert response.status_code in (200, 302, 404), (model, name, value[:20], response.status_code)
