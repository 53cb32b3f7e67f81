"""Each page runs a fixed number of SQL queries, whatever the size of the knowledge base."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.search import backends
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    PassageFactory,
    RelationshipFactory,
    RelationshipPassageFactory,
)

pytestmark = pytest.mark.django_db

# The most queries each page may run; the same bound holds for small and larger data.
BOUNDS = {
    "/en/": 9,
    "/en/organizations/": 11,
    "/en/organizations/?region=africa&strategy=public-awareness&kind=international_ngo": 13,
    # The organization with its names, regions, relationships both ways (each with its quotes), its
    # claims counted and a page of them (with regions and quotes), the alike organizations, the sources.
    "/en/organizations/alpha/": 13,
    # The tree, and its claims per strategy (kept in the cache until a record changes).
    "/en/strategies/": 2,
    # The trees of strategies and regions, the counts, each region's first claims and those without
    # one, the claims shown (with regions and quotes).
    "/en/strategies/public-awareness/": 9,
    "/en/regions/": 3,
    # With the count of its organizations beside the first of them.
    "/en/regions/africa/": 10,
    "/en/sources/": 2,
    "/en/sources/report/": 5,
    "/en/evidence/": 8,
    "/en/evidence/?organization=alpha&strategy=public-awareness&region=africa&source=report&status=reported": 14,
    # The trees, the number of rows, one page of organizations, their cells in one grouped query, and
    # the filter form's choices; whatever the number of organizations and claims.
    "/en/matrix/": 7,
    # By regions: the filters' records, the trees, the regions with a claim, whether a claim names none,
    # the page's cells and disputed cells (grouped), the form's choices.
    "/en/matrix/?by=regions&region=africa&kind=international_ngo&strategy=public-awareness": 10,
    # Search: the search columns' statistics (kept in the process afterwards), per type a count and its best
    # rows, then per type on the page its records (and other names), and who uses a strategy or works in a
    # region; one type per page here, so the same types are shown.
    "/en/search/?q=africa+or+kenya&type=region": 15,
    "/ar/search/?q=social+media&type=strategy": 15,
    # Filtered: the organizations, claims and cited passages the filter selects are read once (website/
    # search/service.py's _kept), then kept until a record changes; this bound is the first search's.
    "/en/search/?q=alpha&type=claim&region=africa": 16,
}


def grow(kb, n=12):
    """Add n organizations, each with claims, quotes, names, regions and relationships."""
    strategies = [kb.social, kb.litigation, kb.awareness]
    previous = kb.alpha
    for i in range(n):
        organization = OrganizationFactory()
        organization.regions.set([kb.africa, kb.kenya])
        OrganizationNameFactory(organization=organization)
        passage = PassageFactory(source=kb.source, text_en=f"Words {i} of support.", text_ar=f"كلمات {i} داعمة.")
        for strategy in strategies[: 1 + i % 3]:
            claim = EvidenceFactory(organization=organization, strategy=strategy)
            claim.regions.set([kb.kenya, kb.world])
            EvidencePassageFactory(evidence=claim, passage=passage, quote_en="of support", quote_ar="داعمة")
        relationship = RelationshipFactory(subject=previous, target=organization)
        RelationshipPassageFactory(relationship=relationship, passage=passage, quote_en="Words", quote_ar="كلمات")
        previous = organization


def count(client, url):
    """Return the queries of one request, with nothing cached (the home page's counts are, between writes)."""
    cache.clear()
    backends._kept_in_process.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", BOUNDS)
def test_page_query_count_is_bounded_and_does_not_grow_with_the_data(client, kb, url, django_assert_max_num_queries):
    small = count(client, url)
    grow(kb)
    cache.clear()
    with django_assert_max_num_queries(BOUNDS[url]):
        client.get(url)
    assert count(client, url) == small


def test_the_home_page_counts_once_until_a_record_changes(client, kb):
    first = client.get("/en/").context["counts"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/").context["counts"] == first
    assert len(queries) == 0
    OrganizationFactory(slug="newly-added")
    assert client.get("/en/").context["counts"]["organizations"] == first["organizations"] + 1


# The claim page: the claim with its organization and strategy, its public regions, its citations.
CLAIM_PAGE_BOUND = 3


def test_claim_page_query_count_is_bounded_and_does_not_grow_with_its_citations(
    client, kb, django_assert_max_num_queries
):
    url = f"/en/evidence/{kb.alpha_social.pk}/"
    small = count(client, url)
    grow(kb)
    for i in range(12):
        passage = PassageFactory(source=kb.source, text_en=f"More words {i} here.", text_ar=f"كلمات أخرى {i} هنا.")
        EvidencePassageFactory(evidence=kb.alpha_social, passage=passage, quote_en="words", quote_ar="كلمات")
    with django_assert_max_num_queries(CLAIM_PAGE_BOUND):
        client.get(url)
    assert count(client, url) == small
