"""Public lists + format=csv: same rows and filters, every page, only public records, read by csv and pandas."""

import datetime

import pytest

from orgs.models import Organization, Region
from strategies.models import Evidence
from tests.csv.conftest import body, read_frame, read_rows
from tests.factories import (
    EvidenceFactory,
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


def test_the_evidence_file_writes_every_citation_date_and_dispute_of_a_claim_and_a_claim_without_one(
    client, knowledge_base
):
    outright = Organization.objects.get(slug="outright")
    claim = EvidenceFactory(
        organization=outright,
        strategy=StrategyFactory(slug="litigation"),
        status=Evidence.Status.DISPUTED,
        period_start=datetime.date(2013, 5, 1),
        status_note_ar="ملاحظة",
        status_note_en="A note",
        status_source_ar="مصدر",
        status_source_en="A report",
        status_source_date=datetime.date(2020, 1, 31),
        status_source_url="https://example.org/report",
    )
    claim.regions.add(*Region.objects.filter(slug__in=["world", "russia", "hidden-region"]))
    later, earlier = SourceFactory(slug="b-source"), SourceFactory(slug="a-source")
    for source, position in ((later, 120), (earlier, 3), (earlier, 1)):
        EvidencePassageFactory(evidence=claim, passage=PassageFactory(source=source, position=position))
    bare = EvidenceFactory(organization=outright, strategy=StrategyFactory(slug="lobbying"))

    _response, rows, _frame = download(client, "/en/evidence/?format=csv")
    claimed = [row for row in rows if row["id"] == str(claim.pk)]
    # One row per citation, by source and position; the claim's cells on each.
    assert [(row["source"], row["passage"]) for row in claimed] == [
        ("a-source", "1"),
        ("a-source", "3"),
        ("b-source", "120"),
    ]
    assert claimed[2]["passage_url"] == "http://testserver/en/sources/b-source/?page=2#p120"
    for row in claimed:
        assert row["regions"] == "russia | world"  # public regions only, by slug
        assert (row["period_start"], row["period_end"]) == ("2013-05-01", "")
        assert (row["status"], row["status_source_date"]) == ("disputed", "2020-01-31")
        assert (row["status_note_en"], row["status_source_url"]) == ("A note", "https://example.org/report")
        assert row["url"] == f"http://testserver/en/evidence/{claim.pk}/"
        assert "published" not in row and "sensitive" not in row
    [bare_row] = [row for row in rows if row["id"] == str(bare.pk)]
    assert (bare_row["strategy"], bare_row["regions"], bare_row["source"], bare_row["quote_en"]) == (
        "lobbying",
        "",
        "",
        "",
    )


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
