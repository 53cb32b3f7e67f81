"""Disputed claims: the editors' note is required, and every page and export that shows a claim shows it."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from strategies.models import ERROR_DISPUTED_NEEDS_NOTE, ERROR_NOTE_FIELD_REQUIRED, Evidence
from tests.admin_forms import form_data
from tests.factories import EvidenceFactory
from website.seed.loader import seed_load
from website.templatetags.site import page_digits

pytestmark = pytest.mark.django_db

HUDOC = "https://hudoc.echr.coe.int/eng?i=001-101257"
QUEERISTAN_SOURCE = "https://queeristan.org/2017/04/09/queeristan-2017/"

NOTE = {
    "status_note_ar": "يخالف حكم قضائي منشور هذا الادعاء.",
    "status_note_en": "A published judgment contradicts this claim.",
    "status_source_ar": "المحكمة الأوروبية لحقوق الإنسان",
    "status_source_en": "European Court of Human Rights",
    "status_source_date": datetime.date(2010, 10, 21),
    "status_source_url": "https://hudoc.echr.coe.int/eng?i=001-101257",
}


def editor():
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("missing", sorted(NOTE))
def test_the_database_refuses_a_disputed_claim_without_its_full_note(missing):
    claim = EvidenceFactory(**NOTE)
    empty = None if missing == "status_source_date" else ""
    Evidence.objects.filter(pk=claim.pk).update(**{missing: empty})

    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=claim.pk).update(status=Evidence.Status.DISPUTED)

    claim.refresh_from_db()
    assert claim.status == Evidence.Status.REPORTED


def test_the_database_accepts_a_disputed_claim_with_its_note():
    claim = EvidenceFactory(**NOTE)
    Evidence.objects.filter(pk=claim.pk).update(status=Evidence.Status.DISPUTED)
    claim.refresh_from_db()
    assert claim.is_disputed


def test_validation_names_every_missing_part_of_the_note():
    claim = EvidenceFactory.build(
        organization=EvidenceFactory().organization, status=Evidence.Status.DISPUTED, status_note_en="Only English."
    )
    claim.strategy.save()

    with pytest.raises(ValidationError) as error:
        claim.full_clean()

    errors = error.value.message_dict
    assert errors["status"] == [str(ERROR_DISPUTED_NEEDS_NOTE)]
    for name in ("status_note_ar", "status_source_ar", "status_source_en", "status_source_date", "status_source_url"):
        assert errors[name] == [str(ERROR_NOTE_FIELD_REQUIRED)]
    assert "status_note_en" not in errors


def test_an_editor_cannot_dispute_a_claim_in_the_admin_without_the_note(client):
    claim = EvidenceFactory()
    client.force_login(editor())
    url = reverse("admin:strategies_evidence_change", args=[claim.pk])
    data = form_data(client.get(url))
    data["status"] = Evidence.Status.DISPUTED

    response = client.post(url, data)

    assert response.status_code == 200
    with translation.override(response.context["LANGUAGE_CODE"]):
        message = escape(str(ERROR_DISPUTED_NEEDS_NOTE))
    assert message in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Evidence.Status.REPORTED

    data.update({name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in NOTE.items()})
    response = client.post(url, data)

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.is_disputed
    assert claim.status_source_url == NOTE["status_source_url"]


@pytest.fixture
def seeded(db):
    return seed_load()


def test_the_seed_disputes_moscow_pride_and_queeristan_with_named_sources(seeded):
    disputed = Evidence.objects.filter(status=Evidence.Status.DISPUTED).order_by("organization__slug", "strategy__slug")
    assert [(e.organization.slug, e.strategy.slug) for e in disputed] == [
        ("moscow-pride", "conferences-and-seminars"),
        ("queeristan", "advocacy-skills-training"),
        ("queeristan", "online-platforms-for-sharing-information"),
    ]
    pride = disputed[0]
    assert pride.status_source_url == HUDOC
    assert pride.status_source_date == datetime.date(2010, 10, 21)
    assert "Alekseyev v. Russia" in pride.status_source_en
    assert "2006" in pride.status_note_en and "2006" in pride.status_note_ar
    assert {e.status_source_url for e in disputed[1:]} == {QUEERISTAN_SOURCE}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_organization_page_shows_why_a_claim_is_disputed(client, seeded, language):
    pride = Evidence.objects.get(organization__slug="moscow-pride")

    page = client.get(f"/{language}/organizations/moscow-pride/").content.decode()

    # The note reads in the page's numerals (Arabic-Indic on the Arabic page).
    with translation.override(language):
        note = page_digits(getattr(pride, f"status_note_{language}"), language)
    assert note in page
    assert (
        getattr(pride, f"status_source_{language}").replace("«", "&laquo;") in page
        or getattr(pride, f"status_source_{language}") in page
    )
    assert f'href="{HUDOC}"' in page
    assert 'datetime="2010-10-21"' in page


def test_the_evidence_list_filters_and_shows_disputed_claims(client, seeded):
    page = client.get("/en/evidence/?status=disputed").content.decode()

    assert "3 claims" in page
    assert page.count('class="dispute"') == 3
    assert QUEERISTAN_SOURCE in page


def test_an_undisputed_claim_carries_no_note(client, seeded):
    page = client.get("/en/organizations/amnesty-international/").content.decode()
    assert 'class="dispute"' not in page
    assert "Disputed by the editors" not in page


def test_the_source_page_marks_citations_of_disputed_claims(client, seeded):
    page = client.get("/en/sources/eurasian-queer-transnational-solidarity/").content.decode()
    assert page.count('<span class="status status--disputed">(Disputed)</span>') == 3
    other = client.get("/en/sources/international-networks-lgbtq-strategies/").content.decode()
    assert "status--disputed" not in other


def test_the_matrix_marks_cells_with_a_disputed_claim(client, seeded):
    page = client.get("/en/matrix/").content.decode()
    # Moscow Pride's claim and Queeristan's two fall in the networking column, one row each.
    assert page.count("cell--disputed") == 2 + 1  # two cells, plus the legend's sample
    assert page.count("(1 disputed)") == 1
    assert page.count("(2 disputed)") == 1

    by_regions = client.get("/en/matrix/?by=regions").content.decode()
    # Eurasia holds all three (Moscow's through Russia), each counted once; so does World.
    assert by_regions.count("(3 disputed)") == 2


def test_the_evidence_csv_carries_the_note_in_both_languages(client, seeded):
    rows = csv_rows(client.get("/en/evidence/?format=csv&organization=moscow-pride"))

    assert len(rows) == 1
    row = rows[0]
    assert row["status"] == "disputed"
    assert row["status_source_url"] == HUDOC
    assert row["status_source_date"] == "2010-10-21"
    pride = Evidence.objects.get(organization__slug="moscow-pride")
    assert row["status_note_ar"] == pride.status_note_ar
    assert row["status_note_en"] == pride.status_note_en
