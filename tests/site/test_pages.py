"""Every public page in both languages: content, languages, hidden records, filters, pagination."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orgs.models import Region
from sources.models import PASSAGES_PER_PAGE
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    PassageFactory,
    RegionFactory,
    SourceFactory,
    StrategyFactory,
)
from website.views.organizations import ORGANIZATION_CLAIMS_PER_PAGE, REGION_ORGANIZATIONS_SHOWN
from website.views.strategies import REGIONS_PER_PAGE, SHOWN_PER_REGION

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "organizations/",
    "organizations/alpha/",
    "strategies/",
    "strategies/public-awareness/",
    "regions/",
    "regions/africa/",
    "sources/",
    "sources/report/",
    "evidence/",
    "matrix/",
    "matrix/?by=regions",
]
HIDDEN_NAMES = ["Hidden Org", "منظمة خفية", "Sensitive Org", "Secret tactic", "تكتيك سري", "Hidden Land", "أرض خفية"]
HIDDEN_TEXTS = ["A very sensitive text", "نص حساس جدا", "Secret draft", "مسودة سرية", "Draft notes"]


def html(response):
    return response.content.decode()


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_in_both_languages_with_lang_and_dir(client, kb, language, page):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html(response)
    assert 'href="#main"' in html(response) and 'id="main"' in html(response)


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_hidden_record_or_text(client, kb, page):
    for language in ("ar", "en"):
        body = html(client.get(f"/{language}/{page}"))
        for text in HIDDEN_NAMES + HIDDEN_TEXTS:
            assert text not in body, (page, text)
        for slug in ("hidden-org", "sensitive-org", "secret-tactic", "hidden-land", "/sources/draft/"):
            assert slug not in body, (page, slug)


@pytest.mark.parametrize("page", PAGES)
def test_pages_use_no_inline_script_or_style_attribute(client, kb, page):
    body = html(client.get(f"/en/{page}"))
    assert " style=" not in body
    # A JSON-LD data block is never run, so the strict policy allows it; any other script must be a file.
    assert re.search(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/ld\+json")', body) is None


@pytest.mark.parametrize(
    "path",
    [
        "/en/organizations/hidden-org/",
        "/ar/organizations/sensitive-org/",
        "/en/strategies/secret-tactic/",
        "/en/regions/hidden-land/",
        "/ar/sources/draft/",
        "/en/organizations/no-such-thing/",
    ],
)
def test_hidden_or_missing_records_answer_404(client, kb, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Hidden" not in html(response) and "Sensitive" not in html(response)


@pytest.mark.parametrize(
    ("accept", "target"), [("en-US,en;q=0.9", "/en/"), ("ar", "/ar/"), ("fr-FR", "/ar/"), ("", "/ar/")]
)
def test_root_redirects_by_the_browser_language_arabic_when_unknown(client, db, accept, target):
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 302
    assert response["Location"] == target


def test_language_switch_keeps_the_page_and_its_query_string(client, kb):
    body = html(client.get("/ar/evidence/?organization=alpha&status=reported"))
    assert 'href="/en/evidence/?organization=alpha&amp;status=reported"' in body
    body = html(client.get("/en/organizations/alpha/"))
    assert 'href="/ar/organizations/alpha/" lang="ar" dir="rtl" hreflang="ar"' in body


def test_home_counts_only_public_records_in_the_page_language_digits(client, kb):
    english = html(client.get("/en/"))
    assert '<span class="stats__number">2</span> organizations' in english
    arabic = html(client.get("/ar/"))
    assert '<span class="stats__number">٢</span>' in arabic


def test_content_missing_in_the_page_language_shows_the_other_marked_untranslated(client, kb):
    body = html(client.get("/en/organizations/beta/"))
    assert '<div class="untranslated" lang="ar" dir="rtl">' in body
    assert "منظمة تعمل من أجل حقوق الإنسان." in body
    assert "not yet translated" in body
    assert "&lt;p&gt;" not in body
    arabic = html(client.get("/ar/organizations/beta/"))
    assert "لم يُترجم بعد" not in arabic


def test_organization_page_shows_names_regions_strategies_quotes_relationships_and_sources(client, kb):
    body = html(client.get("/en/organizations/alpha/"))
    assert "Old Alpha" in body and "until 2010" in body and "AN" in body
    assert 'href="/en/regions/africa/"' in body and 'href="/en/regions/kenya/"' in body
    assert "Social media campaigns" in body
    assert "local activists" in body
    quoted = kb.alpha_social.citations.get(passage=kb.p1)
    assert f'href="/en/sources/report/#q{quoted.pk}"' in body  # the quote marked in its passage
    assert "Beta Collective" in body  # both relationships, each way
    assert "collaborates with" in body and "funds" in body


def test_source_page_lists_public_passages_in_order_with_translation_label_and_claims(client, kb):
    body = html(client.get("/en/sources/report/"))
    assert 'id="p1"' in body and 'id="p2"' in body and 'id="p3"' not in body
    assert body.index('id="p1"') < body.index('id="p2"')
    assert "Translated from Arabic" in body  # passage 1 was written in Arabic

    def text(html_text):
        return re.sub(r"<(?!/?p>)[^>]+>", "", html_text)

    assert '<div class="prose"><p>Alpha works with' in body
    assert "<p>Alpha works with local activists through social media.</p>" in text(body)
    assert "<p>تعمل ألفا مع النشطاء المحليين عبر وسائل التواصل.</p>" in text(body)
    assert '<div lang="ar" dir="rtl" class="prose"><p>تعمل ألفا' in body
    assert f'href="/en/evidence/{kb.alpha_social.pk}/"' in body
    arabic = html(client.get("/ar/sources/report/"))
    assert arabic.count("مترجم من") == 1  # only passage 2, written in English


def test_a_long_source_is_paged_by_position_and_each_passage_link_opens_its_page(client, kb):
    long = SourceFactory(slug="long-report", title_en="A long report", title_ar="تقرير طويل")
    passages = [
        PassageFactory(source=long, position=n, text_en=f"Words of passage {n}.", text_ar=f"كلمات المقطع {n}.")
        for n in range(1, PASSAGES_PER_PAGE * 2 + 31)
    ]
    claim = EvidenceFactory()
    EvidencePassageFactory(evidence=claim, passage=passages[149], quote_en="passage 150", quote_ar="المقطع 150")

    first = html(client.get("/en/sources/long-report/"))
    assert first.count('class="passage ') == PASSAGES_PER_PAGE and 'id="p101"' not in first
    assert "Page 1 of 3" in first and 'href="?page=2"' in first
    assert passages[149].get_absolute_url() == "/en/sources/long-report/?page=2#p150"
    second = html(client.get("/en/sources/long-report/?page=2"))
    assert 'id="p101"' in second and 'id="p200"' in second and 'id="p100"' not in second
    assert f'href="/en/evidence/{claim.pk}/"' in second  # the claim quoting passage 150
    claim_page = html(client.get(claim.get_absolute_url()))
    assert 'href="/en/sources/long-report/?page=2#p150"' in claim_page
    last = html(client.get("/ar/sources/long-report/?page=3"))
    assert last.count('class="passage ') == 30 and 'id="p230"' in last
    for bad in ("?page=4", "?page=0", "?page=abc", "?page=-1"):
        assert client.get(f"/en/sources/long-report/{bad}").status_code == 404


def test_evidence_filters_by_slug_with_subtrees(client, kb):
    def claims(query):
        return html(client.get(f"/en/evidence/{query}")).count('<article class="claim">')

    assert claims("") == 2
    assert claims("?organization=alpha") == 1
    assert claims("?strategy=public-awareness") == 1  # social media is inside public awareness
    assert claims("?region=africa") == 1  # tagged Kenya, which is inside Africa
    assert claims("?source=report") == 2
    assert claims("?status=disputed") == 0
    assert claims("?kind=national_ngo") == 0


@pytest.mark.parametrize(
    "query", ["?organization=nope", "?strategy=secret-tactic", "?region=hidden-land", "?source=draft", "?status=x"]
)
def test_unknown_or_hidden_filter_values_give_a_message_and_no_claims(client, kb, query):
    response = client.get(f"/en/evidence/{query}")
    assert response.status_code == 200
    assert 'role="alert"' in html(response)
    assert '<article class="claim">' not in html(response)


@pytest.mark.parametrize("page", ["?page=99", "?page=abc", "?page=0", "?page=-1"])
def test_a_bad_page_number_is_a_404(client, kb, page):
    for path in ("/en/organizations/", "/en/evidence/", "/en/sources/"):
        assert client.get(f"{path}{page}").status_code == 404


def test_organization_list_facets_count_and_link(client, kb):
    body = html(client.get("/en/organizations/?kind=international_ngo"))
    assert "2 organizations" in body
    assert 'href="?kind=international_ngo&amp;region=africa"' in body
    narrowed = html(client.get("/en/organizations/?region=africa"))
    assert "1 organization" in narrowed and "Alpha Network" in narrowed and "Beta Collective" not in narrowed


def test_organization_facets_are_counted_once_per_filter_until_a_record_changes(client, kb):
    def shown(path):
        with CaptureQueriesContext(connection) as captured:
            body = html(client.get(path))
        counts = dict(
            re.findall(r'href="\?[^"]*region=([a-z-]+)"[^>]*>[^<]+</a> <span class="count">(\d+)</span>', body)
        )
        return counts, len(captured)  # the log is read before the next request empties it

    counts, counted = shown("/en/organizations/")
    assert counts["africa"] == "1"
    # The next page, or the same one again, reads the facets' counts and the number of rows from the cache:
    # their 5 reads are saved.
    assert shown("/en/organizations/") == (counts, counted - 5)
    # Another filter value is counted for itself.
    assert shown("/en/organizations/?kind=international_ngo")[1] == counted
    # A new public organization in Kenya shows in the counts at once: the save makes them stale.
    OrganizationFactory(name_en="Kenyan newcomer", country=kb.kenya)
    after, counted_after = shown("/en/organizations/")
    assert after["africa"] == "2" and after["kenya"] == "2"
    assert counted_after == counted


def test_the_strategy_and_region_trees_keep_their_counts_until_a_record_changes(client, kb):
    def shown(path, pattern):
        with CaptureQueriesContext(connection) as captured:
            body = html(client.get(path))
        return dict(re.findall(pattern, body)), len(captured)  # the log is read before the next request empties it

    claims = r'href="/en/strategies/([a-z-]+)/">[^<]+</a>\s*<span class="count">(\d+) claim'
    organizations = r'href="/en/organizations/\?region=([a-z-]+)">(\d+)</a>'
    strategies, counted_strategies = shown("/en/strategies/", claims)
    regions, counted_regions = shown("/en/regions/", organizations)
    # The second request reads the counts from the cache: their grouped read (two for the regions) is saved.
    assert shown("/en/strategies/", claims) == (strategies, counted_strategies - 1)
    assert shown("/en/regions/", organizations) == (regions, counted_regions - 2)
    # A new public claim and organization show at once: the saves make the counts stale.
    EvidenceFactory(organization=OrganizationFactory(name_en="Newcomer", country=kb.kenya), strategy=kb.litigation)
    strategies_after, _ = shown("/en/strategies/", claims)
    assert int(strategies_after["litigation"]) == int(strategies.get("litigation", 0)) + 1
    regions_after, _ = shown("/en/regions/", organizations)
    assert int(regions_after["kenya"]) == int(regions["kenya"]) + 1
    assert int(regions_after["world"]) == int(regions["world"]) + 1


def test_a_strategy_page_keeps_its_counts_until_a_record_changes(client, kb):
    def shown(path):
        with CaptureQueriesContext(connection) as captured:
            body = html(client.get(path))
        return (
            re.search(r'class="result-count">\s*(.*?)</p>', body, re.S).group(1),
            "region-kenya" in body,
            len(captured),
        )

    counts, in_kenya, queries = shown("/en/strategies/litigation/")
    assert "1 organization uses it" in counts and "1 claim<" in counts and not in_kenya
    # The second request reads the claims per region, those naming none and the totals from the cache.
    assert shown("/en/strategies/litigation/") == (counts, False, queries - 3)
    # A new public claim in Kenya shows at once, with its region: the save makes the counts stale.
    claim = EvidenceFactory(organization=OrganizationFactory(name_en="Newcomer"), strategy=kb.litigation)
    claim.regions.set([kb.kenya])
    counts, in_kenya, _queries = shown("/en/strategies/litigation/")
    assert "2 organizations use it" in counts and "2 claims<" in counts and in_kenya


def test_a_list_keeps_its_number_of_rows_per_filter_until_a_record_changes(client, kb):
    def shown(path):
        with CaptureQueriesContext(connection) as captured:
            body = html(client.get(path))
        return re.search(r'class="result-count"[^>]*>\s*(.*?)\s*<', body, re.S).group(1), len(captured)

    every, queries = shown("/en/evidence/")
    litigation, _queries = shown("/en/evidence/?strategy=litigation")
    assert every != litigation and litigation.startswith("1 claim")
    # The second request of the same filters reads the number of rows from the cache; another page too.
    assert shown("/en/evidence/") == (every, queries - 1)
    assert shown("/en/evidence/?strategy=litigation&page=1")[0] == litigation
    # A new public claim counts at once: the save makes the kept number stale.
    EvidenceFactory(organization=OrganizationFactory(name_en="Newcomer"), strategy=kb.litigation)
    assert shown("/en/evidence/?strategy=litigation")[0].startswith("2 claims")


def test_the_organization_list_counts_each_organizations_public_claims_only(client, kb):
    EvidenceFactory(organization=kb.alpha, strategy=kb.litigation, published=False)
    EvidenceFactory(organization=kb.beta, strategy=kb.social)
    body = html(client.get("/en/organizations/"))
    counts = dict(re.findall(r'href="/en/evidence/\?organization=([a-z-]+)">(\d+)</a>', body))
    # Alpha's claims under a hidden strategy or unpublished are not counted; Beta has two public ones.
    assert counts == {"alpha": "1", "beta": "2"}


def test_matrix_cells_count_claims_shade_and_link_to_the_evidence(client, kb):
    body = html(client.get("/en/matrix/"))
    link = 'href="/en/evidence/?organization=alpha&amp;strategy=public-awareness"'
    assert link in body
    assert 'class="cell shade-4"' in body
    assert '<th scope="col">' in body and '<th scope="row"' in body
    drilled = html(client.get("/en/matrix/?strategy=public-awareness"))
    assert 'href="/en/evidence/?organization=alpha&amp;strategy=social-media"' in drilled


def test_matrix_pivots_to_regions_and_filters_by_kind(client, kb):
    body = html(client.get("/en/matrix/?by=regions"))
    for region in ("World", "Africa", "Kenya"):
        assert region in body
    assert 'href="/en/evidence/?region=kenya&amp;strategy=public-awareness"' in body
    assert "No claim matches" in html(client.get("/en/matrix/?kind=grassroots"))


def test_strategy_page_groups_organizations_by_region(client, kb):
    body = html(client.get("/en/strategies/public-awareness/"))
    assert 'id="region-kenya"' in body
    assert "Alpha Network" in body
    assert "1 organization uses it" in body


def test_strategy_page_shows_the_first_claims_of_each_region_and_links_to_the_rest(client, kb):
    names = [f"Org {letter}" for letter in "FEDCBA"]  # created out of alphabetical order
    for name in names:
        claim = EvidenceFactory(organization=OrganizationFactory(name_en=name), strategy=kb.litigation)
        claim.regions.set([kb.kenya])
    for name in ("Unplaced X", "Unplaced Y"):
        EvidenceFactory(organization=OrganizationFactory(name_en=name), strategy=kb.litigation)

    body = html(client.get("/en/strategies/litigation/"))
    kenya = body[body.index('id="region-kenya"') : body.index('id="region-none"')]
    assert [name for name in sorted(names) if name in kenya] == sorted(names)[:SHOWN_PER_REGION]
    assert f"Showing {SHOWN_PER_REGION} of 6 claims." in kenya
    assert 'href="/en/evidence/?strategy=litigation&amp;region=kenya"' in kenya
    unplaced = body[body.index('id="region-none"') :]
    assert "Beta Collective" in unplaced and "Unplaced X" in unplaced and "Showing" not in unplaced
    assert "9 organizations use it" in body and "9 claims" in body  # and Beta's, which names no region
    arabic = html(client.get("/ar/strategies/litigation/"))
    assert "الادعاءات المعروضة: ٥ من أصل ٦." in arabic


def test_a_strategy_used_in_many_regions_shows_them_a_page_at_a_time_the_unplaced_last(client, kb):
    names = [f"Place {number:02}" for number in range(REGIONS_PER_PAGE + 3)]
    places = [RegionFactory(name_en=name, parent=kb.africa) for name in reversed(names)]
    claim = EvidenceFactory(organization=OrganizationFactory(name_en="Gamma"), strategy=kb.litigation)
    claim.regions.set(places)
    headings = {f'id="region-{place.slug}"': place.name_en for place in places}

    first = html(client.get("/en/strategies/litigation/"))
    assert sorted(name for heading, name in headings.items() if heading in first) == names[:REGIONS_PER_PAGE]
    assert 'id="region-none"' not in first
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = html(client.get("/en/strategies/litigation/?page=2"))
    assert sorted(name for heading, name in headings.items() if heading in second) == names[REGIONS_PER_PAGE:]
    unplaced = second[second.index('id="region-none"') :]
    assert "Beta Collective" in unplaced  # Beta's claim names no region: its group comes last
    assert "Page 2 of 2" in html(client.get("/en/strategies/litigation/?page=2"))
    assert "الصفحة ٢ من ٢" in html(client.get("/ar/strategies/litigation/?page=2"))
    for bad in ("3", "0", "x", "1e9"):
        assert client.get(f"/en/strategies/litigation/?page={bad}").status_code == 404


def test_an_organization_shows_its_claims_a_page_at_a_time_and_the_sources_of_all(client, kb):
    gamma = OrganizationFactory(slug="gamma", name_en="Gamma", name_ar="غاما")
    names = [f"Tactic {number:02}" for number in range(ORGANIZATION_CLAIMS_PER_PAGE + 3)]
    for name in reversed(names):
        claim = EvidenceFactory(organization=gamma, strategy=StrategyFactory(name_en=name), summary_en=f"Uses {name}.")
        EvidencePassageFactory(evidence=claim, passage=PassageFactory(source=SourceFactory(title_en=f"On {name}")))
    EvidenceFactory(organization=gamma, strategy=kb.litigation, summary_en="A hidden claim.", published=False)

    first = html(client.get("/en/organizations/gamma/"))
    assert [name for name in names if f"Uses {name}." in first] == names[:ORGANIZATION_CLAIMS_PER_PAGE]
    assert f"Claims 1 to {ORGANIZATION_CLAIMS_PER_PAGE} of {len(names)}, by strategy." in first
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    # The sources section names the sources of every public claim, not only of those on this page.
    assert all(f"On {name}" in first for name in names)
    second = html(client.get("/en/organizations/gamma/?page=2"))
    assert [name for name in names if f"Uses {name}." in second] == names[ORGANIZATION_CLAIMS_PER_PAGE:]
    assert "A hidden claim." not in first + second
    assert "الصفحة ٢ من ٢" in html(client.get("/ar/organizations/gamma/?page=2"))
    for bad in ("3", "0", "x", "1e9"):
        assert client.get(f"/en/organizations/gamma/?page={bad}").status_code == 404
    # One page needs no pager.
    assert "Page 1 of" not in html(client.get("/en/organizations/alpha/"))


def test_a_region_page_lists_its_first_organizations_and_links_to_the_rest(client, kb):
    for number in range(REGION_ORGANIZATIONS_SHOWN + 4):
        OrganizationFactory(name_en=f"Kenyan group {number:03}", country=kb.kenya)
    body = html(client.get("/en/regions/africa/"))
    listed = body[body.index('id="orgs-title"') : body.index('id="strategies-title"')]
    assert listed.count("<li>") == REGION_ORGANIZATIONS_SHOWN
    assert "Alpha Network" in listed and "Kenyan group 000" in listed and "Kenyan group 063" not in listed
    assert f"Showing {REGION_ORGANIZATIONS_SHOWN} of {REGION_ORGANIZATIONS_SHOWN + 5} organizations." in listed
    assert 'href="/en/organizations/?region=africa"' in listed


def test_region_page_lists_organizations_and_strategies_of_its_subtree(client, kb):
    body = html(client.get("/en/regions/africa/"))
    assert "Alpha Network" in body
    assert 'href="/en/evidence/?region=africa&amp;strategy=social-media"' in body
    assert 'href="/en/regions/kenya/"' in body


def test_facet_links_start_from_page_one_and_the_selected_entry_can_be_cleared(client, kb):
    body = html(client.get("/en/organizations/?page=1&kind=international_ngo"))
    # Narrowing keeps the other filters and goes back to the first page.
    assert 'href="?kind=international_ngo&amp;region=africa"' in body
    assert not re.search(r'href="\?[^"]*page=1', body)
    # The chosen kind is marked, and "Any" clears it alone.
    assert 'href="?kind=international_ngo" aria-current="true"' in body
    assert '<li><a href="?">Any</a></li>' in body
    unfiltered = html(client.get("/en/organizations/"))
    assert 'aria-current="true"' not in unfiltered and ">Any</a>" not in unfiltered


def test_region_facet_counts_each_organization_in_its_region_and_above_past_hidden_regions(client, kb):
    hidden_land, kenya = Region.objects.get(slug="hidden-land"), Region.objects.get(slug="kenya")
    OrganizationFactory(slug="gamma", name_en="Gamma Group", country=kenya)
    OrganizationFactory(slug="delta", name_en="Delta Circle").regions.set([hidden_land, kenya])
    body = html(client.get("/en/organizations/"))
    counts = dict(re.findall(r'region=([a-z-]+)"[^>]*>[^<]+</a> <span class="count">(\d+)</span>', body))
    # Alpha (active in Africa, seated in Kenya), Gamma (seated in Kenya), Delta (active in Kenya).
    assert counts == {"world": "3", "africa": "3", "kenya": "3"}
