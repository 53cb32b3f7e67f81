"""The visual views in a real browser, in both languages, on a desktop and a phone: each drawing shows, nothing
widens the page, axe finds no serious violation, and a mark of each drawing leads to the record it stands for."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from strategies.models import Evidence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots" / "visuals"
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SERIOUS = {"serious", "critical"}

# Each view: its path, the drawing, the mark to follow, and where that mark leads.
VIEWS = [
    ("home", "", "#chart-regions-title ~ .bars svg a", "/evidence/"),
    ("region", "regions/eurasia/", "#chart-status-title ~ .bars svg a", "/evidence/"),
    ("map", "map/", "svg.map__svg a", "/regions/"),
    ("network", "network/", "svg.graph__svg .graph__edges a", "/organizations/"),
    ("organization", "organizations/human-rights-campaign/", "svg.graph__svg .graph__nodes a", "/organizations/"),
    ("timeline", "timeline/", "svg.timeline__lane a", "/evidence/"),
]


@pytest.fixture
def seeded(transactional_db):
    call_command("load_seed", verbosity=0)
    # The seed dates one claim; give a few more periods, one of them open-ended, for the timeline. The
    # first starts in 1990: the axis then has eight five-year steps, more years than a phone fits in a row.
    for index, claim in enumerate(Evidence.objects.published().order_by("pk")[:8]):
        start = datetime.date(1990 if index == 0 else 2005 + index, 3, 1)
        end = None if index % 3 == 0 else datetime.date(2012 + index, 9, 1)
        Evidence.objects.filter(pk=claim.pk).update(period_start=start, period_end=end)


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v.get("impact") in SERIOUS]


def overlapping_years(page):
    """Return the pairs of written years of a timeline's axis that run into each other (none on other views)."""
    boxes = page.evaluate(
        """[...document.querySelectorAll('.timeline__ticks > span')]
            .filter((span) => getComputedStyle(span).visibility === 'visible')
            .map((span) => {
                const range = document.createRange();
                range.selectNodeContents(span);
                const box = range.getBoundingClientRect();
                return [span.textContent, box.left, box.right];
            })
            .sort((a, b) => a[1] - b[1])"""
    )
    return [(a[0], b[0]) for a, b in zip(boxes, boxes[1:], strict=False) if b[1] < a[2] + 2]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_each_view_draws_in_both_languages_on_desktop_and_phone_and_leads_to_a_record(
    live_server, browser, seeded, language
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for screen, viewport in SCREENS.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name, path, mark, lands in VIEWS:
            page.goto(f"{live_server.url}/{language}/{path}")
            assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            drawing = page.locator(mark).first
            assert drawing.is_visible(), (name, screen)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], (name, screen, width)
            assert overlapping_years(page) == [], (name, screen)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{language}-{screen}.png"), full_page=True)
            assert serious_violations(page) == [], (name, screen)
            # The table of the same numbers opens without script.
            tables = page.locator("details.chart__data > summary")
            if tables.count():
                tables.first.click()
                assert page.locator("details.chart__data table").first.is_visible()
            href = drawing.get_attribute("href")
            drawing.click()
            page.wait_for_url(f"**{href.split('#')[0]}*")
            assert f"/{language}{lands}" in page.url, (name, page.url)
            assert page.locator("h1").first.inner_text().strip()
        context.close()
