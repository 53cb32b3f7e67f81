"""The public pages at a phone's width: nothing widens the page; wide tables scroll in their own box."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_PAGES = ["organizations/", "sources/", "matrix/", "matrix/?by=regions", "search/?q=social+media"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_page_is_wider_than_a_phone(live_server, phone, language):
    call_command("load_seed", verbosity=0)
    too_wide = {}
    for path in PHONE_PAGES:
        phone.goto(f"{live_server.url}/{language}/{path}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    assert too_wide == {}


def test_the_matrix_scrolls_inside_its_box_with_the_row_names_in_view(live_server, phone):
    call_command("load_seed", verbosity=0)
    phone.goto(f"{live_server.url}/en/matrix/")
    box = phone.locator(".table-scroll")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    name = phone.locator("table.matrix tbody th").first
    before = name.bounding_box()["x"]
    box.evaluate("e => { e.scrollLeft = 300; }")
    assert name.bounding_box()["x"] == before


def axe_serious(page):
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v.get("impact") in SERIOUS]


SERIOUS = {"serious", "critical"}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_on_a_phone_the_results_come_first_and_the_filters_wait_behind_a_disclosure(live_server, phone, language):
    call_command("load_seed", verbosity=0)
    phone.goto(f"{live_server.url}/{language}/organizations/?kind=international_ngo")
    summary = phone.locator(".filter-disclosure > summary")
    assert "1" in summary.inner_text() or "١" in summary.inner_text()
    assert not phone.locator(".filters select").first.is_visible()
    first_row = phone.locator("table.data tbody tr").first
    assert first_row.bounding_box()["y"] < 600  # on the first screen of a 390 x 844 phone (980 px down before)
    summary.click()  # a native disclosure: no script needed
    assert phone.locator(".filters select").first.is_visible()
    assert axe_serious(phone) == []

    phone.goto(f"{live_server.url}/{language}/search/?q=lobbying")
    assert not phone.locator("#search-region").is_visible()
    assert phone.locator(".search-results li").first.bounding_box()["y"] < 700
    assert axe_serious(phone) == []


@pytest.mark.parametrize("language", ["ar", "en"])
def test_under_600_px_a_list_is_cards_with_every_column_named(live_server, phone, language):
    call_command("load_seed", verbosity=0)
    phone.goto(f"{live_server.url}/{language}/organizations/")
    box = phone.locator(".table-scroll")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth")
    based_in = "Based in" if language == "en" else "المقر"
    cell = phone.locator(f'table.data tbody td[data-label="{based_in}"]:not(:empty)').first
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
    assert based_in in cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert cell.bounding_box()["x"] + cell.bounding_box()["width"] <= 390
    assert phone.locator("table.data thead").evaluate("e => e.getBoundingClientRect().height") <= 1


@pytest.mark.parametrize(("language", "first_face"), [("en", "Noto Sans"), ("ar", "Noto Sans Arabic")])
def test_the_shipped_fonts_put_the_pages_own_script_first(live_server, phone, language, first_face):
    phone.goto(f"{live_server.url}/{language}/")
    family = phone.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.split(",")[0].strip().strip('"') == first_face
    phone.evaluate("document.fonts.ready")
    loaded = phone.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert first_face in {name.strip('"') for name in loaded}


def test_screenshots_of_a_search_and_a_list_in_both_languages(live_server, browser):
    from tests.browser.test_site import SCREENSHOTS

    call_command("load_seed", verbosity=0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height, name in ((1366, 900, "desktop"), (390, 844, "phone")):
        context = browser.new_context(viewport={"width": width, "height": height})
        shot = context.new_page()
        for language in ("ar", "en"):
            shot.goto(f"{live_server.url}/{language}/search/?q=lobbying")
            shot.screenshot(path=str(SCREENSHOTS / f"search-lobbying-{name}-{language}.png"), full_page=True)
            shot.goto(f"{live_server.url}/{language}/organizations/")
            shot.screenshot(path=str(SCREENSHOTS / f"organization-list-{name}-{language}.png"), full_page=True)
        context.close()
    assert (SCREENSHOTS / "search-lobbying-phone-ar.png").stat().st_size > 0
