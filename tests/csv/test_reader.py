"""Bad files: each gets a clear message before any row is read into the database."""

import pytest

from core.csv import reader
from core.csv.formats import KnowledgeBaseCSV
from core.csv.reader import CsvFileError, csv_read

pytestmark = pytest.mark.smoke

COLUMNS = ["id", "slug", "url", "name_ar", "name_en", "kind"]
GOOD = "slug,name_ar,name_en,kind\r\nbeirut,بيروت,Beirut,city\r\n"


def read(data):
    return csv_read(data=data, columns=COLUMNS, required=["slug"])


def message_of(data):
    with pytest.raises(CsvFileError) as caught:
        read(data)
    return str(caught.value)


def test_a_good_file_with_or_without_bom_is_read():
    for data in (GOOD.encode(), "\ufeff".encode() + GOOD.encode(), GOOD.replace("\r\n", "\n").encode()):
        dataset = read(data)
        assert dataset.headers == ["slug", "name_ar", "name_en", "kind"]
        assert dataset[0] == ("beirut", "بيروت", "Beirut", "city")


def test_utf16_is_named():
    assert message_of(GOOD.encode("utf-16")) == str(reader.ERROR_UTF16)
    assert message_of(GOOD.encode("utf-16-le")) == str(reader.ERROR_UTF16)


def test_a_nul_byte_in_a_utf8_file_is_named_with_its_position_not_taken_for_utf16():
    padded = GOOD.encode() + b"x" * (reader.UTF16_SNIFF_BYTES - len(GOOD.encode()))
    assert message_of(padded + b"\x00 and more text\r\n") == str(reader.ERROR_NUL) % {"position": 4097}
    assert message_of(GOOD.encode() + b"beirut2,\x00,x,city\r\n") == str(reader.ERROR_UTF16)  # in the first 4 KB
    late = padded + b"\r\n" * 100 + b"tripoli,\xd8\xb7\x00,Tripoli,city\r\n"
    assert message_of(late) == str(reader.ERROR_NUL) % {"position": late.index(b"\x00") + 1}
    # With several, the first is named: the one a person fixing the file meets first.
    assert message_of(late + b"sidon,\x00,Sidon,city\r\n") == str(reader.ERROR_NUL) % {
        "position": late.index(b"\x00") + 1
    }


def test_windows_1256_is_named():
    assert message_of(GOOD.encode("cp1256")) == str(reader.ERROR_WINDOWS_1256)


def test_other_bytes_that_are_not_utf8_say_where():
    assert message_of(b"slug,name_en\r\ncaf\xe9,x\r\n") == reader.ERROR_NOT_UTF8 % {"position": 18}


def test_missing_header_is_named():
    message = message_of("beirut,بيروت,Beirut,city\r\ncairo,القاهرة,Cairo,city\r\n".encode())
    assert message.startswith("The first row must be the header")
    assert "beirut" in message


def test_extra_columns_are_listed():
    message = message_of("slug,name_ar,name_en,kind,colour\r\nbeirut,بيروت,Beirut,city,red\r\n".encode())
    assert message.startswith("Unknown columns: colour.")


def test_a_row_longer_than_the_header_is_named():
    message = message_of("slug,name_ar,name_en,kind\r\nbeirut,بيروت,Beirut,city,extra\r\n".encode())
    assert message == reader.ERROR_ROW_LENGTH % {"row": 2, "cells": 5, "columns": 4}


def test_semicolon_separators_are_named():
    assert message_of(GOOD.replace(",", ";").encode()) == str(reader.ERROR_SEMICOLONS)


def test_tab_separators_are_named():
    assert message_of(GOOD.replace(",", "\t").encode()) == str(reader.ERROR_TABS)


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n  "])
def test_an_empty_file_is_named(data):
    assert message_of(data) == str(reader.ERROR_EMPTY)


def test_a_header_without_rows_is_named():
    assert message_of(b"slug,name_ar,name_en,kind\r\n") == str(reader.ERROR_NO_ROWS)


def test_a_missing_required_column_is_named():
    assert message_of("name_ar,name_en\r\nبيروت,Beirut\r\n".encode()) == reader.ERROR_MISSING_COLUMNS % {
        "columns": "slug"
    }


def test_a_50_megabyte_file_is_refused_with_the_limit():
    data = GOOD.encode() + b"x" * (50 * 1024 * 1024)
    message = message_of(data)
    assert message == "The file is 50 MB; the limit is 10 MB. Split it into smaller files."


@pytest.mark.parametrize(
    ("size", "named"),
    [(100 * 1024 * 1024, "100"), (12 * 1024 * 1024 + 300 * 1024, "12.3"), (10 * 1024 * 1024 + 1, "10")],
)
def test_an_upload_over_the_limit_is_named_in_megabytes_of_1024_kilobytes(size, named):
    """The admin checks an upload's size before reading it (advocacy/csv/admin.py)."""
    with pytest.raises(CsvFileError) as caught:
        reader.check_size(size)
    assert str(caught.value) == f"The file is {named} MB; the limit is 10 MB. Split it into smaller files."


def test_formulas_in_cells_are_refused_and_located():
    data = 'slug,name_ar,name_en,kind\r\nbeirut,بيروت,"=HYPERLINK(""http://evil"")",city\r\nx,@cmd,+1,city\r\n'
    message = message_of(data.encode())
    assert message.startswith("Cells that a spreadsheet would run as formulas")
    assert "row 2, name_en" in message and "row 3, name_ar" in message and "row 3, name_en" in message


def test_our_own_formula_guard_is_taken_off_again():
    dataset = read("slug,name_ar,name_en,kind\r\nbeirut,بيروت,'=Beirut,city\r\n".encode())
    assert dataset[0][2] == "=Beirut"


