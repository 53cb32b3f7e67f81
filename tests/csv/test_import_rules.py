"""Who may import what, through the admin's real URLs: the import column of the permission matrix.

Viewer may not import at all; Curator may import rows that leave `published` and `sensitive` as
they are (a new record starts unpublished and may be marked sensitive); Editor may import anything.
"""

import os
import time

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.csv import uploads
from core.csv.admin import ERROR_CONFIRM_FORM, ERROR_UPLOAD_GONE
from core.csv.formats import KnowledgeBaseCSV
from core.csv.resources import ERROR_DUPLICATE_ROW, ERROR_PUBLISH_FORBIDDEN, ERROR_SENSITIVE_FORBIDDEN
from core.csv.writer import csv_bytes
from orgs.models import Organization, Region, Relationship
from sources.models import Passage, Source
from sources.resources import ERROR_PASSAGE_SENSITIVE_FORBIDDEN
from strategies.models import Evidence, Strategy
from tests.csv.conftest import body, member_of, read_rows
from tests.factories import (
    EvidencePassageFactory,
    OrganizationFactory,
    PassageFactory,
    RegionFactory,
    RelationshipFactory,
    SourceFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

GROUPS = ["Viewer", "Curator", "Editor"]
# Each importable model, how to make one record of it, and a content column a Curator may change.
IMPORTABLE = {
    Region: (lambda **flags: RegionFactory(**flags), "name_en"),
    Organization: (lambda **flags: OrganizationFactory(**flags), "name_en"),
    Relationship: (lambda **flags: RelationshipFactory(**flags), "description_en"),
    Strategy: (lambda **flags: StrategyFactory(**flags), "name_en"),
    Source: (lambda **flags: PassageFactory(source=SourceFactory(**flags)).source, "title_en"),
    Evidence: (lambda **flags: EvidencePassageFactory(**_of_claim(flags)).evidence, "summary_en"),
}
# Models with a public page of their own.
PUBLIC_PAGES = [Region, Organization, Strategy, Source, Evidence]


def _of_claim(flags):
    return {f"evidence__{name}": value for name, value in flags.items()}


@pytest.fixture(autouse=True)
def upload_folder(settings, tmp_path):
    """Uploads of each test in a folder of its own, so files can be counted."""
    settings.CSV_IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def uploads_in(folder):
    """Return the uploaded files waiting in the folder (not the dry runs' reports)."""
    return [path for path in folder.iterdir() if not path.name.endswith(uploads.SUFFIXES["report"])]


def url(model, action):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}")


def admin_csv(model, queryset=None):
    """Export records the way the admin does, as bytes."""
    resource = admin.site._registry[model].resource_classes[0](base_url="http://testserver/")
    return KnowledgeBaseCSV().export_data(resource.export(model.objects.all() if queryset is None else queryset))


def edited(data, **changes):
    """Return the file with the given columns set to new values on every row."""
    rows = read_rows(data)
    header = list(rows[0])
    for row in rows:
        row.update(changes)
    return csv_bytes(header=header, rows=[[row[name] for name in header] for row in rows])


def dry_run(client, model, data):
    return client.post(url(model, "import"), {"format": "0", "import_file": SimpleUploadedFile("file.csv", data)})


def confirm(client, model, page):
    assert page.context.get("confirm_form"), page.content.decode()[-2000:]
    return client.post(url(model, "process_import"), page.context["confirm_form"].initial)


def errors_shown(page):
    return [message for row in page.context["result"].invalid_rows for message in row.error_dict.values()]


def publicly_shown(client, record):
    """Say whether the public sees the record: its page, or for a claim its row in the evidence list."""
    response = client.get(record.get_absolute_url())
    if isinstance(record, Evidence):
        return response.status_code == 200 and record.summary_en in response.content.decode()
    return response.status_code == 200


# The import column of the matrix: every importable model, every group.


@pytest.mark.parametrize("model", list(IMPORTABLE))
def test_a_viewer_may_not_import_anything(client, model):
    make, column = IMPORTABLE[model]
    record = make()
    data = edited(admin_csv(model), **{column: "Changed by a viewer"})
    client.force_login(member_of("Viewer"))
    changelist = client.get(url(model, "changelist")).content.decode()
    assert url(model, "export") in changelist and url(model, "import") not in changelist
    assert client.get(url(model, "import")).status_code == 403
    assert dry_run(client, model, data).status_code == 403
    assert client.get(url(model, "process_import")).status_code == 403
    forged = {"import_file_name": "x", "original_file_name": "file.csv", "format": "0", "resource": "0"}
    assert client.post(url(model, "process_import"), forged).status_code == 403
    record.refresh_from_db()
    assert getattr(record, column) != "Changed by a viewer"
    # Export stays open to anyone who may view.
    assert client.post(url(model, "export"), {"format": "0"}).status_code == 200


