"""The relationship network: an organization's neighbourhood and the whole public graph, filtered and capped."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orgs.models import Relationship
from tests.factories import EvidenceFactory, OrganizationFactory, RelationshipFactory
from tests.site.test_charts import read_csv
from tests.site.test_query_counts import grow
from website.visuals.network import MAX_NODES

pytestmark = pytest.mark.django_db


def drawing(html, graph_id="network"):
    """Return the SVG of a graph."""
    figure = html.split(f'<figure class="visual graph" aria-labelledby="{graph_id}-title">', 1)[1]
    return figure.split('<svg class="graph__svg"', 1)[1].split("</svg>", 1)[0]


def edges(svg):
    """Return {aria-label: href} of the relationship lines."""
    return {
        label: href
        for href, label in re.findall(
            r'<a href="([^"]+)" aria-label="([^"]+)"><title>[^<]*</title><path class="edge-hit"', svg
        )
    }


def nodes(svg):
    """Return {href: (x, y)} of the organizations' circles."""
    found = re.findall(
        r'<a href="([^"]+)" aria-label="[^"]+"><title>[^<]*</title>'
        r'<circle class="node[^"]*" cx="([\d.]+)" cy="([\d.]+)"',
        svg,
    )
    return {href: (float(x), float(y)) for href, x, y in found}


def test_the_network_draws_public_relationships_each_linking_to_its_quote(client, kb):
    html = client.get("/en/network/").content.decode()
    svg = drawing(html)
    funds = Relationship.objects.get(subject=kb.beta, kind="funds")
    collaborates = Relationship.objects.get(subject=kb.alpha, kind="collaborates_with")
    assert edges(svg) == {
        "Beta Collective funds Alpha Network": f"/en/organizations/beta/#relationship-{funds.pk}",
        "Alpha Network collaborates with Beta Collective": f"/en/organizations/alpha/#relationship-{collaborates.pk}",
    }
    assert set(nodes(svg)) == {"/en/organizations/alpha/", "/en/organizations/beta/"}
    for hidden in ["Hidden Org", "hidden-org", "Sensitive Org", "sensitive-org"]:
        assert hidden not in html
    # The anchor the line leads to is the relationship on the organization's page, with its quote.
    page = client.get("/en/organizations/beta/").content.decode()
    item = page.split(f'<li id="relationship-{funds.pk}">', 1)[1].split("</li>", 1)[0]
    assert "<blockquote" in item and "cases" in item


def test_the_network_is_mirrored_on_arabic_pages(client, kb):
    english = nodes(drawing(client.get("/en/network/").content.decode()))
    arabic = nodes(drawing(client.get("/ar/network/").content.decode()))
    for path, (x, y) in english.items():
        assert arabic[path.replace("/en/", "/ar/")] == (pytest.approx(900 - x, abs=0.11), y)


def test_the_network_filters_by_kind_organization_region_and_strategy(client, kb):
    def drawn(query):
        response = client.get("/en/network/" + query)
        assert response.status_code == 200, query
        html = response.content.decode()
        return sorted(edges(drawing(html))) if 'class="graph__svg"' in html else []

    assert drawn("?kind=funds") == ["Beta Collective funds Alpha Network"]
    assert len(drawn("?organization=alpha")) == 2
    assert len(drawn("?region=kenya")) == 2  # Alpha is based in Kenya
    assert len(drawn("?strategy=litigation")) == 2  # Beta's claim
    assert drawn("?kind=opposes") == []
    assert drawn("?organization=hidden-org") == []
    assert client.get("/en/network/?region=%00&organization=%00").status_code == 200
    for query in ["?kind=nothing", "?organization=" + "ا" * 500, "?strategy=secret-tactic&page=99"]:
        assert drawn(query) == [], query
    assert "names nothing public" in client.get("/en/network/?region=hidden-land").content.decode()


def test_the_network_csv_holds_every_filtered_relationship(client, kb):
    rows = read_csv(client.get("/en/network/?format=csv"))
    header = rows[0]
    assert header[:3] == ["id", "kind", "url"] and "subject_name_ar" in header and "target_url" in header
    lines = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert sorted((line["subject_slug"], line["kind"], line["target_slug"]) for line in lines) == [
        ("alpha", "collaborates_with", "beta"),
        ("beta", "funds", "alpha"),
    ]
    assert lines[0]["url"].startswith("http://testserver/en/organizations/")
    assert len(read_csv(client.get("/en/network/?format=csv&kind=funds"))) == 2


