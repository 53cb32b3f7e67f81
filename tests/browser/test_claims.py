"""A claim in a real browser, on a desktop and a phone, in both languages: a search for lobbying → a
claim it finds → its quote marked in the source → back to the claim → Cite as RIS; and the same from
the evidence list; no serious accessibility violation."""

import re
from pathlib import Path

import pytest
import rispy
from django.conf import settings
from django.core.management import call_command

from strategies.models import Evidence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SERIOUS = {"serious", "critical"}
NAMES = {
    "ar": {"claim": "صفحة الادعاء", "marked": "الاقتباس مظللًا في مصدره", "search": "الضغط"},
    "en": {
        "claim": "The claim's page",
        "marked": "The quote marked in its source",
        "search": "lobbying",
        "box": "Search",
    },
}


@pytest.fixture
def seeded(transactional_db):
    call_command("load_seed", verbosity=0)
    return Evidence.objects.published().filter(citations__published=True).order_by("pk").first()


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v.get("impact") in SERIOUS]


def search_for_a_claim(page, live_server, language, seeded):
    """Type the word for lobbying in the header's search box and follow the first claim it finds."""
    page.goto(f"{live_server.url}/{language}/")
    page.locator("#site-search").fill(NAMES[language]["search"])
    page.locator("#site-search").press("Enter")
    page.locator(".search-result--claim .search-result__title a").first.click()


def from_the_evidence_list(page, live_server, language, seeded):
    """Open the evidence list of one organization and follow a claim's own link."""
    page.goto(f"{live_server.url}/{language}/evidence/?organization={seeded.organization.slug}")
    page.get_by_role("link", name=NAMES[language]["claim"]).first.click()


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("start", [search_for_a_claim, from_the_evidence_list], ids=["search", "evidence-list"])
def test_from_a_search_or_the_evidence_list_to_a_claim_its_marked_quote_and_back_then_cite_as_ris(
    live_server, seeded, browser, language, screen, start
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=SCREENS[screen], accept_downloads=True)
    page = context.new_page()
    try:
        start(page, live_server, language, seeded)
        page.wait_for_url(re.compile(rf"/{language}/evidence/\d+/$"))
        claim_url = page.url
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator(".passage-text mark").first.is_visible()
        page.screenshot(path=str(SCREENSHOTS / f"claim-{language}-{screen}.png"), full_page=True)
        assert serious_violations(page) == []

        quoted = page.locator(".citation blockquote").first.inner_text().split("\n")[0].strip()
        page.get_by_role("link", name=NAMES[language]["marked"]).first.click()
        # A click waits only for the new page to start loading: wait for it to load before reading it.
        page.wait_for_url(re.compile(rf"/{language}/sources/[\w-]+/#q\d+$"))
        match = re.search(rf"/{language}/sources/[\w-]+/#(q\d+)$", page.url)
        assert match, page.url
        mark = page.locator(f"mark#{match.group(1)}")
        assert mark.is_visible() and mark.evaluate("element => element.matches(':target')")
        assert mark.inner_text().strip()[:15] in quoted or quoted[:15] in mark.inner_text()
        mark.evaluate("element => element.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(SCREENSHOTS / f"source-mark-{language}-{screen}.png"))
        assert serious_violations(page) == []

        mark.locator("a").first.click()
        page.wait_for_url(claim_url)

        with page.expect_download() as download_info:
            page.get_by_role("link", name="RIS").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".ris")
        records = rispy.loads(Path(download.path()).read_text(encoding="utf-8"))
        assert records and all(record.get("notes") and record.get("section") for record in records)
        assert claim_url.replace(live_server.url, "") in records[0]["notes"][0]
    finally:
        context.close()
