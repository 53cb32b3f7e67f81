"""In Chromium, under the site's strict policy: the API's docs page runs and JSON-LD blocks raise no violation."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import EvidencePassageFactory, OrganizationFactory, RegionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def policy_violations(page):
    """Collect what the browser says the Content Security Policy blocked."""
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    return blocked


def test_the_api_docs_page_lists_every_operation_without_breaking_the_policy(live_server, page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocked = policy_violations(page)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=20000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/organizations/" in [path.replace("\u200b", "") for path in paths]
    page.screenshot(path=str(SCREENSHOTS / "api-docs.png"), full_page=False)
    assert blocked == []


def test_linked_data_is_read_and_never_run(live_server, page):
    kenya = RegionFactory(slug="kenya", name_en="Kenya", iso_code="KE")
    organization = OrganizationFactory(slug="alpha", name_en="Alpha </script><b>x</b>", country=kenya)
    EvidencePassageFactory(evidence__organization=organization)
    blocked = policy_violations(page)
    for path in ("en/organizations/alpha/", "ar/regions/kenya/", f"en/evidence/{organization.evidence.get().pk}/"):
        page.goto(f"{live_server.url}/{path}")
        text = page.locator('script[type="application/ld+json"]').text_content()
        assert json.loads(text)["@context"] == "https://schema.org"
    page.goto(f"{live_server.url}/en/organizations/alpha/")
    # The name's markup stays text, in the block and on the page: nothing was cut out of the data block.
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["name"] == "Alpha </script><b>x</b>"
    assert page.locator("h1").inner_text() == "Alpha </script><b>x</b>"
    assert page.locator("b").count() == 0
    assert blocked == []
