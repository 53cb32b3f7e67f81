"""The public site in a real browser: direction, language switch, matrix to passage, accessibility."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from orgs.models import Region
from sources.models import Source
from strategies.models import Evidence, Strategy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PAGE_TYPES = {
    "home": "",
    "organization-list": "organizations/",
    "organization-detail": None,
    "strategy-list": "strategies/",
    "strategy-detail": None,
    "region-list": "regions/",
    "region-detail": None,
    "source-list": "sources/",
    "source-detail": None,
    "evidence-list": "evidence/",
    "evidence-detail": None,
    "matrix": "matrix/",
    "matrix-regions": "matrix/?by=regions",
    "search-help": "search/",
    "search-results": "search/?q=%D8%AD%D9%85%D9%84%D8%A9+or+campaign",
    "search-claims": "search/?q=lobbying",
    "not-found": "no-such-page/",
}
SERIOUS = {"serious", "critical"}


@pytest.fixture
def seeded(transactional_db):
    """Load the seed knowledge base and pick one public record of each kind."""
    call_command("load_seed", verbosity=0)
    claim = Evidence.objects.published().filter(citations__isnull=False).select_related("organization").first()
    return {
        "organization-detail": f"organizations/{claim.organization.slug}/",
        "strategy-detail": f"strategies/{Strategy.objects.published().filter(parent__isnull=True).first().slug}/",
        "region-detail": f"regions/{Region.objects.published().filter(parent__isnull=True).first().slug}/",
        "source-detail": f"sources/{Source.objects.published().first().slug}/",
        "evidence-detail": f"evidence/{claim.pk}/",
    }


def test_arabic_home_reads_right_to_left_and_switches_to_the_same_page_in_english(live_server, seeded, page):
    page.goto(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.goto(f"{live_server.url}/ar/evidence/?status=reported")
    page.get_by_role("link", name="English").click()
    # A click waits only for the new page to start loading: wait for it to load before reading it.
    page.wait_for_url(f"{live_server.url}/en/evidence/?status=reported")
    assert page.locator("html").get_attribute("dir") == "ltr"


def test_from_the_matrix_a_cell_leads_to_its_evidence_and_on_to_the_quoted_passage(live_server, seeded, page):
    page.goto(f"{live_server.url}/ar/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Matrix").click()
    page.wait_for_url(f"{live_server.url}/en/matrix/")
    cell = page.locator("table.matrix td.cell a").first
    count = int(cell.inner_text())
    cell.click()
    page.wait_for_url(re.compile(r"/en/evidence/\?organization="))
    assert page.locator("article.claim").count() == count
    quote = page.locator("article.claim figure.quote").first
    quoted = quote.locator("blockquote").inner_text().strip()
    quote.locator("figcaption a").click()
    page.wait_for_url(re.compile(r"/en/sources/[\w-]+/#q\d+$"))
    match = re.search(r"/en/sources/[\w-]+/#(q\d+)$", page.url)
    assert match, page.url
    mark = page.locator(f"mark#{match.group(1)}")
    assert mark.is_visible()
    assert quoted.split(" not yet translated")[0].strip()[:20] in mark.inner_text()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_page_type_has_no_serious_accessibility_violation(live_server, seeded, page, language):
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    failures, report = {}, []
    for name, path in PAGE_TYPES.items():
        path = seeded.get(name, path)
        page.goto(f"{live_server.url}/{language}/{path}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{language}.png"), full_page=True)
        results = axe.run(page)
        violations = results.response["violations"]
        serious = [v for v in violations if v.get("impact") in SERIOUS]
        ids = ", ".join(f"{v['id']} ({v.get('impact')})" for v in violations)
        report.append(f"{language} {name}: {len(results.response['passes'])} rules passed; violations: {ids or 'none'}")
        if serious:
            failures[name] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    (SCREENSHOTS / f"axe-{language}.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    assert failures == {}
