"""The map: countries shaded by public claims, linking to their regions; the rest listed beside; its CSV."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orgs.models import Region
from tests.factories import EvidenceFactory, OrganizationFactory, RegionFactory
from tests.site.test_charts import read_csv
from tests.site.test_query_counts import grow

pytestmark = pytest.mark.django_db


def country_links(html):
    """Return {href: aria-label} of the countries drawn as links."""
    svg = html.split('<svg class="map__svg"', 1)[1].split("</svg>", 1)[0]
    return dict(re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">', svg))


def test_a_country_with_claims_is_shaded_and_links_to_its_region(client, kb):
    html = client.get("/en/map/").content.decode()
    assert country_links(html) == {"/en/regions/kenya/": "Kenya: 1 claim"}
    kenya = html.split('<a href="/en/regions/kenya/"', 1)[1].split("</a>", 1)[0]
    assert 'class="map-shade-5"' in kenya
    # Every other outline is drawn, unlinked, as land the knowledge base does not hold.
    assert html.count('class="map-land"') > 150


def test_regions_the_map_cannot_draw_are_listed_beside_it_with_their_claims(client, kb):
    html = client.get("/ar/map/").content.decode()
    aside = html.split('id="elsewhere-title"', 1)[1].split("</aside>", 1)[0]
    assert '<a href="/ar/regions/world/">العالم</a>' in aside
    assert '<a href="/ar/regions/africa/">أفريقيا</a>' in aside
    assert "ادعاء واحد" in aside
    assert "kenya" not in aside


def test_the_map_takes_the_evidence_lists_filters(client, kb):
    assert country_links(client.get("/en/map/?strategy=litigation").content.decode()) == {
        "/en/regions/kenya/": "Kenya: 0 claims"
    }
    response = client.get("/en/map/?strategy=no-such-strategy")
    assert response.status_code == 200
    assert "names nothing public" in response.content.decode()
    for query in ["?organization=%00", "?status=%F0%9F%92%A5", "?region=" + "x" * 5000, "?format=csv&status=nope"]:
        assert client.get("/en/map/" + query).status_code == 200, query


def test_the_map_csv_counts_every_public_region(client, kb):
    rows = read_csv(client.get("/en/map/?format=csv"))
    header = rows[0]
    assert header == ["kind", "id", "slug", "url", "name_ar", "name_en", "iso_code", "claims", "on_map"]
    by_slug = {row[2]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_slug["kenya"]["claims"] == "1" and by_slug["kenya"]["on_map"] == "1"
    assert by_slug["kenya"]["url"] == "http://testserver/en/regions/kenya/"
    assert by_slug["africa"]["on_map"] == "0" and by_slug["world"]["claims"] == "1"
    assert "hidden-land" not in by_slug


@pytest.mark.parametrize("path", ["/en/map/", "/ar/network/", "/en/timeline/"])
def test_a_drawn_view_offers_its_numbers_as_csv_only(client, kb, path):
    page = client.get(path).content.decode()
    assert "format=csv" in page and "format=xlsx" not in page


def test_a_sensitive_country_is_neither_drawn_as_a_link_nor_counted(client, kb):
    france = RegionFactory(slug="france", name_en="France", iso_code="FR", parent=kb.world, sensitive=True)
    EvidenceFactory(organization=kb.beta, strategy=kb.social).regions.set([france])
    html = client.get("/en/map/").content.decode()
    assert "/en/regions/france/" not in html and "France" not in html.split("<main", 1)[1]
    assert "france" not in [row[2] for row in read_csv(client.get("/en/map/?format=csv"))]


def test_the_map_runs_the_same_queries_whatever_the_data(client, kb, django_assert_max_num_queries):
    def queries():
        cache.clear()  # the counts themselves, not the cache, are measured
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/map/?strategy=public-awareness").status_code == 200
        return len(captured)

    small = queries()
    grow(kb, n=15)
    for i in range(5):
        country = RegionFactory(slug=f"country-{i}", iso_code=["FR", "DE", "BR", "IN", "JP"][i], parent=kb.africa)
        RegionFactory(slug=f"city-{i}", kind=Region.Kind.CITY, parent=country)
        EvidenceFactory(organization=OrganizationFactory(), strategy=kb.social).regions.set([country])
    cache.clear()
    with django_assert_max_num_queries(small):
        client.get("/en/map/?strategy=public-awareness")
    assert queries() == small <= 7


def test_the_map_keeps_its_counts_until_a_record_changes(client, kb):
    def shown():
        with CaptureQueriesContext(connection) as captured:
            links = country_links(client.get("/en/map/").content.decode())
        return links, len(captured)

    links, counted = shown()
    assert links == {"/en/regions/kenya/": "Kenya: 1 claim"}
    # The second request reads the counts from the cache: one query fewer, the same map.
    assert shown() == (links, counted - 1)
    # A new public claim in Kenya shows at once: the save makes the kept counts stale.
    EvidenceFactory(organization=kb.beta, strategy=kb.social).regions.set([kb.kenya])
    assert shown() == ({"/en/regions/kenya/": "Kenya: 2 claims"}, counted)
