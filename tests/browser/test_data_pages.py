"""The data dictionary and the dataset releases in a real browser: direction, downloads, accessibility."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
SERIOUS = {"serious", "critical"}


@pytest.fixture
def released(transactional_db, settings, tmp_path):
    """Load the seed knowledge base and release it once."""
    settings.DATASET_RELEASE_DIR = str(tmp_path / "releases")
    call_command("load_seed", verbosity=0)
    call_command("release_dataset", stdout=io.StringIO())
    return tmp_path / "releases"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_data_pages_read_in_both_directions_without_serious_violations(live_server, released, page, language):
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failures = {}
    for name, path in {"data-dictionary": "data/", "data-releases": "data/releases/"}.items():
        page.goto(f"{live_server.url}/{language}/{path}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{language}.png"), full_page=True)
        serious = [v for v in Axe().run(page).response["violations"] if v.get("impact") in SERIOUS]
        if serious:
            failures[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    assert failures == {}


def test_a_reader_follows_the_footer_to_a_release_and_a_list_to_its_workbook(live_server, released, page):
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Dataset releases").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Version 1.0").click()
    assert download.value.suggested_filename.startswith("advocacy-dataset-1.0-")
    page.goto(f"{live_server.url}/ar/organizations/")
    with page.expect_download() as download:
        page.get_by_role("link", name="تنزيل XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet.sheet_view.rightToLeft is True
    assert next(sheet.iter_rows(max_row=1, values_only=True))[0] == "الرقم"