def test_a_large_network_draws_its_largest_part_capped_and_says_how_many_are_left_out(client, kb):
    chain = OrganizationFactory.create_batch(MAX_NODES + 30)
    Relationship.objects.bulk_create(
        [
            Relationship(subject=a, target=b, kind="collaborates_with", published=True)
            for a, b in zip(chain, chain[1:], strict=False)
        ]
    )
    html = client.get("/en/network/").content.decode()
    assert len(nodes(drawing(html))) == MAX_NODES
    assert f"Drawn: {MAX_NODES} of {MAX_NODES + 32} organizations" in html
    assert "32 more are left out" in html
    assert len(read_csv(client.get("/en/network/?format=csv"))) == 1 + 2 + MAX_NODES + 29


def test_the_network_runs_the_same_queries_whatever_the_data(client, kb, django_assert_max_num_queries):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/en/network/", "/en/network/?region=africa&strategy=public-awareness&kind=collaborates_with"]
    small = [queries(url) for url in urls]
    grow(kb, n=15)
    for subject, target in zip(OrganizationFactory.create_batch(10), OrganizationFactory.create_batch(10), strict=True):
        RelationshipFactory(subject=subject, target=target)
    assert [queries(url) for url in urls] == small
    assert max(small) <= 8


def test_an_organization_page_draws_its_neighbourhood_both_ways(client, kb):
    html = client.get("/ar/organizations/alpha/").content.decode()
    svg = drawing(html, "neighbourhood")
    assert set(nodes(svg)) == {"/ar/organizations/alpha/", "/ar/organizations/beta/"}
    assert 'class="node node--centre"' in svg
    labels = set(edges(svg))
    assert labels == {"ألفا تتعاون مع بيتا", "بيتا تموّل ألفا"}, labels
    assert "منظمة خفية" not in html
    assert 'href="/ar/network/?organization=alpha&amp;format=csv"' in html


def test_an_organization_page_joins_the_organizations_using_the_same_strategies(client, kb):
    gamma = OrganizationFactory(slug="gamma", name_en="Gamma Group", name_ar="غاما")
    EvidenceFactory(organization=gamma, strategy=kb.social)
    EvidenceFactory(organization=gamma, strategy=kb.hidden_strategy)
    html = client.get("/en/organizations/alpha/").content.decode()
    svg = drawing(html, "neighbourhood")
    assert edges(svg)["Alpha Network — Gamma Group: shares 1 strategy"] == "/en/organizations/gamma/"
    assert "/en/organizations/gamma/" in nodes(svg)
    # The sensitive organization also uses social media campaigns, and the hidden one litigation: neither is drawn.
    assert "Sensitive Org" not in html and "Hidden Org" not in html
    assert 'Using some of the same strategies: <a href="/en/organizations/gamma/">Gamma Group</a>' in html
    arabic = client.get("/ar/organizations/alpha/").content.decode()
    assert "تشترك في استراتيجية واحدة" in drawing(arabic, "neighbourhood")
    # The hidden strategy they share is not counted.
    assert "shares 2 strategies" not in html


def test_an_organization_page_keeps_the_organizations_alike_until_a_record_changes(client, kb):
    def page():
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/en/organizations/alpha/").content.decode()
        return "Gamma Group" in html, len(captured)

    shown, queries = page()
    assert not shown
    # The second request reads them from the cache: their grouped read is saved.
    assert page() == (False, queries - 1)
    # A new organization using one of Alpha's strategies shows at once: the save makes them stale.
    EvidenceFactory(organization=OrganizationFactory(slug="gamma", name_en="Gamma Group"), strategy=kb.social)
    assert page()[0]


def test_the_drawn_part_is_kept_until_a_record_changes(client, kb):
    client.get("/en/network/")
    with CaptureQueriesContext(connection) as cached:
        client.get("/en/network/")
    gamma = OrganizationFactory(slug="gamma", name_en="Gamma Group")
    RelationshipFactory(subject=gamma, target=kb.beta, kind="opposes")
    with CaptureQueriesContext(connection) as fresh:
        html = client.get("/en/network/").content.decode()
    assert "Gamma Group opposes Beta Collective" in edges(drawing(html))
    assert len(cached) == len(fresh) - 1
    # A relationship hidden since, even without a signal, is not drawn from the kept part.
    Relationship.objects.filter(subject=gamma).update(published=False)
    assert "Gamma Group" not in drawing(client.get("/en/network/").content.decode())


def test_an_organization_in_no_relationship_still_shows_those_sharing_its_strategies(client, kb):
    gamma = OrganizationFactory(slug="gamma", name_en="Gamma Group")
    EvidenceFactory(organization=gamma, strategy=kb.litigation)
    html = client.get("/en/organizations/gamma/").content.decode()
    svg = drawing(html, "neighbourhood")
    assert set(nodes(svg)) == {"/en/organizations/gamma/", "/en/organizations/beta/"}
    assert edges(svg) == {"Gamma Group — Beta Collective: shares 1 strategy": "/en/organizations/beta/"}
