"""format=xlsx: the CSV's rows as a workbook, read back with openpyxl in both languages."""

import datetime
import io
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from orgs.models import Region
from strategies.models import Evidence
from tests.csv.conftest import body, read_rows
from tests.csv.test_memory import LARGE, PER_SOURCE, SMALL, make_sources
from tests.factories import (
    EvidencePassageFactory,
    OrganizationFactory,
    PassageFactory,
    RegionFactory,
    SourceFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HIDDEN = ("secret-group", "draft-group", "hidden-region", "hidden-strategy", "hidden-source", "named activist")
FORMULAS = {"description_en": "=1+2", "description_ar": "@SUM(A1)", "facts_source_en": "-2+3", "website": ""}


@pytest.fixture
def knowledge_base():
    world = RegionFactory(slug="world", name_ar="العالم", name_en="World", kind=Region.Kind.WORLD)
    russia = RegionFactory(slug="russia", name_ar="روسيا", name_en="Russia", iso_code="RU", parent=world)
    belarus = RegionFactory(slug="belarus", name_ar="بيلاروس", name_en="Belarus", iso_code="BY", parent=world)
    hidden_region = RegionFactory(slug="hidden-region", published=False)
    outright = OrganizationFactory(
        slug="outright",
        name_ar="أوت رايت",
        name_en="OutRight",
        description_en="=1+2",
        description_ar="@SUM(A1)",
        facts_source_en="-2+3",
        founded=1990,
    )
    outright.regions.add(russia, belarus, hidden_region)
    OrganizationFactory(slug="secret-group", sensitive=True)
    OrganizationFactory(slug="draft-group", published=False)
    strategy = StrategyFactory(slug="social-media", name_ar="حملات التواصل", name_en="Social media campaigns")
    StrategyFactory(slug="hidden-strategy", published=False)
    source = SourceFactory(slug="essay-000", date=datetime.date(2024, 5, 17))
    first = PassageFactory(source=source, position=1)
    hidden_passage = PassageFactory(source=source, position=2, sensitive=True, text_en="A named activist lives here.")
    citation = EvidencePassageFactory(passage=first, evidence__organization=outright, evidence__strategy=strategy)
    citation.evidence.regions.add(russia, hidden_region)
    EvidencePassageFactory(evidence=citation.evidence, passage=hidden_passage, quote_ar="", quote_en="named activist")
    SourceFactory(slug="hidden-source", sensitive=True)
    return citation


def workbook(client, url):
    """Download an XLSX export and return (response, sheet, labels, names, rows as dicts by machine name)."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == XLSX_TYPE
    data = body(response)
    assert int(response["Content-Length"]) == len(data)
    sheet = load_workbook(io.BytesIO(data)).active
    values = list(sheet.iter_rows(values_only=True))
    labels, names = list(values[0]), list(values[1])
    rows = [dict(zip(names, row, strict=True)) for row in values[2:]]
    return response, sheet, labels, names, rows


def all_text(sheet):
    return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)


@pytest.mark.parametrize(
    ("path", "what"),
    [
        ("/{lang}/organizations/", "organizations"),
        ("/{lang}/regions/", "regions"),
        ("/{lang}/strategies/", "strategies"),
        ("/{lang}/sources/", "sources"),
        ("/{lang}/evidence/", "evidence"),
        ("/{lang}/matrix/", "matrix"),
        ("/{lang}/search/?q=OutRight", "search-best-"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_export_is_a_workbook_with_the_csv_rows_and_nothing_hidden(client, knowledge_base, path, what, lang):
    path = path.format(lang=lang)
    joiner = "&" if "?" in path else "?"
    response, sheet, labels, names, rows = workbook(client, f"{path}{joiner}format=xlsx")
    assert response["Content-Disposition"].startswith(f'attachment; filename="{what}')
    assert response["Content-Disposition"].endswith('.xlsx"')
    csv_rows = read_rows(body(client.get(f"{path}{joiner}format=csv")))
    # The machine names are the CSV's header, in its order, and the same records come out.
    assert names == list(csv_rows[0]) if csv_rows else names
    assert len(rows) == len(csv_rows)
    assert [row["id"] for row in rows] == [int(row["id"]) for row in csv_rows]
    assert sheet.freeze_panes == "A3"
    assert sheet.sheet_view.rightToLeft is (lang == "ar")
    assert all(labels) and labels != names
    text = all_text(sheet)
    for hidden in HIDDEN:
        assert hidden not in text, hidden


def test_labels_and_choice_values_follow_the_page_language(client, knowledge_base):
    _response, _sheet, labels, names, rows = workbook(client, "/en/evidence/?format=xlsx")
    by_name = dict(zip(names, labels, strict=True))
    assert by_name["organization_name_ar"] == "Organization: name (Arabic)"
    assert by_name["status"] == "Status"
    assert by_name["passage"] == "Passage (its number in the source)"
    assert rows[0]["status"] == "Reported by the source"
    assert rows[0]["regions"] == "russia"
    assert rows[0]["passage"] == 1

    _response, sheet, labels, names, rows = workbook(client, "/ar/evidence/?format=xlsx")
    by_name = dict(zip(names, labels, strict=True))
    assert by_name["status"] == "الحالة"
    assert by_name["quote_ar"] == "الاقتباس (العربية)"
    assert rows[0]["status"] == "وارد في المصدر"
    assert rows[0]["url"].startswith("http://testserver/ar/evidence/")
    assert sheet.sheet_view.rightToLeft is True


def test_lists_dates_and_numbers_are_readable(client, knowledge_base):
    _response, _sheet, _labels, _names, rows = workbook(client, "/en/organizations/?format=xlsx")
    outright = next(row for row in rows if row["slug"] == "outright")
    # Several regions: one a line, not joined with a bar.
    assert outright["regions"] == "belarus\nrussia"
    assert outright["kind"] == "International NGO"
    assert outright["founded"] == 1990 and outright["id"] == knowledge_base.evidence.organization_id
    _response, _sheet, _labels, _names, rows = workbook(client, "/ar/organizations/?format=xlsx")
    assert next(row for row in rows if row["slug"] == "outright")["kind"] == "منظمة غير حكومية دولية"
    _response, _sheet, _labels, _names, rows = workbook(client, "/en/sources/?format=xlsx")
    essay = next(row for row in rows if row["slug"] == "essay-000")
    assert essay["date"].date() == datetime.date(2024, 5, 17)


def test_formula_looking_text_is_stored_as_text(client, knowledge_base):
    _response, sheet, _labels, names, _rows = workbook(client, "/en/organizations/?format=xlsx")
    column = {name: number for number, name in enumerate(names)}
    row = next(row for row in sheet.iter_rows(min_row=3) if row[column["slug"]].value == "outright")
    for name, text in FORMULAS.items():
        if not text:
            continue
        cell = row[column[name]]
        # Exactly the text, typed as a string: no spreadsheet runs it, and nothing is added to it.
        assert cell.data_type == "s", name
        assert cell.value == text, name


def test_the_matrix_labels_strategy_columns_by_their_names(client, knowledge_base):
    _response, _sheet, labels, names, rows = workbook(client, "/ar/matrix/?format=xlsx")
    by_name = dict(zip(names, labels, strict=True))
    assert by_name["social-media"] == "حملات التواصل"
    assert rows == [{**rows[0], "slug": "outright", "social-media": 1}]
    assert rows[0]["kind"] == "منظمة"


def test_search_names_the_type_of_each_match(client, knowledge_base):
    _response, _sheet, _labels, _names, rows = workbook(client, "/en/search/?q=OutRight&format=xlsx")
    assert ("Organization", "outright") in {(row["type"], row["slug"]) for row in rows}
    assert all(isinstance(row["rank"], float) for row in rows)


def test_filters_apply_to_the_workbook_too(client, knowledge_base):
    OrganizationFactory(slug="other-group")
    _response, _sheet, _labels, _names, rows = workbook(client, "/en/organizations/?region=russia&format=xlsx")
    assert [row["slug"] for row in rows] == ["outright"]
    _response, _sheet, _labels, _names, rows = workbook(client, "/en/organizations/?region=nowhere&format=xlsx")
    assert rows == []


def test_a_claim_with_only_hidden_citations_keeps_its_quotes_out(client, knowledge_base):
    claim = Evidence.objects.get()
    _response, sheet, _labels, _names, rows = workbook(client, "/en/evidence/?format=xlsx")
    assert [row["id"] for row in rows] == [claim.pk]
    assert "named activist" not in all_text(sheet)


@pytest.mark.parametrize(
    "path", ["/en/organizations/", "/ar/regions/", "/en/strategies/", "/ar/sources/", "/en/matrix/"]
)
def test_list_pages_link_to_their_workbook(client, knowledge_base, path):
    page = client.get(path).content.decode()
    assert "format=xlsx" in page
    assert ("Download XLSX" if "/en/" in path else "تنزيل XLSX") in page


def peak_while_downloading(client, path):
    """Return (rows, peak bytes allocated by Python) while writing and reading a workbook download."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = client.get(path)
        size = sum(len(chunk) for chunk in response.streaming_content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return size, peak


def test_memory_does_not_grow_with_the_number_of_rows(client):
    make_sources(SMALL)
    client.get("/en/sources/?format=xlsx")  # warm caches: URL resolver, translations, openpyxl's imports
    small_size, small_peak = peak_while_downloading(client, "/en/sources/?format=xlsx")
    make_sources(LARGE - SMALL, start=SMALL)
    large_size, large_peak = peak_while_downloading(client, "/en/sources/?format=xlsx")
    print(
        f"\nsources XLSX: {SMALL * PER_SOURCE:,} rows peak {small_peak / 1e6:.1f} MB; "
        f"{LARGE * PER_SOURCE:,} rows peak {large_peak / 1e6:.1f} MB"
    )
    assert large_size > 5 * small_size
    # Ten times the rows: the peak stays within half the small export's (2.1 and 2.8 MB measured, and
    # 3.0 MB at twenty times the rows), while the rows it wrote hold 14 MB of text.
    assert large_peak < small_peak * 1.5


@pytest.mark.parametrize("path", ["/en/organizations/", "/ar/evidence/", "/en/sources/", "/ar/matrix/"])
def test_the_number_of_queries_does_not_grow_with_the_rows(client, knowledge_base, path):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            body(client.get(f"{path}?format=xlsx"))
        return len(captured)

    few = queries()
    for number in range(30):
        claim = EvidencePassageFactory(
            passage=PassageFactory(source=SourceFactory(slug=f"more-{number}"), position=1),
            evidence__organization=OrganizationFactory(slug=f"more-{number}"),
        ).evidence
        claim.regions.add(Region.objects.get(slug="russia"))
    assert queries() == few
