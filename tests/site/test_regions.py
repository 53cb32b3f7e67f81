"""Regions as hubs: a region page lists its claims with quotes, its sub-regions and organizations; the
regions matrix counts every claim, those that name no region in a row of their own."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strategies.models import Evidence
from tests.factories import EvidenceFactory, OrganizationFactory
from tests.site.test_charts import read_csv

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def claim_links(body):
    return {int(pk) for pk in re.findall(r'href="/(?:en|ar)/evidence/(\d+)/"', body)}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_region_page_lists_the_claims_made_there_and_below_with_their_quotes(client, kb, language):
    body = html(client.get(f"/{language}/regions/africa/"))
    assert claim_links(body) == {kb.alpha_social.pk}
    quote = {"ar": "النشطاء المحليين", "en": "local activists"}[language]
    assert "<blockquote" in body and quote in body
    for hidden in ("Secret tactic", "تكتيك سري", "Hidden Org", "منظمة خفية", "A very sensitive text", "نص حساس"):
        assert hidden not in body


def test_a_region_page_lists_its_sub_regions_and_the_organizations_based_or_active_there(client, kb):
    body = html(client.get("/en/regions/africa/"))
    assert 'href="/en/regions/kenya/"' in body
    assert "Organizations based or active here" in body
    active_only = OrganizationFactory(slug="gamma", name_en="Gamma Group", country=None)
    active_only.regions.set([kb.kenya])
    body = html(client.get("/en/regions/kenya/"))
    alpha = re.search(r'<li><a href="/en/organizations/alpha/">.*?</li>', body).group(0)
    gamma = re.search(r'<li><a href="/en/organizations/gamma/">.*?</li>', body).group(0)
    assert "based here" in alpha
    assert "based here" not in gamma
    assert "Hidden Org" not in body


def test_a_region_page_pages_its_claims(client, kb):
    for _ in range(12):
        claim = EvidenceFactory(organization=OrganizationFactory(), strategy=kb.litigation)
        claim.regions.set([kb.kenya])
    first = html(client.get("/en/regions/kenya/"))
    second = html(client.get("/en/regions/kenya/?page=2"))
    assert len(claim_links(first)) == 10
    assert len(claim_links(second)) == 3
    assert not claim_links(first) & claim_links(second)
    assert client.get("/en/regions/kenya/?page=9").status_code == 404


def test_a_region_page_keeps_its_counts_until_a_record_changes(client, kb):
    def shown():
        with CaptureQueriesContext(connection) as captured:
            body = html(client.get("/en/regions/kenya/"))
        queries = len(captured)  # read before the next request empties the connection's log
        statuses = read_csv(client.get("/en/regions/kenya/?format=csv&chart=claims-by-status"))
        return claim_links(body), {row[0]: row[3] for row in statuses[1:]}, queries

    links, statuses, counted = shown()
    assert statuses["reported"] == str(len(links))
    # The second request reads the counts and charts from the cache: their two grouped reads are saved.
    assert shown() == (links, statuses, counted - 2)
    # A new public claim in Kenya shows at once, in the list and in the counts: the save makes them stale.
    claim = EvidenceFactory(organization=kb.beta, strategy=kb.social)
    claim.regions.set([kb.kenya])
    links_after, statuses_after, counted_after = shown()
    assert links_after == links | {claim.pk}
    assert statuses_after["reported"] == str(len(links_after))
    assert counted_after == counted


def cell_links(body):
    return [url.replace("&amp;", "&") for url in re.findall(r'<td class="cell[^"]*"><a href="([^"]+)"', body)]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_regions_matrix_counts_every_public_claim_claims_without_a_region_in_their_own_row(client, kb, language):
    only_hidden_region = EvidenceFactory(organization=kb.beta, strategy=kb.social)
    only_hidden_region.regions.set([kb.hidden_region])
    body = html(client.get(f"/{language}/matrix/?by=regions"))
    label = {"ar": "منطقة غير محددة", "en": "Region not given"}[language]
    row = re.search(rf'<th scope="row"[^>]*><a href="([^"]+)">{label}</a></th>(.*?)</tr>', body, re.S)
    assert row, "no row for claims without a region"
    counts = [
        int(n)
        for n in re.findall(
            r"<a href=\"[^\"]+\">(\d+)</a>", row.group(2).translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
        )
    ]
    assert sum(counts) == 2  # beta's litigation claim names no region; the new one only a hidden one
    listed = set()
    for url in cell_links(body):
        listed |= claim_links(html(client.get(url)))
    assert listed == set(Evidence.objects.published().values_list("pk", flat=True))
    # The row's own link lists its claims too.
    assert claim_links(html(client.get(row.group(1).replace("&amp;", "&")))) == {
        kb.beta_litigation.pk,
        only_hidden_region.pk,
    }


def test_claims_without_a_region_are_one_filter_of_the_evidence_list(client, kb):
    body = html(client.get("/en/evidence/?region_given=no"))
    assert claim_links(body) == {kb.beta_litigation.pk}
    assert "cases" in body


@pytest.mark.parametrize(
    "path",
    [
        "/{lang}/",
        "/{lang}/organizations/",
        "/{lang}/organizations/alpha/",
        "/{lang}/strategies/",
        "/{lang}/strategies/public-awareness/",
        "/{lang}/regions/",
        "/{lang}/regions/africa/",
        "/{lang}/sources/",
        "/{lang}/sources/report/",
        "/{lang}/evidence/",
        "/{lang}/evidence/{claim}/",
        "/{lang}/matrix/?by=regions",
        "/{lang}/search/?q=alpha",
    ],
)
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_has_a_plain_title_and_each_id_once(client, kb, path, lang):
    body = html(client.get(path.format(lang=lang, claim=kb.alpha_social.pk)))
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert "<" not in title and title.strip(), title
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert sorted(name for name in set(ids) if ids.count(name) > 1) == []
