"""Staff export and import CSV in the admin: a dry run first, then every row or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.csv import reader
from orgs.models import Organization, Region, Relationship
from sources.models import Source
from strategies.models import Evidence, Strategy
from tests.csv.conftest import body, read_frame, read_rows
from tests.factories import EvidencePassageFactory, RegionFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

MODELS = [Region, Organization, Relationship, Strategy, Evidence, Source]


def url(model, action):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}")


@pytest.fixture
def content():
    citation = EvidencePassageFactory()
    citation.evidence.regions.add(RegionFactory(slug="russia", iso_code="RU"))
    RelationshipFactory()
    return citation


@pytest.fixture
def client(client):
    """The admin in English, so messages compare with the English constants."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def upload(client, model, data, name="file.csv"):
    return client.post(url(model, "import"), {"format": "0", "import_file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("model", MODELS)
def test_every_list_offers_import_and_export(client, staff, content, model):
    client.force_login(staff)
    page = client.get(url(model, "changelist")).content.decode()
    assert url(model, "import") in page and url(model, "export") in page


@pytest.mark.parametrize("model", MODELS)
def test_export_of_selected_records_is_our_csv(client, staff, content, model):
    client.force_login(staff)
    selected = [str(pk) for pk in model.objects.values_list("pk", flat=True)]
    response = client.post(url(model, "export"), {"format": "0", "export_items": selected})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith(f'attachment; filename="{model._meta.model_name}-')
    data = body(response)
    rows = read_rows(data)
    assert len(rows) >= 1 and "id" in rows[0] and "url" in rows[0] and "published" in rows[0]
    assert read_frame(data).shape[0] == len(rows)


def test_export_of_the_filtered_list_keeps_the_filter(client, staff, content):
    client.force_login(staff)
    RegionFactory(slug="hidden-city", published=False, kind=Region.Kind.CITY)
    response = client.post(url(Region, "export") + "?kind__exact=city", {"format": "0"})
    assert [row["slug"] for row in read_rows(body(response))] == ["hidden-city"]


def test_import_is_a_dry_run_first_then_saved_on_confirmation(client, staff, content):
    client.force_login(staff)
    data = "slug,name_ar,name_en,kind,parent\r\negypt,مصر,Egypt,country,russia\r\n".encode()
    page = upload(client, Region, data)
    text = page.content.decode()
    assert "Dry run: 1 rows would be created, 0 updated and 0 left unchanged." in text
    assert not Region.objects.filter(slug="egypt").exists()
    confirm = page.context["confirm_form"].initial
    response = client.post(url(Region, "process_import"), confirm)
    assert response.status_code == 302
    assert Region.objects.get(slug="egypt").parent.slug == "russia"


def test_rejected_rows_are_listed_with_their_reason_and_nothing_can_be_confirmed(client, staff, content):
    client.force_login(staff)
    data = "slug,name_ar,name_en,kind,parent\r\negypt,مصر,Egypt,country,\r\nbeirut,بيروت,Beirut,city,lebanon\r\n"
    page = upload(client, Region, data.encode())
    text = page.content.decode()
    assert "1 rows are rejected; without them 1 rows would be created" in text
    assert "Unknown region: lebanon." in text
    assert "confirm_form" not in page.context or page.context["confirm_form"] is None
    assert not Region.objects.filter(slug__in=["egypt", "beirut"]).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("slug,name_ar\r\nx,س\r\n".encode("utf-16"), reader.ERROR_UTF16),
        ("slug,name_ar,name_en,kind\r\nx,سوريا,Syria,country\r\n".encode("cp1256"), reader.ERROR_WINDOWS_1256),
        (b"slug;name_ar;name_en;kind\r\nx;a;b;country\r\n", reader.ERROR_SEMICOLONS),
        (b"", None),
        (b"slug,name_ar,name_en,kind,colour\r\nx,a,b,country,red\r\n", "Unknown columns: colour."),
        (b"slug,name_ar,name_en,kind\r\nx,=1+1,b,country\r\n", "Cells that a spreadsheet would run"),
    ],
)
def test_a_bad_file_gets_its_message_and_changes_nothing(client, staff, content, data, message):
    client.force_login(staff)
    before = Region.objects.count()
    page = upload(client, Region, data)
    errors = " ".join(page.context["form"].errors["import_file"])
    if message is None:
        assert errors == "The submitted file is empty."
    else:
        assert str(message) in errors
    assert Region.objects.count() == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, staff, content):
    client.force_login(staff)
    data = b"slug,name_ar,name_en,kind\r\n" + b"x,a,b,country\r\n" * (11 * 1024 * 1024 // 14)
    page = upload(client, Region, data)
    assert "the limit is 10 MB" in page.content.decode()


def test_a_file_over_the_row_limit_is_refused_with_the_count(client, staff, content):
    client.force_login(staff)
    rows = "".join(f"place-{n},مكان,Place,city\r\n" for n in range(reader.MAX_IMPORT_ROWS + 1))
    page = upload(client, Region, ("slug,name_ar,name_en,kind\r\n" + rows).encode())
    counts = {"count": "20,001", "limit": "20,000"}
    assert page.context["form"].errors["import_file"] == [reader.ERROR_TOO_MANY_ROWS % counts]
    assert "confirm_form" not in page.context or page.context["confirm_form"] is None
    assert not Region.objects.filter(slug="place-1").exists()


def test_the_row_limit_message_is_in_the_users_language(client, staff, content):
    client.force_login(staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"
    rows = "".join(f"place-{n},مكان,Place,city\r\n" for n in range(reader.MAX_IMPORT_ROWS + 1))
    page = upload(client, Region, ("slug,name_ar,name_en,kind\r\n" + rows).encode())
    message = " ".join(page.context["form"].errors["import_file"])
    assert message == "في الملف 20001 صفًا، والاستيراد يقرأ 20000 صفًا على الأكثر. قسّمه إلى ملفات أصغر."


def test_a_million_short_rows_are_refused_at_upload_without_a_dry_run(client, staff, content):
    client.force_login(staff)
    data = b"slug\r\n" + b"abcde\r\n" * 1_000_000
    page = upload(client, Region, data)
    counts = {"count": "1,000,000", "limit": "20,000"}
    assert page.context["form"].errors["import_file"] == [reader.ERROR_TOO_MANY_ROWS % counts]
    # Only counted, never imported: no dry run, nothing written (its time is the benchmark's to report).
    assert page.context.get("result") is None
    assert not Region.objects.filter(slug="abcde").exists()


def test_the_import_page_has_the_admins_breadcrumbs_and_speaks_arabic(client, staff, content):
    client.force_login(staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"
    page = client.get(url(Region, "import")).content.decode()
    assert '<ol class="breadcrumbs">' in page and 'aria-current="page">استيراد</li>' in page
    # A row the dry run rejects: the library's own headings come in Arabic too.
    page = upload(client, Region, "slug,name_ar,name_en,kind\r\nplace,مكان,Place,no-such-kind\r\n".encode())
    text = page.content.decode()
    assert "Some rows failed to validate" not in text and "Non field specific" not in text
    changelist = client.get(url(Region, "changelist")).content.decode()
    assert "Export %(len)s" not in changelist and "selected item" not in changelist