@pytest.mark.parametrize("group", ["Curator", "Editor"])
@pytest.mark.parametrize("model", list(IMPORTABLE))
def test_curators_and_editors_import_content_changes(client, model, group):
    make, column = IMPORTABLE[model]
    record = make()
    data = edited(admin_csv(model), **{column: "Changed by import"})
    client.force_login(member_of(group))
    assert url(model, "import") in client.get(url(model, "changelist")).content.decode()
    page = dry_run(client, model, data)
    assert "0 rows would be created, 1 updated and 0 left unchanged" in page.content.decode()
    assert confirm(client, model, page).status_code == 302
    record.refresh_from_db()
    assert getattr(record, column) == "Changed by import"
    assert (record.published, record.sensitive) == (True, False)


@pytest.mark.parametrize("model", list(IMPORTABLE))
def test_a_curator_may_not_expose_a_sensitive_record(client, model):
    make, _column = IMPORTABLE[model]
    record = make(published=True, sensitive=True)
    data = edited(admin_csv(model), sensitive="0")
    client.force_login(member_of("Curator"))
    page = dry_run(client, model, data)
    message = ERROR_SENSITIVE_FORBIDDEN % {"model": model._meta.verbose_name_plural}
    assert [message] in errors_shown(page)
    assert page.context.get("confirm_form") is None
    record.refresh_from_db()
    assert record.sensitive is True
    if model in PUBLIC_PAGES:
        assert not publicly_shown(client, record)


@pytest.mark.parametrize(("before", "after"), [(False, "1"), (True, "0")])
@pytest.mark.parametrize("model", list(IMPORTABLE))
def test_a_curator_may_not_publish_or_unpublish(client, model, before, after):
    make, _column = IMPORTABLE[model]
    record = make(published=before)
    data = edited(admin_csv(model), published=after)
    client.force_login(member_of("Curator"))
    page = dry_run(client, model, data)
    assert [ERROR_PUBLISH_FORBIDDEN % {"model": model._meta.verbose_name_plural}] in errors_shown(page)
    assert page.context.get("confirm_form") is None
    record.refresh_from_db()
    assert record.published is before


@pytest.mark.parametrize("model", PUBLIC_PAGES)
def test_an_editor_may_expose_a_sensitive_record(client, model):
    make, _column = IMPORTABLE[model]
    record = make(published=True, sensitive=True)
    assert not publicly_shown(client, record)
    data = edited(admin_csv(model), sensitive="0")
    client.force_login(member_of("Editor"))
    assert confirm(client, model, dry_run(client, model, data)).status_code == 302
    record.refresh_from_db()
    assert record.sensitive is False
    assert publicly_shown(client, record)


def test_the_issue_scenario_a_curator_flipping_sensitive_changes_nothing(client):
    hidden = OrganizationFactory(slug="at-risk", sensitive=True)
    OrganizationFactory(slug="public-one")
    rows = read_rows(admin_csv(Organization))
    rows[[row["slug"] for row in rows].index("at-risk")]["sensitive"] = "0"
    data = csv_bytes(header=list(rows[0]), rows=[list(row.values()) for row in rows])
    client.force_login(member_of("Curator"))
    page = dry_run(client, Organization, data)
    text = page.content.decode()
    assert "1 rows are rejected; without them 0 rows would be created, 0 updated and 1 left unchanged" in text
    assert str(ERROR_SENSITIVE_FORBIDDEN % {"model": "organizations"}) in text
    forged = {"import_file_name": "x", "original_file_name": "f.csv", "format": "0", "resource": "0"}
    assert client.post(url(Organization, "process_import"), forged).status_code == 400
    hidden.refresh_from_db()
    assert hidden.sensitive is True
    assert not publicly_shown(client, hidden)