def test_a_file_at_the_row_limit_is_read():
    rows = "".join(f"place-{n},مكان,Place,city\r\n" for n in range(reader.MAX_IMPORT_ROWS))
    assert len(read(("slug,name_ar,name_en,kind\r\n" + rows).encode())) == reader.MAX_IMPORT_ROWS


def test_a_file_over_the_row_limit_is_refused_with_its_count():
    rows = "".join(f"place-{n},مكان,Place,city\r\n" for n in range(reader.MAX_IMPORT_ROWS + 5))
    message = message_of(("slug,name_ar,name_en,kind\r\n" + rows).encode())
    assert message == "The file has 20,005 rows; an import reads at most 20,000. Split it into smaller files."


@pytest.mark.parametrize("start", ["\t", "\r"], ids=["tab", "carriage-return"])
def test_a_formula_behind_a_leading_tab_or_line_break_is_refused(start):
    data = f'slug,name_ar,name_en,kind\r\nbeirut,بيروت,"{start}=1+1",city\r\n'
    message = message_of(data.encode())
    assert message.startswith("Cells that a spreadsheet would run as formulas")
    assert "row 2, name_en" in message


@pytest.mark.parametrize(
    ("first_row", "named"),
    [("beirut,بيروت,Beirut,city", "beirut, بيروت, Beirut, city"), ("a,b,c,d,e", "a, b, c, d, …")],
)
def test_a_missing_header_names_the_columns_expected_and_the_first_cells_found(first_row, named):
    message = message_of(f"{first_row}\r\nx,y,z,w,v\r\n".encode())
    expected = "id, slug, url, name_ar, …"
    assert message == f"The first row must be the header with the column names (such as {expected}); it reads: {named}."


def test_unknown_and_empty_column_names_are_listed_with_the_columns_the_import_reads():
    message = message_of(b"slug,colour,,name_en\r\nbeirut,red,x,Beirut\r\n")
    assert message == (
        "Unknown columns: colour, (empty). The columns this import reads are: id, slug, url, name_ar, name_en, kind."
    )


def test_repeated_columns_are_listed_once_each():
    message = message_of(b"slug,name_en,slug,name_en,kind\r\nbeirut,Beirut,b,B,city\r\n")
    assert message == "These columns appear more than once: name_en, slug."


def test_header_names_are_read_without_surrounding_spaces():
    dataset = read(b" slug , name_en \r\nbeirut,Beirut\r\n")
    assert dataset.headers == ["slug", "name_en"]
    assert dataset[0] == ("beirut", "Beirut")


def test_a_quote_inside_an_unquoted_cell_is_refused_by_the_strict_reader():
    message = message_of('slug,name_ar,name_en,kind\r\nbeirut,"بيروت"x,Beirut,city\r\n'.encode())
    assert message.startswith("The file is not valid CSV near row 2: ")


def test_blank_rows_are_skipped_and_rows_keep_their_line_numbers():
    data = "slug,name_ar,name_en,kind\r\n\r\nbeirut,بيروت,Beirut,city\r\n , ,,\r\ncairo,القاهرة,Cairo,city\r\n"
    dataset = read(data.encode())
    assert [row[0] for row in dataset] == ["beirut", "cairo"]
    message = message_of((data + "x,y\r\n").encode())
    assert message == reader.ERROR_ROW_LENGTH % {"row": 6, "cells": 2, "columns": 4}


def test_at_most_five_formula_cells_are_named():
    rows = "".join(f"place-{n},=cmd{n},Place,city\r\n" for n in range(7))
    message = message_of(("slug,name_ar,name_en,kind\r\n" + rows).encode())
    assert "row 6, name_ar" in message
    assert "row 7, name_ar" not in message and "row 8, name_ar" not in message


def test_a_file_of_exactly_the_limit_is_accepted():
    reader.check_size(reader.MAX_IMPORT_BYTES)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_of_arabic_text_only_is_named_by_its_byte_order_mark(encoding):
    """Arabic letters in UTF-16 hold no zero byte: the byte-order mark is what tells."""
    data = "\ufeffبيروت، لبنان".replace(" ", "\u060c").encode(encoding)
    assert b"\x00" not in data
    assert message_of(data) == str(reader.ERROR_UTF16)


def test_a_file_of_a_single_column_is_read():
    dataset = read(b"slug\r\nbeirut\r\n")
    assert dataset.headers == ["slug"] and dataset[0] == ("beirut",)


def test_several_missing_columns_are_listed_with_commas():
    with pytest.raises(CsvFileError) as caught:
        csv_read(data=b"name_ar\r\nx\r\n", columns=COLUMNS, required=["slug", "kind"])
    assert str(caught.value) == reader.ERROR_MISSING_COLUMNS % {"columns": "slug, kind"}


def test_a_line_break_inside_a_quoted_cell_is_kept_as_written():
    dataset = read(b'slug,name_en\r\nbeirut,"first line\r\nsecond line"\r\n')
    assert dataset[0] == ("beirut", "first line\r\nsecond line")


def test_formula_cells_are_listed_with_semicolons():
    message = message_of(b"slug,name_en\r\nbeirut,=1\r\ncairo,+2\r\n")
    assert "row 2, name_en; row 3, name_en." in message


def test_the_import_format_reads_any_header_with_its_names_trimmed():
    """django-import-export reads a file through the format without a column list."""
    dataset = KnowledgeBaseCSV().create_dataset(b" slug , name_en\r\nbeirut,Beirut\r\n")
    assert dataset.headers == ["slug", "name_en"]
    assert dataset[0] == ("beirut", "Beirut")
