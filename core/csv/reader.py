"""Read an uploaded CSV file, refusing with a clear message anything but our own format."""

import csv
import io

import tablib
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .writer import BOM, FORMULA_START, unneutralize

# Larger files are refused before they are read: split them. Django streams uploads to disk, but
# a dry run keeps every row in memory, and a curator's review of 10 MB of rows is already long.
MAX_IMPORT_BYTES = 10 * 1024 * 1024
# Data rows per file: a dry run of this many rows answers in seconds; larger files are split.
MAX_IMPORT_ROWS = 20_000
# Changed and rejected rows a dry run lists; the others are counted.
ROWS_SHOWN = 100
FORMULA_CELLS_SHOWN = 5

ERROR_TOO_LARGE = _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
ERROR_EMPTY = _("The file is empty. Export a list first to get a file with the right header.")
ERROR_UTF16 = _(
    "The file is in UTF-16 (Excel's “Unicode text”). Save it as “CSV UTF-8 (comma delimited)” and import it again."
)
ERROR_WINDOWS_1256 = _(
    "The file is in Windows-1256 (Windows Arabic), not UTF-8. Save it as “CSV UTF-8 (comma delimited)” "
    "and import it again."
)
ERROR_NUL = _(
    "The file holds a NUL character (byte %(position)s), which no text may contain. "
    "Save it as “CSV UTF-8 (comma delimited)”."
)
ERROR_NOT_UTF8 = _("The file is not UTF-8 text (byte %(position)s). Save it as “CSV UTF-8 (comma delimited)”.")
ERROR_SEMICOLONS = _(
    "The columns are separated by semicolons; use commas. In Excel choose “CSV UTF-8 (comma delimited)”, "
    "in LibreOffice set the field delimiter to a comma."
)
ERROR_TABS = _("The columns are separated by tabs; this import reads comma-separated files only.")
ERROR_MISSING_HEADER = _(
    "The first row must be the header with the column names (such as %(expected)s); it reads: %(found)s."
)
ERROR_UNKNOWN_COLUMNS = _("Unknown columns: %(columns)s. The columns this import reads are: %(expected)s.")
ERROR_DUPLICATE_COLUMNS = _("These columns appear more than once: %(columns)s.")
ERROR_MISSING_COLUMNS = _("Required columns are missing: %(columns)s.")
ERROR_ROW_LENGTH = _("Row %(row)s has %(cells)s cells but the header has %(columns)s.")
ERROR_FORMULAS = _(
    "Cells that a spreadsheet would run as formulas (they start with =, +, -, @, a tab or a line break): "
    "%(cells)s. Put a ' before such text, as our exports do, or remove it."
)
ERROR_NO_ROWS = _("The file has a header but no rows.")
ERROR_TOO_MANY_ROWS = _("The file has %(count)s rows; an import reads at most %(limit)s. Split it into smaller files.")
ERROR_MALFORMED = _("The file is not valid CSV near row %(row)s: %(error)s.")


class CsvFileError(ValueError):
    """The uploaded file as a whole cannot be imported; the message says why and what to do."""


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def check_size(size):
    """Refuse a file larger than the import limit."""
    if size > MAX_IMPORT_BYTES:
        raise CsvFileError(ERROR_TOO_LARGE % {"size": _megabytes(size), "limit": _megabytes(MAX_IMPORT_BYTES)})


# English text in UTF-16 has a NUL in every other byte: a NUL this early names the encoding.
UTF16_SNIFF_BYTES = 4096


def decode(data):
    """Return the text of a UTF-8 file (BOM or not), or say which encoding it is in instead."""
    check_size(len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:UTF16_SNIFF_BYTES]:
        raise CsvFileError(ERROR_UTF16)
    # csv reads a NUL as any character, and PostgreSQL refuses it in text.
    if (nul := data.find(b"\x00")) >= 0:
        raise CsvFileError(ERROR_NUL % {"position": nul + 1})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Bytes that are not UTF-8 but decode to Arabic letters in Windows-1256 (the Arabic Excel
        # default, which gives a character to every byte).
        if any("\u0600" <= char <= "\u06ff" for char in data.decode("cp1256")):
            raise CsvFileError(ERROR_WINDOWS_1256) from error
        raise CsvFileError(ERROR_NOT_UTF8 % {"position": error.start + 1}) from error
    text = text.removeprefix(BOM)
    if not text.strip():
        raise CsvFileError(ERROR_EMPTY)
    return text


def _check_header(header, columns, required):
    names = [name.strip() for name in header]
    expected = ", ".join(columns[:4]) + ", …"
    if len(names) == 1 and ";" in names[0]:
        raise CsvFileError(ERROR_SEMICOLONS)
    if len(names) == 1 and "\t" in names[0]:
        raise CsvFileError(ERROR_TABS)
    known = [name for name in names if name in columns]
    if not known:
        found = ", ".join(names[:4]) + (", …" if len(names) > 4 else "")
        raise CsvFileError(ERROR_MISSING_HEADER % {"expected": expected, "found": found})
    unknown = [name or "(empty)" for name in names if name not in columns]
    if unknown:
        raise CsvFileError(ERROR_UNKNOWN_COLUMNS % {"columns": ", ".join(unknown), "expected": ", ".join(columns)})
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise CsvFileError(ERROR_DUPLICATE_COLUMNS % {"columns": ", ".join(duplicates)})
    missing = [name for name in required if name not in names]
    if missing:
        raise CsvFileError(ERROR_MISSING_COLUMNS % {"columns": ", ".join(missing)})
    return names


def csv_read(*, data, columns=None, required=()):
    """Return the rows of an uploaded CSV file as a tablib Dataset, or raise CsvFileError.

    `columns` are the names the file may use (None: any), `required` those it must have. Our
    exports' formula guard (a leading ') is taken off again, so an exported file imports unchanged.
    """
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        if columns is None:
            names = [name.strip() for name in header]
        else:
            names = _check_header(header, list(columns), list(required))
        dataset = tablib.Dataset(headers=names)
        formulas = []
        count = 0
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            count += 1
            if count > MAX_IMPORT_ROWS:
                # Only counted, not kept: the message names the whole file's count.
                continue
            if len(row) != len(names):
                raise CsvFileError(ERROR_ROW_LENGTH % {"row": number, "cells": len(row), "columns": len(names)})
            for name, cell in zip(names, row, strict=True):
                if cell.startswith(FORMULA_START) and len(formulas) < FORMULA_CELLS_SHOWN:
                    formulas.append(f"row {number}, {name}")
            dataset.append([unneutralize(cell) for cell in row])
    except csv.Error as error:
        raise CsvFileError(ERROR_MALFORMED % {"row": reader.line_num, "error": error}) from error
    if count > MAX_IMPORT_ROWS:
        counts = {"count": count, "limit": MAX_IMPORT_ROWS}
        raise CsvFileError(
            ERROR_TOO_MANY_ROWS % {key: number_format(value, force_grouping=True) for key, value in counts.items()}
        )
    if formulas:
        raise CsvFileError(ERROR_FORMULAS % {"cells": "; ".join(formulas)})
    if not len(dataset):
        raise CsvFileError(ERROR_NO_ROWS)
    return dataset
