"""Public lists + format=csv: same rows and filters, every page, only public records, read by csv and pandas."""

import datetime

import pytest

from orgs.models import Organization, Region
from tests.csv.conftest import body, read_frame, read_rows
from tests.factories import (
    EvidencePassageFactory,
    OrganizationFactory,
    PassageFactory,
    RegionFactory,
    SourceFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def knowledge_base():
    world = RegionFactory(slug="world", name_ar="العالم", name_en="World", kind=Region.Kind.WORLD)
    russia = RegionFactory(slug="russia", name_ar="روسيا", name_en="Russia", iso_code="RU", parent=world)
    hidden_region = RegionFactory(slug="hidden-region", published=False)
    outright = OrganizationFactory(slug="outright", name_ar="أوت رايت", name_en="OutRight", description_en="=1+2")
    outright.regions.add(russia, hidden_region)
    OrganizationFactory(slug="grassroots-one", kind=Organization.Kind.GRASSROOTS)
    OrganizationFactory(slug="secret-group", sensitive=True)
    OrganizationFactory(slug="draft-group", published=False)
    strategy = StrategyFactory(slug="social-media", name_en="Social media campaigns")
    StrategyFactory(slug="hidden-strategy", published=False)
    source = SourceFactory(slug="essay-000")
    first = PassageFactory(source=source, position=1)
    hidden_passage = PassageFactory(source=source, position=2, sensitive=True, text_en="A named activist lives here.")
    citation = EvidencePassageFactory(passage=first, evidence__organization=outright, evidence__strategy=strategy)
    citation.evidence.regions.add(russia, hidden_region)
    EvidencePassageFactory(evidence=citation.evidence, passage=hidden_passage, quote_ar="", quote_en="named activist")
    SourceFactory(slug="hidden-source", sensitive=True)
    EvidencePassageFactory(evidence__organization=OrganizationFactory(slug="secret-two", sensitive=True))
    return citation


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = body(response)
    return response, read_rows(data), read_frame(data)


@pytest.mark.parametrize(
    ("path", "what", "columns"),
    [
        ("/en/organizations/", "organizations", ["id", "slug", "url", "name_ar", "name_en", "other_names", "regions"]),
        ("/en/regions/", "regions", ["id", "slug", "url", "name_ar", "name_en", "parent", "iso_code"]),
        ("/en/strategies/", "strategies", ["id", "slug", "url", "name_ar", "name_en", "parent"]),
        ("/en/sources/", "sources", ["id", "slug", "url", "title_ar", "title_en", "passage_text_ar", "passage_url"]),
        ("/en/evidence/", "evidence", ["id", "url", "organization", "strategy", "quote_ar", "quote_en", "passage_url"]),
    ],
)
def test_every_list_downloads_as_csv_with_only_public_records(client, knowledge_base, path, what, columns):
    response, rows, frame = download(client, path + "?format=csv")
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{what}-{today}.csv"'
    assert list(frame.columns)[: len(columns)] == list(rows[0])[: len(columns)]
    assert set(columns) <= set(frame.columns)
    assert "published" not in frame.columns and "sensitive" not in frame.columns
    assert len(frame) == len(rows)
    text = body(client.get(path + "?format=csv")).decode("utf-8-sig")
    for hidden in ("secret-group", "draft-group", "secret-two", "hidden-region", "hidden-strategy", "hidden-source"):
        assert hidden not in text, hidden
    assert "named activist" not in text
    for row in rows:
        assert row["url"].startswith("http://testserver/en/")


def test_both_languages_and_the_formula_guard_survive_the_trip(client, knowledge_base):
    _response, rows, frame = download(client, "/en/organizations/?format=csv")
    outright = next(row for row in rows if row["slug"] == "outright")
    assert outright["name_ar"] == "أوت رايت" and outright["name_en"] == "OutRight"
    assert outright["description_en"] == "'=1+2"
    assert outright["regions"] == "russia"
    assert frame.set_index("slug").loc["outright", "name_ar"] == "أوت رايت"


def test_the_filters_of_the_page_are_honoured(client, knowledge_base):
    _response, rows, _frame = download(client, "/en/organizations/?kind=grassroots&format=csv")
    assert [row["slug"] for row in rows] == ["grassroots-one"]
    _response, rows, _frame = download(client, "/en/evidence/?organization=outright&format=csv")
    assert {row["organization"] for row in rows} == {"outright"}
    _response, rows, _frame = download(client, "/en/organizations/?region=nowhere&format=csv")
    assert rows == []


def test_every_page_is_in_the_file_not_just_the_first(client, knowledge_base):
    for number in range(60):
        OrganizationFactory(slug=f"bulk-{number:02}")
    _response, rows, _frame = download(client, "/en/organizations/?format=csv&page=2")
    assert len([row for row in rows if row["slug"].startswith("bulk-")]) == 60


def test_each_evidence_row_can_be_cited(client, knowledge_base):
    _response, rows, _frame = download(client, "/ar/evidence/?format=csv")
    assert len(rows) == 1
    row = rows[0]
    assert row["organization"] == "outright" and row["strategy"] == "social-media"
    assert row["organization_name_ar"] == "أوت رايت" and row["strategy_name_en"] == "Social media campaigns"
    assert row["regions"] == "russia"
    assert row["status"] == "reported"
    assert (row["quote_ar"], row["quote_en"]) == ("النشطاء المحليين", "local activists")
    assert (row["source"], row["passage"]) == ("essay-000", "1")
    assert row["passage_url"] == "http://testserver/ar/sources/essay-000/#p1"
    assert row["url"] == f"http://testserver/ar/evidence/{row['id']}/"  # the claim's own page


def test_the_matrix_downloads_as_shown(client, knowledge_base):
    _response, rows, frame = download(client, "/en/matrix/?format=csv")
    assert list(frame.columns)[:6] == ["kind", "id", "slug", "url", "name_ar", "name_en"]
    assert [row["slug"] for row in rows] == ["outright"]
    assert rows[0]["social-media"] == "1"


def test_search_downloads_every_match(client, knowledge_base):
    _response, rows, frame = download(client, "/en/search/?q=OutRight&format=csv")
    assert list(frame.columns) == ["type", "id", "slug", "url", "title_ar", "title_en", "text_ar", "text_en", "rank"]
    assert ("organization", "outright") in {(row["type"], row["slug"]) for row in rows}
    assert all(row["slug"] not in {"secret-group", "secret-two"} for row in rows)


@pytest.mark.parametrize(
    "path", ["/en/organizations/?kind=grassroots&page=2", "/en/regions/", "/en/strategies/", "/en/sources/"]
)
def test_list_pages_link_to_their_csv(client, knowledge_base, path):
    page = client.get(path.replace("&page=2", "")).content.decode()
    assert "Download CSV" in page
    assert "format=csv" in page
    if "kind=grassroots" in path:
        assert "?kind=grassroots&amp;format=csv" in page