def test_a_curator_may_add_a_record_marked_sensitive_and_it_starts_unpublished(client):
    data = "slug,name_ar,name_en,kind,published,sensitive\r\nnew-group,مجموعة,New group,grassroots,0,1\r\n"
    client.force_login(member_of("Curator"))
    page = dry_run(client, Organization, data.encode())
    assert confirm(client, Organization, page).status_code == 302
    created = Organization.objects.get(slug="new-group")
    assert (created.published, created.sensitive) == (False, True)
    assert not publicly_shown(client, created)


def test_a_curator_may_not_add_a_published_record(client):
    data = "slug,name_ar,name_en,kind,published,sensitive\r\nnew-group,مجموعة,New group,grassroots,1,0\r\n"
    client.force_login(member_of("Curator"))
    page = dry_run(client, Organization, data.encode())
    assert [ERROR_PUBLISH_FORBIDDEN % {"model": "organizations"}] in errors_shown(page)
    assert not Organization.objects.filter(slug="new-group").exists()


def test_a_curator_may_not_expose_a_sensitive_passage(client):
    passage = PassageFactory(source=SourceFactory(slug="report"), position=1, sensitive=True)
    data = edited(admin_csv(Source), passage_sensitive="0")
    client.force_login(member_of("Curator"))
    page = dry_run(client, Source, data)
    assert [ERROR_PASSAGE_SENSITIVE_FORBIDDEN % {"position": 1}] in errors_shown(page)
    passage.refresh_from_db()
    assert passage.sensitive is True
    assert passage.text_en not in client.get(passage.source.get_absolute_url()).content.decode()


def test_a_curators_new_passage_in_a_published_source_waits_for_an_editor(client):
    source = PassageFactory(source=SourceFactory(slug="report"), position=1).source
    header = "slug,title_ar,title_en,kind,original_language,passage_position,passage_text_ar,passage_text_en\r\n"
    row = f"report,{source.title_ar},{source.title_en},{source.kind},ar,2,نص جديد,A curator's new paragraph\r\n"
    client.force_login(member_of("Curator"))
    assert confirm(client, Source, dry_run(client, Source, (header + row).encode())).status_code == 302
    added = Passage.objects.get(source=source, position=2)
    assert added.published is False
    assert "A curator&#x27;s new paragraph" not in client.get(source.get_absolute_url()).content.decode()
    # The same row from an Editor is public at once.
    client.force_login(member_of("Editor"))
    row = row.replace(",2,", ",3,").replace("A curator's", "An editor's")
    assert confirm(client, Source, dry_run(client, Source, (header + row).encode())).status_code == 302
    assert Passage.objects.get(source=source, position=3).published is True
    assert "An editor&#x27;s new paragraph" in client.get(source.get_absolute_url()).content.decode()


def test_a_curators_new_citation_on_a_published_claim_waits_for_an_editor(client):
    citation = EvidencePassageFactory()
    claim = citation.evidence
    second = PassageFactory(source=citation.passage.source, text_en="They ran a campaign online.")
    rows = read_rows(admin_csv(Evidence))
    row = dict(rows[0], passage=str(second.position), quote_ar="", quote_en="a campaign online")
    data = csv_bytes(header=list(rows[0]), rows=[list(row.values())])
    client.force_login(member_of("Curator"))
    assert confirm(client, Evidence, dry_run(client, Evidence, data)).status_code == 302
    added = claim.citations.get(passage=second)
    assert added.published is False
    assert "a campaign online" not in client.get(claim.get_absolute_url()).content.decode()
    assert "local activists" in client.get(claim.get_absolute_url()).content.decode()


# Duplicates


def test_a_file_naming_an_organization_twice_is_rejected_with_the_rows(client):
    OrganizationFactory(slug="outright")
    data = (
        "slug,name_ar,name_en,kind\r\n"
        "outright,أوت رايت,OutRight,international_ngo\r\n"
        "other,أخرى,Other,grassroots\r\n"
        "outright,أوت رايت,OutRight Action,international_ngo\r\n"
    )
    client.force_login(member_of("Editor"))
    page = dry_run(client, Organization, data.encode())
    assert [ERROR_DUPLICATE_ROW % {"row": 3, "first": 1, "key": "outright"}] in errors_shown(page)
    assert page.context.get("confirm_form") is None
    assert Organization.objects.get(slug="outright").name_en != "OutRight Action"
    assert not Organization.objects.filter(slug="other").exists()


