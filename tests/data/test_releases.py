"""Dataset releases: the zip of the public records, its checksums and citation, the downloads page, the way back."""

import csv
import datetime
import hashlib
import io
import json
import re
import zipfile

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from orgs.models import Organization, OrganizationName, Region, Relationship, RelationshipPassage
from sources.models import Passage, Source
from strategies.models import Evidence, EvidencePassage, Strategy
from tests.factories import (
    EvidencePassageFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    PassageFactory,
    RegionFactory,
    RelationshipFactory,
    SourceFactory,
    StrategyFactory,
)
from website.data.tables import MODEL_TABLES

pytestmark = pytest.mark.django_db

TABLE_FILES = {f"{table.key}.csv" for table in MODEL_TABLES}
OTHER_FILES = {"data-dictionary.csv", "DATA-DICTIONARY.md", "LICENSE.txt", "CITATION.cff", "release.json", "SHA256SUMS"}
HIDDEN = (
    "secret-group",
    "draft-group",
    "hidden-region",
    "hidden-strategy",
    "hidden-source",
    "A named activist",
    "named activist",
    "Secret Group",
)
# Every top-level key CFF 1.2.0 allows (its schema has additionalProperties: false).
CFF_KEYS = {
    "abstract",
    "authors",
    "cff-version",
    "commit",
    "contact",
    "date-released",
    "doi",
    "identifiers",
    "keywords",
    "license",
    "license-url",
    "message",
    "preferred-citation",
    "references",
    "repository",
    "repository-artifact",
    "repository-code",
    "title",
    "type",
    "url",
    "version",
}


@pytest.fixture
def release_dir(settings, tmp_path):
    settings.DATASET_RELEASE_DIR = str(tmp_path / "releases")
    settings.DATASET_SITE_URL = "https://kb.example.org"
    return tmp_path / "releases"


@pytest.fixture
def knowledge_base():
    world = RegionFactory(slug="world", name_ar="العالم", name_en="World", kind=Region.Kind.WORLD)
    # Named to sort before their parents, so the parent is not yet loaded when the child's row is read.
    europe = RegionFactory(slug="b-europe", name_en="Europe", kind=Region.Kind.CONTINENT, parent=world)
    russia = RegionFactory(slug="a-russia", name_en="Russia", iso_code="RU", parent=europe)
    russia.also_in.add(world)
    hidden_region = RegionFactory(slug="hidden-region", published=False)
    outright = OrganizationFactory(
        slug="outright", name_ar="أوت رايت", name_en="OutRight", description_en="=1+2", founded=1990, country=russia
    )
    outright.regions.add(russia, hidden_region)
    OrganizationNameFactory(organization=outright, name="IGLHRC", kind="former", language="en", used_until=2015)
    ilga = OrganizationFactory(slug="ilga", name_en="ILGA World")
    secret = OrganizationFactory(slug="secret-group", name_en="Secret Group", sensitive=True)
    OrganizationFactory(slug="draft-group", published=False)
    category = StrategyFactory(slug="z-public-awareness", name_en="Public awareness")
    strategy = StrategyFactory(slug="a-social-media", name_en="Social media campaigns", parent=category)
    StrategyFactory(slug="hidden-strategy", published=False)
    source = SourceFactory(slug="essay-000", date=datetime.date(2024, 5, 17))
    first = PassageFactory(source=source, position=1)
    second = PassageFactory(
        source=source,
        position=2,
        text_en="ILGA World and OutRight work together with local activists.",
        text_ar="تعمل المنظمتان معًا مع النشطاء المحليين.",
    )
    PassageFactory(source=source, position=3, sensitive=True, text_en="A named activist lives here.")
    SourceFactory(slug="hidden-source", sensitive=True)
    citation = EvidencePassageFactory(passage=first, evidence__organization=outright, evidence__strategy=strategy)
    citation.evidence.regions.add(russia, hidden_region)
    EvidencePassageFactory(
        evidence=citation.evidence, passage=second, quote_en="work together", quote_ar="", published=False
    )
    EvidencePassageFactory(passage=second, evidence__organization=ilga, evidence__strategy=category)
    EvidencePassageFactory(passage=first, evidence__organization=secret, evidence__strategy=strategy)
    RelationshipFactory(subject=outright, target=ilga, kind=Relationship.Kind.MEMBER_OF)
    RelationshipFactory(subject=secret, target=ilga)
    return citation


