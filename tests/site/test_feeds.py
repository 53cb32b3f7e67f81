"""Atom feeds of new and changed claims: read with a real XML parser, public claims only, both languages."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.site.test_query_counts import grow

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
HIDDEN_WORDS = ["Hidden", "Secret", "Sensitive", "خفية", "سري"]


def read_feed(client, url):
    """Return the parsed feed and its entries as [(title, link, summary, updated)]."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = [
        (
            entry.findtext(f"{ATOM}title"),
            entry.find(f"{ATOM}link").get("href"),
            entry.findtext(f"{ATOM}summary") or "",
            entry.findtext(f"{ATOM}updated"),
        )
        for entry in root.iter(f"{ATOM}entry")
    ]
    return root, entries


def claim_links(kb, language, *claims):
    return {f"http://testserver/{language}/evidence/{claim.pk}/" for claim in claims}


def test_the_overall_feed_lists_every_public_claim_and_links_to_each(client, kb):
    root, entries = read_feed(client, "/en/feeds/claims/")
    assert root.findtext(f"{ATOM}title") == "New and changed claims"
    assert {link for _title, link, _summary, _updated in entries} == claim_links(
        kb, "en", kb.alpha_social, kb.beta_litigation
    )
    assert ("Alpha Network: Social media campaigns") in [title for title, *_rest in entries]
    text = ET.tostring(root, encoding="unicode")
    for word in HIDDEN_WORDS:
        assert word not in text


def test_the_arabic_feed_is_in_arabic_and_links_to_the_arabic_pages(client, kb):
    root, entries = read_feed(client, "/ar/feeds/claims/")
    assert root.findtext(f"{ATOM}title") != "New and changed claims"
    assert "ألفا: حملات وسائل التواصل" in [title for title, *_rest in entries]
    assert {link for _title, link, *_rest in entries} == claim_links(kb, "ar", kb.alpha_social, kb.beta_litigation)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/en/feeds/organizations/alpha/", ["alpha_social"]),
        ("/en/feeds/organizations/beta/", ["beta_litigation"]),
        ("/en/feeds/strategies/public-awareness/", ["alpha_social"]),
        ("/en/feeds/strategies/litigation/", ["beta_litigation"]),
        ("/en/feeds/regions/africa/", ["alpha_social"]),
        ("/ar/feeds/regions/world/", ["alpha_social"]),
    ],
)
def test_a_record_feed_follows_its_public_claims_and_those_below_it(client, kb, url, expected):
    root, entries = read_feed(client, url)
    language = url.split("/")[1]
    assert {link for _title, link, *_rest in entries} == claim_links(
        kb, language, *(getattr(kb, name) for name in expected)
    )
    text = ET.tostring(root, encoding="unicode")
    for word in HIDDEN_WORDS:
        assert word not in text


@pytest.mark.parametrize(
    "url",
    [
        "/en/feeds/organizations/hidden-org/",
        "/en/feeds/organizations/sensitive-org/",
        "/en/feeds/organizations/no-such-org/",
        "/en/feeds/strategies/secret-tactic/",
        "/en/feeds/regions/hidden-land/",
        "/ar/feeds/regions/nowhere/",
    ],
)
def test_the_feed_of_a_hidden_or_unknown_record_is_a_404(client, kb, url):
    assert client.get(url).status_code == 404


def test_a_changed_claim_comes_first_and_its_text_is_escaped(client, kb):
    kb.beta_litigation.summary_en = "Beta <script>alert(1)</script> & friends sue."
    kb.beta_litigation.save()
    _root, entries = read_feed(client, "/en/feeds/claims/")
    title, link, summary, updated = entries[0]
    assert link.endswith(f"/en/evidence/{kb.beta_litigation.pk}/")
    # The summary is HTML in the feed: the claim's words come back as text, never as a tag.
    assert "&lt;script&gt;" in summary and "<script>" not in summary
    assert updated.startswith(kb.beta_litigation.updated_at.strftime("%Y-%m-%d"))


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/en/organizations/alpha/", "/en/feeds/organizations/alpha/"),
        ("/ar/strategies/public-awareness/", "/ar/feeds/strategies/public-awareness/"),
        ("/en/regions/africa/", "/en/feeds/regions/africa/"),
        ("/ar/evidence/", "/ar/feeds/claims/"),
    ],
)
def test_pages_announce_and_link_their_feed(client, kb, page, feed):
    html = client.get(page).content.decode()
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html
    assert f'<a href="{feed}" type="application/atom+xml">' in html
    read_feed(client, feed)


@pytest.mark.parametrize(
    "url", ["/en/feeds/claims/", "/en/feeds/organizations/alpha/", "/en/feeds/strategies/public-awareness/"]
)
def test_a_feed_costs_the_same_queries_whatever_the_data(client, kb, url):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    grow(kb)
    assert queries() == small