def test_a_sources_file_naming_a_passage_twice_is_rejected_but_several_passages_are_fine(client):
    header = "slug,title_ar,title_en,kind,original_language,passage_position,passage_text_ar,passage_text_en\r\n"
    rows = [
        "report,تقرير,Report,report,ar,1,أ,A\r\n",
        "report,تقرير,Report,report,ar,2,ب,B\r\n",
        "report,تقرير,Report,report,ar,1,ج,C\r\n",
    ]
    client.force_login(member_of("Editor"))
    page = dry_run(client, Source, (header + "".join(rows)).encode())
    assert [ERROR_DUPLICATE_ROW % {"row": 3, "first": 1, "key": "report 1"}] in errors_shown(page)
    assert not Source.objects.filter(slug="report").exists()
    page = dry_run(client, Source, (header + "".join(rows[:2])).encode())
    assert confirm(client, Source, page).status_code == 302
    assert list(Source.objects.get(slug="report").passages.values_list("text_en", flat=True)) == ["A", "B"]


def test_an_evidence_file_citing_the_same_passage_twice_for_a_claim_is_rejected(client):
    citation = EvidencePassageFactory()
    data = admin_csv(Evidence)
    rows = read_rows(data)
    data = csv_bytes(header=list(rows[0]), rows=[list(rows[0].values())] * 2)
    client.force_login(member_of("Editor"))
    page = dry_run(client, Evidence, data)
    claim = citation.evidence
    key = f"{claim.organization.slug} {claim.strategy.slug} {citation.passage.source.slug} {citation.passage.position}"
    assert [ERROR_DUPLICATE_ROW % {"row": 2, "first": 1, "key": key}] in errors_shown(page)


# Uploads: found again only by the server's signed token, for the account that uploaded them


def organizations_file():
    OrganizationFactory(slug="outright", name_en="OutRight")
    return edited(admin_csv(Organization), name_en="OutRight Action International")


def test_the_upload_is_kept_for_the_confirmation_then_deleted(client, upload_folder):
    data = organizations_file()
    client.force_login(member_of("Editor"))
    page = dry_run(client, Organization, data)
    assert len(uploads_in(upload_folder)) == 1
    token = page.context["confirm_form"].initial["import_file_name"]
    assert token not in {path.name for path in upload_folder.iterdir()}
    assert confirm(client, Organization, page).status_code == 302
    assert uploads_in(upload_folder) == []
    assert Organization.objects.get(slug="outright").name_en == "OutRight Action International"
    # Confirming twice finds nothing.
    again = client.post(url(Organization, "process_import"), page.context["confirm_form"].initial)
    assert again.status_code == 400
    assert str(ERROR_UPLOAD_GONE) in again.content.decode()


@pytest.mark.parametrize(
    "name",
    ["", "../../etc/passwd", "tmpabcdef", "0123456789abcdef0123456789abcdef", "x" * 5000, "a:b:c", "../uploads"],
)
def test_a_forged_file_name_is_refused_without_opening_anything(client, upload_folder, name):
    data = organizations_file()
    client.force_login(member_of("Editor"))
    page = dry_run(client, Organization, data)
    forged = dict(page.context["confirm_form"].initial, import_file_name=name)
    response = client.post(url(Organization, "process_import"), forged)
    assert response.status_code == 400
    assert str(ERROR_UPLOAD_GONE) in response.content.decode() or str(ERROR_CONFIRM_FORM) in response.content.decode()
    assert Organization.objects.get(slug="outright").name_en == "OutRight"
    assert len(uploads_in(upload_folder)) == 1


def test_a_tampered_token_is_refused(client):
    data = organizations_file()
    client.force_login(member_of("Editor"))
    page = dry_run(client, Organization, data)
    token = page.context["confirm_form"].initial["import_file_name"]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.post(
        url(Organization, "process_import"), dict(page.context["confirm_form"].initial, import_file_name=tampered)
    )
    assert response.status_code == 400
    assert str(ERROR_UPLOAD_GONE) in response.content.decode()


def test_another_accounts_upload_cannot_be_confirmed(client, django_user_model):
    data = organizations_file()
    client.force_login(member_of("Editor"))
    page = dry_run(client, Organization, data)
    other = django_user_model.objects.create_user("second-editor", password="x", is_staff=True)
    other.groups.add(*member_of("Curator").groups.all())
    client.force_login(other)
    response = client.post(url(Organization, "process_import"), page.context["confirm_form"].initial)
    assert response.status_code == 400
    assert str(ERROR_UPLOAD_GONE) in response.content.decode()
    assert Organization.objects.get(slug="outright").name_en == "OutRight"


