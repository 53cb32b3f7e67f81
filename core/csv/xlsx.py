"""Write an export as an XLSX workbook: the CSV's rows, with column labels in the reader's language.

openpyxl's write-only mode writes each row to a temporary file as it comes, so memory stays flat
however many rows there are; the workbook is zipped once the last row is in.
"""

import datetime
import tempfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .columns import CHOICE, DATE, INTEGER, NUMBER
from .writer import JOIN

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses a cell longer than this.
CELL_LIMIT = 32767
TRUNCATED = " […]"
# A sheet's name is at most 31 characters and cannot hold some punctuation.
SHEET_NAME_LIMIT = 31
_SHEET_NAME_FORBIDDEN = str.maketrans({character: "-" for character in "[]:*?/\\"})
# Several values in one cell: one a line, so the spreadsheet shows a readable list.
LIST_SEPARATOR = "\n"


def sheet_name(what):
    """Return a valid sheet name for an export."""
    return what.translate(_SHEET_NAME_FORBIDDEN)[:SHEET_NAME_LIMIT] or "export"


def _text(value):
    # Control characters are not allowed in the file's XML; they carry no meaning in these texts.
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return text


def _as_text(sheet, value):
    """Return what the sheet appends for a text; it is always stored as text."""
    text = _text(value)
    if not (text.startswith("=") or text in ERROR_CODES):
        return text
    # openpyxl would store text starting with "=" as a formula, and "#N/A" and the like as errors;
    # a cell typed as a string is shown as it is and never run (the CSV's formula guard, here).
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    return cell


def _parsed(parse, sheet):
    def convert(value):
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return parse(value)
        except ValueError:
            return _as_text(sheet, value)

    return convert


def _converter(column, sheet):
    """Return the function that turns one CSV value of the column into its cell: typed, labelled, or text."""
    kind = column.type if column is not None else None
    if kind == INTEGER:
        return _parsed(int, sheet)
    if kind == NUMBER:
        return _parsed(float, sheet)
    if kind == DATE:
        return _parsed(datetime.date.fromisoformat, sheet)
    if kind == CHOICE:
        # The labels are read once, in the language active for the whole export.
        labels = {value: str(label) for value, label in column.choices}
        return _parsed(lambda value: _as_text(sheet, labels.get(value, value)), sheet)
    if column is not None and column.many:
        separator = JOIN.strip()
        return _parsed(
            lambda value: _as_text(
                sheet, LIST_SEPARATOR.join(part.strip() for part in value.split(separator) if part.strip())
            ),
            sheet,
        )
    return _parsed(lambda value: _as_text(sheet, value), sheet)


def xlsx_write(file, *, header, rows, columns=None, labels=None, title="export", right_to_left=False):
    """Write rows as a one-sheet workbook to a binary file: labels, then machine names, then the rows.

    `columns` (core.csv.columns.Column, by machine name) types the cells and turns choice values into
    their labels; `labels` overrides the label of some columns. Both header rows stay in view
    when scrolling.
    """
    columns = columns or {}
    labels = labels or {}
    described = [columns.get(name) for name in header]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name(title))
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.freeze_panes = "A3"
    bold = Font(bold=True)
    label_row = []
    for name, column in zip(header, described, strict=True):
        cell = WriteOnlyCell(sheet, _text(str(labels.get(name) or (column.label if column else name))))
        cell.data_type = "s"
        cell.font = bold
        label_row.append(cell)
    sheet.append(label_row)
    sheet.append([_as_text(sheet, name) for name in header])
    converters = [_converter(column, sheet) for column in described]
    for row in rows:
        sheet.append([convert(value) for convert, value in zip(converters, row, strict=True)])
    workbook.save(file)


def xlsx_temporary_file(**kwargs):
    """Write the workbook (xlsx_write's arguments) to a temporary file and return it, open at its start."""
    file = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        xlsx_write(file, **kwargs)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return file
