"""The data dictionary (/<lang>/data/): every export column described, from the code, in both languages."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from core.csv.columns import CHOICE
from tests.factories import EvidencePassageFactory, OrganizationFactory, RegionFactory
from website.api.dictionary import api_field_sets
from website.data import dictionary
from website.data.tables import MODEL_TABLES, TABLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.key)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_column_of_every_table_is_described(table, language):
    with translation.override(language):
        columns = table.columns()
        assert columns
        for column in columns:
            # A column added to a resource without a help text or a note fails here.
            assert str(column.description).strip(), f"{table.key}.{column.name} has no description"
            assert str(column.label).strip() and str(column.label) != column.name, f"{table.key}.{column.name}"
            assert str(column.type_label).strip()
            if column.type == CHOICE:
                assert column.choices and all(str(label) for _value, label in column.choices)


@pytest.mark.parametrize("table", [table for table in TABLES if table.url_name], ids=lambda table: table.key)
def test_the_dictionary_names_every_column_the_download_holds(client, table):
    organization = OrganizationFactory(slug="outright")
    organization.regions.add(RegionFactory(slug="russia"))
    EvidencePassageFactory(evidence__organization=organization)
    query = "?q=outright&format=csv" if table.key == "search" else "?format=csv"
    with translation.override("en"):
        url = reverse(table.url_name)
    header = next(csv.reader(io.StringIO(b"".join(client.get(url + query).streaming_content).decode("utf-8-sig"))))
    described = {column.name for column in table.columns()}
    if table.key == "matrix":
        header = header[: len(described) - 1]  # then one column per strategy
    assert set(header) <= described, set(header) - described


def test_the_page_lists_every_table_and_column_in_both_languages(client):
    page = client.get("/en/data/").content.decode()
    for table in TABLES:
        assert f'id="export-{table.key}"' in page
        for column in table.columns():
            assert f">{escape(column.name)}</code>" in page
    assert "Reported by the source" in page and ">reported</code>" in page
    arabic = client.get("/ar/data/").content.decode()
    assert 'dir="rtl"' in arabic
    assert "قاموس البيانات" in arabic
    assert "وارد في المصدر" in arabic  # the label of `reported`
    assert "الاسم (العربية)" in arabic


def test_the_dictionary_downloads_as_csv_in_both_languages(client):
    response = client.get("/ar/data/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    status = next(row for row in rows if row["table"] == "evidence" and row["column"] == "status")
    assert status["label_en"] == "Status" and status["label_ar"] == "الحالة"
    assert status["allowed_values"] == "reported | corroborated | disputed"
    assert status["allowed_labels_ar"].startswith("وارد في المصدر | ")
    assert {row["table"] for row in rows if row["kind"] == "export"} == {table.key for table in TABLES}
    assert all(row["description_en"] and row["description_ar"] for row in rows)


def test_the_api_fields_are_listed_with_their_meaning_in_both_languages(client):
    for language, heading in (("en", "API fields"), ("ar", None)):
        page = client.get(f"/{language}/data/").content.decode()
        for resource, url, fields in api_field_sets():
            section = page[page.index(f'id="api-{resource}"') :]
            assert url in section[:2000], resource
            for name, _label, _help, _type, _values in fields:
                assert f">{name}<" in section or f"<code>{name}</code>" in section, (language, resource, name)
        if heading:
            assert heading in page
    rows = list(csv.DictReader(io.StringIO(client.get("/en/data/?format=csv").content.decode("utf-8-sig"))))
    status = next(row for row in rows if (row["kind"], row["table"], row["column"]) == ("api", "claims", "status"))
    assert status["allowed_values"] == "reported | corroborated | disputed"
    assert status["description_ar"] and status["description_en"]


def test_other_field_sets_join_the_page_with_one_call(client, monkeypatch):
    def other_field_sets():
        return [
            (
                "example-claims",
                "Claims",
                [("status", "Status", "How well the claim is supported.", "string", ["reported", "disputed"])],
            ),
            ("example-orgs", [{"name": "slug", "label": "Slug", "help_text": "Stable identifier.", "type": "string"}]),
            {
                "resource": "example-regions",
                "label": "Regions",
                "fields": [("iso_code", "ISO code", "Two letters.", "string")],
            },
        ]

    monkeypatch.setattr(dictionary, "_registered", [])
    dictionary.register_field_sets(other_field_sets)
    page = client.get("/en/data/").content.decode()
    assert 'id="api-example-claims"' in page and 'id="api-example-orgs"' in page
    assert "How well the claim is supported." in page and "Stable identifier." in page
    assert 'id="api-example-regions"' in page and "Two letters." in page
    rows = list(csv.DictReader(io.StringIO(client.get("/en/data/?format=csv").content.decode("utf-8-sig"))))
    assert ("api", "example-claims", "status", "reported | disputed") in {
        (row["kind"], row["table"], row["column"], row["allowed_values"]) for row in rows
    }


def test_the_page_costs_no_query_and_links_are_everywhere(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert client.get("/en/data/").status_code == 200
    home = client.get("/ar/").content.decode()
    assert 'href="/ar/data/"' in home and 'href="/ar/data/releases/"' in home
    assert 'href="/en/data/"' in client.get("/en/organizations/").content.decode()


@pytest.mark.parametrize("query", ["?format=pdf", "?format=xlsx", "?format=%D8%A7"])
def test_an_unknown_format_is_a_404(client, query):
    assert client.get("/en/data/" + query).status_code == 404


@pytest.mark.parametrize("query", ["?format=%00", "?page=99999", "?format=csv&format=x", "?q=%FF"])
def test_odd_input_never_breaks_the_page(client, query):
    assert client.get("/ar/data/" + query).status_code in (200, 404)


def test_the_release_tables_are_the_public_exports():
    assert [table.key for table in MODEL_TABLES] == [
        "regions",
        "organizations",
        "strategies",
        "sources",
        "evidence",
        "relationships",
    ]