def public_counts():
    """Count what the public may see, table by table and below (passages, citations)."""
    return {
        "regions": Region.objects.published().count(),
        "organizations": Organization.objects.published().count(),
        "strategies": Strategy.objects.published().count(),
        "sources": Source.objects.published().count(),
        "evidence": Evidence.objects.published().count(),
        "relationships": Relationship.objects.published().count(),
        "passages": Passage.objects.filter(published=True, sensitive=False, source__in=Source.objects.published())
        .distinct()
        .count(),
        "citations": EvidencePassage.objects.published()
        .filter(evidence__in=Evidence.objects.published())
        .distinct()
        .count(),
        "other names": OrganizationName.objects.filter(organization__in=Organization.objects.published()).count(),
    }


def loaded_counts():
    """Count every record of the database, public or not."""
    return {
        "regions": Region.objects.count(),
        "organizations": Organization.objects.count(),
        "strategies": Strategy.objects.count(),
        "sources": Source.objects.count(),
        "evidence": Evidence.objects.count(),
        "relationships": Relationship.objects.count(),
        "passages": Passage.objects.count(),
        "citations": EvidencePassage.objects.count(),
        "other names": OrganizationName.objects.count(),
    }


def empty_the_database():
    """Remove every record of the knowledge base, as in a new installation."""
    tables = [
        model._meta.db_table
        for model in (EvidencePassage, RelationshipPassage, Evidence, Relationship, Passage, Source)
        + (OrganizationName, Organization, Strategy, Region)
    ]
    with connection.cursor() as cursor:
        # The quote check is a deferred constraint trigger; it must run before the tables are emptied.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def release(*args):
    out = io.StringIO()
    with translation.override("en"):
        call_command("release_dataset", *args, stdout=out)
    return out.getvalue()


def load(path):
    out = io.StringIO()
    with translation.override("en"):
        call_command("load_dataset", str(path), stdout=out)
    return out.getvalue()


def only_zip(folder):
    (path,) = folder.glob("*.zip")
    return path


def unpack(path):
    with zipfile.ZipFile(path) as bundle:
        assert bundle.testzip() is None
        return {name: bundle.read(name) for name in bundle.namelist()}


