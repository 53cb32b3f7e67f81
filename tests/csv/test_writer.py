"""The CSV format: BOM, CRLF, RFC 4180 quoting, formula-like cells neutralized and restored."""

import csv
import io

import pytest

from core.csv.writer import CHUNK_BYTES, csv_bytes, csv_stream, join_values, neutralize, split_values, unneutralize
from tests.csv.conftest import read_frame, read_rows

pytestmark = pytest.mark.smoke


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tindent", "\rreturn", '=HYPERLINK("http://x","click")'],
)
def test_a_formula_like_cell_gets_a_leading_quote(value):
    assert neutralize(value) == "'" + value
    assert unneutralize(neutralize(value)) == value


@pytest.mark.parametrize("value", ["plain", "منظمة", "1978", "", "a=b", "it's", "'quoted"])
def test_an_ordinary_cell_is_left_alone(value):
    assert neutralize(value) == value
    assert unneutralize(value) == value


def test_a_value_that_already_starts_with_a_quote_before_a_formula_survives_the_round_trip():
    value = "'=already guarded"
    assert neutralize(value) == "''=already guarded"
    assert unneutralize(neutralize(value)) == value


def test_file_has_bom_crlf_header_and_quotes_where_rfc_4180_needs_them():
    data = csv_bytes(
        header=["id", "name_ar", "name_en"],
        rows=[[1, "منظمة «الأمل»", 'Hope, "the" group'], [2, "سطر\nثان", "=cmd"]],
    )
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines(keepends=True)[0] == "id,name_ar,name_en\r\n"
    rows = read_rows(data)
    assert rows[0] == {"id": "1", "name_ar": "منظمة «الأمل»", "name_en": 'Hope, "the" group'}
    assert rows[1]["name_ar"] == "سطر\nثان"
    assert rows[1]["name_en"] == "'=cmd"
    frame = read_frame(data)
    assert list(frame.columns) == ["id", "name_ar", "name_en"]
    assert frame.loc[0, "name_ar"] == "منظمة «الأمل»"
    assert '"Hope, ""the"" group"' in data.decode("utf-8")


def test_several_values_are_joined_with_a_bar_and_split_back():
    assert join_values(["a", "", None, "b"]) == "a | b"
    assert split_values("a | b|c ") == ["a", "b", "c"]
    assert list(csv.reader(io.StringIO("x\r\n")))[0] == ["x"]


def test_an_empty_cell_stays_empty():
    data = csv_bytes(header=["id", "website", "founded"], rows=[[1, None, ""], [2, "https://example.org", 1978]])
    assert data.decode("utf-8-sig") == "id,website,founded\r\n1,,\r\n2,https://example.org,1978\r\n"
    assert split_values("") == [] and split_values(None) == []


def test_a_long_export_streams_in_chunks_of_the_chunk_size_that_join_into_the_whole_file():
    rows = [[n, "منظمة الأمل للحقوق", "Hope for rights, a network", "=1+1"] for n in range(6000)]
    header = ["id", "name_ar", "name_en", "note"]
    chunks = list(csv_stream(header=header, rows=rows))
    assert len(chunks) > 3
    assert chunks[0] == "\ufeffid,name_ar,name_en,note\r\n".encode()
    # Each chunk of rows but the last holds at least CHUNK_BYTES characters and at most one row more.
    for chunk in chunks[1:-1]:
        assert CHUNK_BYTES <= len(chunk.decode("utf-8")) < CHUNK_BYTES + 200
        assert chunk.endswith(b"\r\n")
    assert b"".join(chunks) == csv_bytes(header=header, rows=rows)
    read = read_rows(b"".join(chunks))
    assert len(read) == 6000
    assert read[-1] == {
        "id": "5999",
        "name_ar": "منظمة الأمل للحقوق",
        "name_en": "Hope for rights, a network",
        "note": "'=1+1",
    }


def test_the_header_is_sent_before_the_first_row_is_read():
    # A sorted export's query can take a second before its first row: the download starts at once.
    read = []

    def rows():
        read.append(True)
        yield [1, "x"]

    chunks = csv_stream(header=["id", "name_en"], rows=rows())
    assert next(chunks).decode("utf-8-sig") == "id,name_en\r\n"
    assert read == []
    assert b"".join(chunks).decode() == "1,x\r\n"
    assert read == [True]
