"""The matrix shows one page of rows at a time and counts those only; its downloads still hold every row."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orgs.models import Organization
from strategies.models import Evidence
from tests.csv.test_xlsx import workbook
from tests.factories import EvidenceFactory, OrganizationFactory
from tests.site.test_query_counts import BOUNDS, count, grow
from website import pages

pytestmark = pytest.mark.django_db

# A small page, so a few organizations make several pages.
SIZE = 3


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", SIZE)


@pytest.fixture
def many(kb):
    """Ten more organizations with a claim each, one of them disputed: twelve rows with Alpha and Beta."""
    for i in range(10):
        organization = OrganizationFactory(slug=f"org-{i:02}", name_en=f"Org {i:02}", name_ar=f"منظمة {9 - i:02}")
        claim = EvidenceFactory(organization=organization, strategy=kb.social if i % 2 else kb.litigation)
        claim.regions.set([kb.kenya])
    # Disputed with the editors' note and source, as the database requires.
    Evidence.objects.filter(organization__slug="org-07").update(
        status=Evidence.Status.DISPUTED,
        status_note_ar="ملاحظة.",
        status_note_en="A note.",
        status_source_ar="محكمة",
        status_source_en="A court",
        status_source_date=datetime.date(2020, 1, 1),
        status_source_url="https://example.org/ruling",
    )
    return kb


def body(response):
    assert response.status_code == 200
    return response.content.decode()


def shown_rows(page):
    """Return [(row link, [cell counts])] of a matrix page, in order."""
    rows = []
    for link, cells in re.findall(r'<tr>\s*<th scope="row"[^>]*><a href="([^"]+)">.*?</th>(.*?)</tr>', page, re.S):
        cell = r'<td class="cell[^"]*">(?:<a href="[^"]+">(\d+)</a>|<span class="visually-hidden">0)'
        found = re.findall(cell, cells)
        rows.append((link, [int(n or 0) for n in found]))
    return rows


def downloaded_rows(client, url):
    """Return [(row link, [cell counts])] of a matrix download, read back with the csv module."""
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    first = header.index("name_en") + 1
    return [(row[header.index("url")].removeprefix("http://testserver"), [int(n) for n in row[first:]]) for row in rows]


def every_page(client, url):
    """Return the rows of every page of a matrix, in order, and how many pages it has."""
    rows, number = [], 1
    while True:
        page = body(client.get(f"{url}&page={number}"))
        rows += shown_rows(page)
        if 'rel="next"' not in page:
            return rows, number
        number += 1


def test_the_matrix_shows_a_page_of_organizations_in_name_order_and_says_which(client, many, small_pages):
    first = body(client.get("/en/matrix/"))
    assert [link for link, _cells in shown_rows(first)] == [
        "/en/organizations/alpha/",
        "/en/organizations/beta/",
        "/en/organizations/org-00/",
    ]
    assert "Rows 1–3 of 12" in first
    assert 'href="?page=2" rel="next"' in first
    second = body(client.get("/en/matrix/?page=2"))
    assert [link for link, _cells in shown_rows(second)] == [f"/en/organizations/org-0{i}/" for i in (1, 2, 3)]
    assert "Rows 4–6 of 12" in second and "Page 2 of 4" in second
    assert 'href="?page=1" rel="prev"' in second and 'href="?page=3" rel="next"' in second
    last = body(client.get("/en/matrix/?page=4"))
    assert "Rows 10–12 of 12" in last and 'rel="next"' not in last


def test_the_matrix_keeps_its_number_of_rows_per_filter_until_a_record_changes(client, many, small_pages):
    def shown(path):
        with CaptureQueriesContext(connection) as captured:
            page = body(client.get(path))
        return re.search(r"Rows \d+–\d+ of \d+", page).group(0), len(captured)

    first, queries = shown("/en/matrix/")
    assert first == "Rows 1–3 of 12"
    # The next page reads the number of rows from the cache: one query fewer.
    assert shown("/en/matrix/?page=2") == ("Rows 4–6 of 12", queries - 1)
    # A new organization with a public claim counts at once: the save makes the kept number stale.
    EvidenceFactory(organization=OrganizationFactory(name_en="Newcomer"), strategy=many.litigation)
    assert shown("/en/matrix/?page=2")[0] == "Rows 4–6 of 13"


def test_the_pages_together_hold_every_row_counted_as_the_download_counts_it(client, many, small_pages):
    for url in ("/en/matrix/?kind=", "/en/matrix/?by=regions", "/en/matrix/?strategy=public-awareness"):
        rows, pages_seen = every_page(client, url)
        assert pages_seen > 1, url
        assert rows == downloaded_rows(client, f"{url}&format=csv"), url
    rows, _pages = every_page(client, "/en/matrix/?kind=")
    assert len(rows) == Organization.objects.filter(evidence__in=Evidence.objects.published()).distinct().count()


def test_the_regions_matrix_keeps_the_region_not_given_row_last_on_the_last_page(client, many, small_pages):
    rows, pages_seen = every_page(client, "/en/matrix/?by=regions")
    assert pages_seen == 2
    assert [link for link, _cells in rows] == [
        "/en/regions/world/",
        "/en/regions/africa/",
        "/en/regions/kenya/",
        "/en/evidence/?region_given=no",
    ]
    assert "Rows 4–4 of 4" in body(client.get("/en/matrix/?by=regions&page=2"))


def test_a_page_marks_its_disputed_cells(client, many, small_pages):
    # Org 07 is on the last page (rows 10 to 12).
    page = body(client.get("/en/matrix/?page=4"))
    assert "/en/organizations/org-07/" in page
    assert "(1 disputed)" in page
    assert "(1 disputed)" not in body(client.get("/en/matrix/?page=3"))


def test_the_arabic_matrix_orders_by_the_arabic_names_and_counts_in_arabic_digits(client, many, small_pages):
    page = body(client.get("/ar/matrix/?page=2"))
    # The Arabic names run backwards: منظمة 00 is Org 09.
    assert [link for link, _cells in shown_rows(page)][:1] == ["/ar/organizations/org-08/"]
    assert "الصفوف من ٤ إلى ٦ من أصل ١٢" in page


def test_column_headings_open_their_strategies_from_the_first_page(client, many, small_pages):
    page = body(client.get("/en/matrix/?page=2"))
    assert '<a href="?strategy=public-awareness">' in page


@pytest.mark.parametrize("page", ["?page=99", "?page=abc", "?page=0", "?page=-1", "?by=regions&page=3"])
def test_a_bad_matrix_page_is_a_404_as_on_the_lists(client, many, small_pages, page):
    assert client.get(f"/en/matrix/{page}").status_code == 404


def test_an_empty_matrix_is_one_page_that_says_so(client, kb):
    page = body(client.get("/en/matrix/?kind=grassroots"))
    assert "No claim matches" in page and "Rows 1" not in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_downloads_hold_every_row_whatever_the_page(client, many, small_pages, fmt):
    if fmt == "csv":
        assert len(downloaded_rows(client, "/en/matrix/?page=2&format=csv")) == 12
        return
    _response, _sheet, _labels, _names, rows = workbook(client, "/en/matrix/?page=2&format=xlsx")
    assert len(rows) == 12


@pytest.mark.parametrize("url", ["/en/matrix/", "/en/matrix/?page=3", "/en/matrix/?by=regions&page=2"])
def test_a_matrix_page_runs_the_same_queries_however_many_organizations(client, many, small_pages, url):
    before = count(client, url)
    grow(many, n=9)
    assert count(client, url) == before
    assert before <= max(BOUNDS[key] for key in BOUNDS if key.startswith("/en/matrix/"))


def test_the_regions_matrix_is_kept_counted_until_a_record_changes(client, many):
    def kenya():
        with CaptureQueriesContext(connection) as captured:
            page = body(client.get("/en/matrix/?by=regions"))
        return sum(dict(shown_rows(page))["/en/regions/kenya/"]), len(captured)

    before, counted = kenya()
    # Kept: the second request counts nothing again and shows the same.
    again, kept = kenya()
    assert again == before and kept < counted
    # A new public claim in Kenya shows at once, on the page and in the download: the save makes the counts stale.
    EvidenceFactory(organization=many.beta, strategy=many.social).regions.set([many.kenya])
    assert kenya() == (before + 1, counted)
    assert sum(dict(downloaded_rows(client, "/en/matrix/?by=regions&format=csv"))["/en/regions/kenya/"]) == before + 1