@pytest.mark.parametrize(
    "change",
    [{"resource": "7"}, {"resource": "x"}, {"original_file_name": ""}, {"format": ""}],
)
def test_a_broken_confirmation_form_answers_400(client, change):
    data = organizations_file()
    client.force_login(member_of("Editor"))
    page = dry_run(client, Organization, data)
    response = client.post(url(Organization, "process_import"), dict(page.context["confirm_form"].initial, **change))
    assert response.status_code == 400
    assert str(ERROR_CONFIRM_FORM) in response.content.decode()


def test_the_confirmation_url_answers_405_to_a_get(client):
    client.force_login(member_of("Editor"))
    assert client.get(url(Organization, "process_import")).status_code == 405


def test_abandoned_uploads_are_deleted_by_the_next_import(client, upload_folder):
    upload_folder.mkdir(parents=True)
    abandoned = upload_folder / ("a" * 32 + ".csv")
    abandoned.write_bytes(b"slug\r\nold\r\n")
    old = time.time() - uploads.UPLOAD_MAX_AGE - 60
    os.utime(abandoned, (old, old))
    recent = upload_folder / ("b" * 32 + ".csv")
    recent.write_bytes(b"slug\r\nrecent\r\n")
    client.force_login(member_of("Editor"))
    assert client.get(url(Organization, "import")).status_code == 200
    assert not abandoned.exists()
    assert recent.exists()


# A file from the public site


def test_reimporting_a_public_export_keeps_links_to_hidden_records(client):
    world = RegionFactory(slug="world", kind=Region.Kind.WORLD)
    secret_region = RegionFactory(slug="secret-region", sensitive=True)
    draft_country = RegionFactory(slug="draft-country", published=False)
    organization = OrganizationFactory(slug="outright", country=draft_country, description_en="Old text")
    organization.regions.add(world, secret_region)
    public_file = body(client.get("/en/organizations/?format=csv"))
    rows = read_rows(public_file)
    assert "sensitive" not in rows[0] and "published" not in rows[0]
    assert rows[0]["regions"] == "world" and rows[0]["country"] == ""
    client.force_login(member_of("Editor"))
    page = dry_run(client, Organization, public_file)
    assert "0 rows would be created, 0 updated and 1 left unchanged" in page.content.decode()
    page = dry_run(client, Organization, edited(public_file, description_en="New text"))
    assert confirm(client, Organization, page).status_code == 302
    organization.refresh_from_db()
    assert organization.description_en == "New text"
    assert sorted(organization.regions.values_list("slug", flat=True)) == ["secret-region", "world"]
    assert organization.country == draft_country
    assert (organization.published, organization.sensitive) == (True, False)


def test_an_admin_file_still_removes_a_hidden_link_on_purpose(client):
    secret_region = RegionFactory(slug="secret-region", sensitive=True)
    organization = OrganizationFactory(slug="outright")
    organization.regions.add(secret_region)
    client.force_login(member_of("Editor"))
    page = dry_run(client, Organization, edited(admin_csv(Organization), regions=""))
    assert confirm(client, Organization, page).status_code == 302
    assert list(organization.regions.all()) == []


def test_a_public_evidence_file_keeps_hidden_regions_and_citations(client):
    citation = EvidencePassageFactory()
    claim = citation.evidence
    hidden_citation = EvidencePassageFactory(
        evidence=claim, passage=PassageFactory(source=citation.passage.source), published=False
    )
    claim.regions.add(RegionFactory(slug="secret-region", sensitive=True), RegionFactory(slug="visible"))
    public_file = body(client.get("/en/evidence/?format=csv"))
    assert b"secret-region" not in public_file
    client.force_login(member_of("Editor"))
    page = dry_run(client, Evidence, edited(public_file, summary_en="Updated summary"))
    assert confirm(client, Evidence, page).status_code == 302
    claim.refresh_from_db()
    assert claim.summary_en == "Updated summary"
    assert sorted(claim.regions.values_list("slug", flat=True)) == ["secret-region", "visible"]
    assert claim.citations.filter(pk=hidden_citation.pk, published=False).exists()
