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


def _choice_labels(columns):
    """Return each choice column's labels in the active language, read once for the whole export."""
    return {
        column.name: {value: str(label) for value, label in column.choices}
        for column in columns
        if column is not None and column.type == CHOICE
    }


def _typed(column, value, labels):
    """Return the cell value of one CSV value, as the column's type: a number, a date, a label or text."""
    if value is None or value == "":
        return None
    if column is None:
        return value if isinstance(value, (int, float)) else str(value)
    if column.type == INTEGER:
        try:
            return int(value)
        except (TypeError, ValueError):
            return str(value)
    if column.type == NUMBER:
        try:
            return float(value)
        except (TypeError, ValueError):
            return str(value)
    if column.type == DATE and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, (int, float, datetime.date)):
        return value
    text = str(value)
    if column.type == CHOICE:
        return labels[column.name].get(text, text)
    if column.many:
        return LIST_SEPARATOR.join(part.strip() for part in text.split(JOIN.strip()) if part.strip())
    return text


def _cell(sheet, value):
    """Return what the sheet appends for one value; text is always stored as text."""
    if not isinstance(value, str):
        return value
    text = _text(value)
    if not (text.startswith("=") or text in ERROR_CODES):
        return text
    # openpyxl would store text starting with "=" as a formula, and "#N/A" and the like as errors;
    # a cell typed as a string is shown as it is and never run (the CSV's formula guard, here).
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    return cell


def xlsx_write(file, *, header, rows, columns=None, labels=None, title="export", right_to_left=False):
    """Write rows as a one-sheet workbook to a binary file: labels, then machine names, then the rows.

    `columns` (core.csv.columns.Column, by machine name) types the cells and turns choice values into
    their labels; `labels` overrides the label of some columns. Both header rows stay in view
    when scrolling.
    """
    columns = columns or {}
    labels = labels or {}
    described = [columns.get(name) for name in header]
    choice_labels = _choice_labels(described)
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
    sheet.append([_cell(sheet, name) for name in header])
    for row in rows:
        sheet.append(
            [_cell(sheet, _typed(column, value, choice_labels)) for column, value in zip(described, row, strict=True)]
        )
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
