"""The dry run's report of every row: written as the rows are checked, downloaded as CSV by its owner."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.csv import uploads
from core.csv.report import REPORT_HEADER
from orgs.models import Organization
from tests.csv.conftest import body, member_of, read_rows
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

# One unchanged, one changed, one new and one rejected row (no Arabic name).
HEADER = "slug,name_ar,name_en,kind\r\n"
ROWS = (
    "same,نفسها,Same,grassroots\r\n"
    "changed,تغيرت,Changed now,grassroots\r\n"
    "new,جديدة,New,grassroots\r\n"
    "rejected,,Rejected,grassroots\r\n"
)


@pytest.fixture(autouse=True)
def upload_folder(settings, tmp_path):
    settings.CSV_IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def dry_run(client, data):
    url = reverse("admin:orgs_organization_import")
    return client.post(url, {"format": "0", "import_file": SimpleUploadedFile("file.csv", data.encode())})


def records():
    OrganizationFactory(slug="same", name_ar="نفسها", name_en="Same", kind="grassroots")
    OrganizationFactory(slug="changed", name_ar="تغيرت", name_en="Changed", kind="grassroots")


def test_the_report_lists_every_row_with_its_outcome_and_reasons(client):
    records()
    client.force_login(member_of("Editor"))
    page = dry_run(client, HEADER + ROWS)
    text = page.content.decode()
    link = page.context["result"].report_url
    assert link in text.replace("&amp;", "&")
    assert "Download the report of all 4 rows (CSV)" in text
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_rows(body(response))
    assert tuple(rows[0]) == REPORT_HEADER
    assert [(row["row"], row["outcome"]) for row in rows] == [
        ("1", "skip"),
        ("2", "update"),
        ("3", "new"),
        ("4", "invalid"),
    ]
    assert rows[1]["record"] == "Changed now"
    assert rows[3]["reasons"].startswith("name_ar:"), rows[3]
    assert rows[0]["reasons"] == rows[1]["reasons"] == rows[2]["reasons"] == ""
    # The dry run saved nothing.
    assert not Organization.objects.filter(slug__in=["new", "rejected"]).exists()
    assert Organization.objects.get(slug="changed").name_en == "Changed"


def test_a_report_of_a_file_that_can_be_confirmed_is_offered_too(client):
    records()
    client.force_login(member_of("Editor"))
    page = dry_run(client, HEADER + ROWS.replace("rejected,,", "rejected,مرفوضة,"))
    assert page.context["confirm_form"] is not None
    assert "Download the report of all 4 rows (CSV)" in page.content.decode()
    rows = read_rows(body(client.get(page.context["result"].report_url)))
    assert [row["outcome"] for row in rows] == ["skip", "update", "new", "new"]


def test_nobody_else_reads_a_report(client, django_user_model):
    records()
    client.force_login(member_of("Editor"))
    page = dry_run(client, HEADER + ROWS)
    link = page.context["result"].report_url
    other = django_user_model.objects.create_user("other-editor", password="x", is_staff=True)
    other.groups.add(*member_of("Curator").groups.all())
    client.force_login(other)
    assert client.get(link).status_code == 404
    client.force_login(member_of("Viewer"))
    assert client.get(link).status_code == 403
    client.logout()
    assert client.get(link).status_code == 302


@pytest.mark.parametrize("token", ["", "x", "../../etc/passwd", "a" * 5000])
def test_a_forged_report_token_answers_404(client, token):
    client.force_login(member_of("Editor"))
    response = client.get(reverse("admin:orgs_organization_import_report"), {"report": token})
    assert response.status_code == 404


def test_an_upload_token_does_not_open_the_upload_as_a_report(client):
    records()
    client.force_login(member_of("Editor"))
    page = dry_run(client, HEADER + ROWS.replace("rejected,,", "rejected,مرفوضة,"))
    upload_token = page.context["confirm_form"].initial["import_file_name"]
    response = client.get(reverse("admin:orgs_organization_import_report"), {"report": upload_token})
    assert response.status_code == 404


def test_abandoned_reports_are_deleted_by_the_next_import(client, upload_folder):
    upload_folder.mkdir(parents=True)
    abandoned = upload_folder / ("c" * 32 + uploads.SUFFIXES["report"])
    abandoned.write_bytes(b"row,outcome\r\n")
    old = time.time() - uploads.UPLOAD_MAX_AGE - 60
    os.utime(abandoned, (old, old))
    client.force_login(member_of("Editor"))
    assert client.get(reverse("admin:orgs_organization_import")).status_code == 200
    assert not abandoned.exists()
