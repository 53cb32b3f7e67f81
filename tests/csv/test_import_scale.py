"""A 20,000-row dry run through the admin keeps its memory bounded and reports every row.

Its time is printed (pytest -s) for information only; tests assert nothing that depends on how
busy the machine is.
"""

import collections
import time
import tracemalloc

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from core.csv.formats import KnowledgeBaseCSV
from core.csv.reader import MAX_IMPORT_ROWS
from orgs.models import Organization, Region
from orgs.resources import OrganizationResource
from sources.models import Passage, Source
from sources.resources import SourceResource
from tests.csv.conftest import body, read_rows

pytestmark = pytest.mark.django_db

# Measured: 65 MB (and 12-32 s on a shared two-core machine; before the import was reworked,
# this dry run had not finished after 15 minutes).
PEAK_ALLOWED = 150 * 1000 * 1000


def editor():
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def exported(resource_class, model):
    dataset = resource_class(base_url="http://testserver/").export(model.objects.all())
    return KnowledgeBaseCSV().export_data(dataset)


def dry_run(client, model, data):
    """Upload `data` for a dry run twice; return the page, its seconds, and the peak of Python's allocations."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")
    started = time.perf_counter()
    page = client.post(url, {"format": "0", "import_file": SimpleUploadedFile("big.csv", data)})
    seconds = time.perf_counter() - started
    # Memory is measured on a second run: tracing allocations slows Python several times over.
    tracemalloc.start()
    try:
        client.post(url, {"format": "0", "import_file": SimpleUploadedFile("big.csv", data)})
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return page, seconds, peak


def report(what, data, seconds, peak):
    size = len(data) / 1e6
    print(f"\n{what} dry run, {MAX_IMPORT_ROWS:,} rows ({size:.1f} MB): {seconds:.1f} s, peak {peak / 1e6:.0f} MB")


def outcomes(client, page):
    """Download the dry run's report of every row; count its outcomes and check the rows are numbered in order."""
    rows = read_rows(body(client.get(page.context["result"].report_url)))
    assert [row["row"] for row in rows] == [str(number) for number in range(1, MAX_IMPORT_ROWS + 1)]
    return collections.Counter(row["outcome"] for row in rows)


def open_blocks():
    """Return the savepoints open on the test's connection: the dry run's own must be closed."""
    return list(connection.savepoint_ids), connection.needs_rollback


def test_a_20000_row_organizations_file(client):
    world = Region.objects.create(slug="world", name_ar="العالم", name_en="World", kind="world", published=True)
    Organization.objects.bulk_create(
        Organization(
            slug=f"org-{n}",
            name_ar=f"منظمة {n}",
            name_en=f"Organization {n}",
            kind="grassroots",
            country=world,
            description_ar="منظمة تعمل من أجل حقوق الإنسان.",
            description_en="An organization working for human rights.",
            published=True,
        )
        for n in range(MAX_IMPORT_ROWS - 100)
    )
    Organization.regions.through.objects.bulk_create(
        Organization.regions.through(organization=organization, region=world)
        for organization in Organization.objects.all()
    )
    data = exported(OrganizationResource, Organization).decode("utf-8-sig")
    lines = data.split("\r\n")
    # 100 changed rows and 100 new ones among 19,900 unchanged.
    for index in range(1, 101):
        lines[index] = lines[index].replace("An organization working", "A group working")
    header = lines[0].split(",")
    for n in range(100):
        row = dict.fromkeys(header, "")
        row.update(slug=f"new-{n}", name_ar=f"جديدة {n}", name_en=f"New {n}", kind="grassroots", regions="world")
        row.update(published="0", sensitive="0")
        lines.insert(-1, ",".join(row[name] for name in header))
    data = ("\ufeff" + "\r\n".join(lines)).encode()
    assert data.count(b"\r\n") == MAX_IMPORT_ROWS + 1
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(editor())
    before = open_blocks()
    page, seconds, peak = dry_run(client, Organization, data)
    report("organizations", data, seconds, peak)
    text = page.content.decode()
    assert "Dry run: 100 rows would be created, 100 updated and 19,800 left unchanged." in text, text[-3000:]
    assert "Download the report of all 20,000 rows (CSV)" in text
    assert outcomes(client, page) == {"new": 100, "update": 100, "skip": 19_800}
    assert peak < PEAK_ALLOWED
    # Rolled back: no new organization, no changed description.
    assert Organization.objects.count() == MAX_IMPORT_ROWS - 100
    assert not Organization.objects.filter(description_en__startswith="A group").exists()
    assert open_blocks() == before


def test_a_20000_row_sources_file(client):
    sources = Source.objects.bulk_create(
        Source(slug=f"s-{n}", title_ar=f"مصدر {n}", title_en=f"Source {n}", kind="report", original_language="ar")
        for n in range(50)
    )
    Passage.objects.bulk_create(
        Passage(
            source=source,
            position=position,
            text_ar="تعمل المنظمة مع النشطاء المحليين.",
            text_en="The organization works with local activists.",
            original_language="ar",
            published=True,
        )
        for source in sources
        for position in range(1, MAX_IMPORT_ROWS // 50 + 1)
    )
    data = exported(SourceResource, Source)
    data = data.replace(b"works with local activists.", b"works with activists.", 50)
    assert data.count(b"\r\n") == MAX_IMPORT_ROWS + 1
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(editor())
    before = open_blocks()
    page, seconds, peak = dry_run(client, Source, data)
    report("sources", data, seconds, peak)
    text = page.content.decode()
    assert "Dry run: 0 rows would be created, 50 updated and 19,950 left unchanged." in text, text[-3000:]
    assert outcomes(client, page) == {"update": 50, "skip": 19_950}
    assert peak < PEAK_ALLOWED
    assert open_blocks() == before