def rows_of(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def without_ids(rows):
    """Return rows without the columns that hold database ids (which a load gives anew), sorted."""
    return sorted(tuple((key, value) for key, value in row.items() if key not in ("id", "url")) for row in rows)


def test_a_release_holds_every_public_table_its_dictionary_licence_citation_and_checksums(release_dir, knowledge_base):
    output = release()
    path = only_zip(release_dir)
    assert re.fullmatch(rf"advocacy-dataset-1\.0-{datetime.date.today().isoformat()}\.zip", path.name)
    assert path.name in output
    files = unpack(path)
    assert set(files) == TABLE_FILES | OTHER_FILES
    # Every file is listed with its SHA-256, and the sums hold.
    sums = dict(line.split("  ")[::-1] for line in files["SHA256SUMS"].decode().splitlines())
    assert set(sums) == set(files) - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    # The tables are the public exports: the same columns, UTF-8 with BOM, the formula guard.
    organizations = rows_of(files["organizations.csv"])
    outright = next(row for row in organizations if row["slug"] == "outright")
    assert outright["description_en"] == "'=1+2" and outright["name_ar"] == "أوت رايت"
    assert outright["url"].startswith("https://kb.example.org/")
    assert outright["other_names"] == "IGLHRC [former en 2015]"
    evidence = rows_of(files["evidence.csv"])
    assert {(row["organization"], row["quote_en"]) for row in evidence} == {
        ("outright", "local activists"),
        ("ilga", "local activists"),
    }
    assert rows_of(files["relationships.csv"])[0]["kind"] == "member_of"
    dictionary = rows_of(files["data-dictionary.csv"])
    assert {(row["table"], row["column"]) for row in dictionary} >= {
        (table.key, name) for table in MODEL_TABLES for name in rows_of(files[f"{table.key}.csv"])[0]
    }
    markdown = files["DATA-DICTIONARY.md"].decode()
    assert "## evidence.csv" in markdown and "`reported` Reported by the source" in markdown
    assert "Creative Commons Attribution 4.0" in files["LICENSE.txt"].decode()


def test_a_hidden_record_is_not_in_the_zip(release_dir, knowledge_base):
    release()
    files = unpack(only_zip(release_dir))
    everything = "\n".join(data.decode("utf-8", errors="replace") for data in files.values())
    for hidden in HIDDEN:
        assert hidden not in everything, hidden
    regions = {row["slug"] for row in rows_of(files["regions.csv"])}
    assert regions == {"world", "b-europe", "a-russia"}
    evidence = rows_of(files["evidence.csv"])
    assert all("hidden-region" not in row["regions"] for row in evidence)
    # The claim's unpublished citation has no row; its published one has.
    assert [row["quote_en"] for row in evidence if row["organization"] == "outright"] == ["local activists"]


def test_the_citation_file_is_valid_cff_1_2_0(release_dir, knowledge_base):
    release()
    citation = yaml.safe_load(unpack(only_zip(release_dir))["CITATION.cff"])
    assert set(citation) <= CFF_KEYS
    assert citation["cff-version"] == "1.2.0"
    assert citation["message"] and citation["title"]
    assert citation["type"] == "dataset"
    assert citation["authors"] and all(
        isinstance(author, dict) and author.get("name") for author in citation["authors"]
    )
    assert isinstance(citation["version"], str) and citation["version"] == "1.0"
    assert datetime.date.fromisoformat(str(citation["date-released"])) == datetime.date.today()
    assert citation["license"] == "CC-BY-4.0"
    assert citation["url"] == "https://kb.example.org"


def test_a_release_loads_back_into_an_empty_database_with_the_same_counts(release_dir, knowledge_base):
    expected = public_counts()
    release()
    first = only_zip(release_dir)
    files = unpack(first)
    manifest = json.loads(files["release.json"])
    assert {table: counts["records"] for table, counts in manifest["counts"].items()} == {
        table: expected[table] for table in manifest["counts"]
    }
    assert manifest["counts"]["sources"]["passages"] == expected["passages"] == 2
    assert manifest["counts"]["evidence"]["citations"] == expected["citations"] == 2
    empty_the_database()
    assert set(loaded_counts().values()) == {0}
    load(first)
    assert loaded_counts() == expected
    # Loaded records are public: a release of the loaded database holds the same rows.
    assert public_counts() == expected
    release()
    second = next(path for path in release_dir.glob("*.zip") if path != first)
    again = unpack(second)
    for name in TABLE_FILES:
        assert without_ids(rows_of(again[name])) == without_ids(rows_of(files[name])), name
    russia = Region.objects.get(slug="a-russia")
    assert russia.parent.slug == "b-europe" and [region.slug for region in russia.also_in.all()] == ["world"]
    assert Strategy.objects.get(slug="a-social-media").parent.slug == "z-public-awareness"


def test_loading_refuses_a_database_with_records_and_a_damaged_zip(release_dir, knowledge_base, tmp_path):
    release()
    path = only_zip(release_dir)
    with pytest.raises(CommandError, match="empty database"):
        load(path)
    empty_the_database()
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"OutRight", b"OutWrong") if name == "organizations.csv" else data)
    with pytest.raises(CommandError, match="organizations.csv"):
        load(damaged)
    assert Organization.objects.count() == 0


def test_versions_increase_and_are_never_written_twice(release_dir, knowledge_base):
    release()
    release()
    assert sorted(path.name.split("-")[2] for path in release_dir.glob("*.zip")) == ["1.0", "1.1"]
    release("--release-version", "2.0")
    with pytest.raises(CommandError, match="2.0 already exists"):
        release("--release-version", "2.0")
    with pytest.raises(CommandError, match="numbers separated by dots"):
        release("--release-version", "../../x")
    release()
    assert sorted(path.name.split("-")[2] for path in release_dir.glob("*.zip")) == ["1.0", "1.1", "2.0", "2.1"]


def test_the_downloads_page_lists_releases_in_both_languages(client, release_dir, knowledge_base):
    assert "No dataset has been released yet." in client.get("/en/data/releases/").content.decode()
    release()
    path = only_zip(release_dir)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    page = client.get("/en/data/releases/").content.decode()
    assert "Version 1.0" in page and digest in page
    assert f'href="/en/data/releases/{path.name}"' in page
    assert datetime.date.today().isoformat() in page
    assert "2 passages" in page and "2 citations" in page
    arabic = client.get("/ar/data/releases/").content.decode()
    assert 'dir="rtl"' in arabic and "الإصدار 1.0" in arabic and digest in arabic
    response = client.get(f"/en/data/releases/{path.name}")
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == digest
    for name in ("advocacy-dataset-9.9-2020-01-01.zip", "..%2F..%2Fsettings.py", f"{path.name}.json", "x%00.zip"):
        assert client.get(f"/en/data/releases/{name}").status_code == 404, name


def test_the_downloads_page_costs_no_query(client, release_dir, knowledge_base, django_assert_max_num_queries):
    release()
    with django_assert_max_num_queries(0):
        assert client.get("/ar/data/releases/").status_code == 200
