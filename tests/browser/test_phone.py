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
