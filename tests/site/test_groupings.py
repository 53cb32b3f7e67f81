"""A region in more than one grouping (Ukraine in Europe and in Eurasia) counts under each, and once."""

import re

import pytest

from core.trees import Tree
from orgs.models import Region
from tests.factories import EvidenceFactory, OrganizationFactory, RegionFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    world = RegionFactory(slug="world", name_en="World", kind=Region.Kind.WORLD)
    europe = RegionFactory(slug="europe", name_en="Europe", kind=Region.Kind.CONTINENT, parent=world)
    eurasia = RegionFactory(slug="eurasia", name_en="Eurasia", kind=Region.Kind.SUBREGION, parent=world)
    ukraine = RegionFactory(slug="ukraine", name_en="Ukraine", parent=eurasia, iso_code="UA")
    belarus = RegionFactory(slug="belarus", name_en="Belarus", parent=eurasia, iso_code="BY")
    russia = RegionFactory(slug="russia", name_en="Russia", parent=eurasia, iso_code="RU")
    kyiv = RegionFactory(slug="kyiv", name_en="Kyiv", kind=Region.Kind.CITY, parent=ukraine)
    ukraine.also_in.add(europe)
    belarus.also_in.add(europe)
    return {r.slug: r for r in (world, europe, eurasia, ukraine, belarus, russia, kyiv)}


@pytest.fixture
def claims(regions):
    """One claim tagged with both Ukraine and Belarus, one with Kyiv, one with Russia only."""
    strategy = StrategyFactory(slug="campaigns", name_en="Campaigns")
    both = EvidenceFactory(organization=OrganizationFactory(slug="joint", name_en="Joint"), strategy=strategy)
    both.regions.set([regions["ukraine"], regions["belarus"]])
    city = EvidenceFactory(organization=OrganizationFactory(slug="kyiv-group", name_en="Kyiv group"), strategy=strategy)
    city.regions.set([regions["kyiv"]])
    moscow = EvidenceFactory(
        organization=OrganizationFactory(slug="moscow-group", name_en="Moscow group"), strategy=strategy
    )
    moscow.regions.set([regions["russia"]])
    return {"both": both, "city": city, "russia": moscow}


def ids(regions, *slugs):
    return {regions[slug].pk for slug in slugs}


def test_the_tree_puts_a_region_under_each_of_its_groupings(regions):
    tree = Tree.of(Region)

    assert tree.subtree_ids(regions["europe"].pk) == ids(regions, "europe", "ukraine", "belarus", "kyiv")
    assert tree.subtree_ids(regions["eurasia"].pk) == ids(regions, "eurasia", "ukraine", "belarus", "russia", "kyiv")
    assert {n.slug for n in tree.ancestors(regions["kyiv"].pk)} == {"ukraine", "eurasia", "europe", "world"}
    assert [n.slug for n in tree.lineage(regions["kyiv"].pk)] == ["ukraine", "eurasia", "world"]
    walked = [(node.slug, depth) for node, depth in tree.walk()]
    assert walked.count(("ukraine", 2)) == 2  # under Eurasia and under Europe
    assert walked.count(("kyiv", 3)) == 2


def test_groupings_that_loop_back_do_not_break_the_tree(regions, client):
    regions["europe"].also_in.add(regions["ukraine"])  # a curator's mistake: Europe inside Ukraine
    tree = Tree.of(Region)

    assert regions["world"].pk in tree.subtree_ids(regions["world"].pk)
    assert len(list(tree.walk())) < 50
    assert client.get("/en/regions/").status_code == 200
    assert client.get("/en/regions/europe/").status_code == 200


def test_a_hidden_grouping_is_ignored(regions, client):
    hidden = RegionFactory(slug="hidden-bloc", name_en="Hidden bloc", published=False)
    regions["ukraine"].also_in.add(hidden)

    assert hidden.pk not in {n.pk for n in Tree.of(Region).ancestors(regions["ukraine"].pk)}
    assert "Hidden bloc" not in client.get("/en/regions/ukraine/").content.decode()


def test_the_evidence_filter_on_europe_finds_ukraine_and_belarus_once(client, claims):
    page = client.get("/en/evidence/?region=europe").content.decode()

    assert "2 claims" in page
    assert 'href="/en/organizations/joint/"' in page
    assert 'href="/en/organizations/kyiv-group/"' in page
    assert 'href="/en/organizations/moscow-group/"' not in page


def test_the_region_page_lists_the_region_under_both_groupings(client, claims):
    europe = client.get("/en/regions/europe/").content.decode()
    assert "/en/regions/ukraine/" in europe and "/en/regions/belarus/" in europe
    ukraine = client.get("/en/regions/ukraine/").content.decode()
    assert re.search(r"Also in:\s*<a href=\"/en/regions/europe/\">Europe</a>", ukraine)


def test_the_organization_list_and_its_facet_count_each_organization_once(client, regions):
    joint = OrganizationFactory(slug="joint", name_en="Joint")
    joint.regions.set([regions["ukraine"], regions["belarus"]])
    OrganizationFactory(slug="minsk-group", name_en="Minsk group", country=regions["belarus"])

    page = client.get("/en/organizations/?region=europe").content.decode()

    assert "2 organizations" in page
    facet = client.get("/en/organizations/").content.decode()
    europe = re.search(r'region=europe"[^>]*>Europe</a> <span class="count">(\d+)</span>', facet)
    world = re.search(r'region=world"[^>]*>World</a> <span class="count">(\d+)</span>', facet)
    assert europe and europe.group(1) == "2"
    assert world and world.group(1) == "2"


def test_the_matrix_by_region_counts_a_claim_once_per_row(client, claims):
    page = client.get("/en/matrix/?by=regions").content.decode()

    def count(slug):
        row = re.search(rf'href="/en/regions/{slug}/">[^<]*</a></th>\s*<td[^>]*>(?:<a [^>]*>(\d+)</a>)?', page)
        assert row, slug
        return int(row.group(1) or 0)

    assert count("europe") == 2  # the Ukraine-and-Belarus claim once, the Kyiv claim once
    assert count("eurasia") == 3
    assert count("world") == 3
    assert count("ukraine") == 2
    evidence = client.get("/en/evidence/?region=europe&strategy=campaigns").content.decode()
    assert "2 claims" in evidence  # the cell's link opens as many claims as it counts
