"""Write rows in the project's CSV format: UTF-8 with BOM, RFC 4180 quoting, CRLF, a header row."""

import csv
import io
import re

BOM = "\ufeff"
# The csv module's default line end (RFC 4180), named for the import report's writer.
LINE_END = "\r\n"
JOIN = " | "
# Spreadsheets run a cell as a formula when it starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A value that already starts with quotes before a formula character gets one more quote, so that
# stripping one quote on import gives the exact value back.
_NEUTRALIZED = re.compile(r"^'+[=+\-@\t\r]")
# Rows are buffered into chunks of about this size before being handed to the response.
CHUNK_BYTES = 64 * 1024


def neutralize(value):
    """Return the cell text with a leading quote if a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_START) or _NEUTRALIZED.match(text):
        return "'" + text
    return text


def unneutralize(text):
    """Undo `neutralize`: drop the quote it put before a formula-like value."""
    if isinstance(text, str) and _NEUTRALIZED.match(text):
        return text[1:]
    return text


def join_values(values):
    """Join several values in one cell with ` | `."""
    return JOIN.join(str(value) for value in values if value not in (None, ""))


def split_values(text):
    """Split a cell joined with `join_values` back into its values."""
    if not text:
        return []
    return [part.strip() for part in str(text).split(JOIN.strip()) if part.strip()]


class _Buffer:
    """A file-like sink that csv.writer writes into and that is emptied chunk by chunk."""

    def __init__(self):
        self.parts = []
        self.size = 0

    def write(self, text):
        self.parts.append(text)
        self.size += len(text)

    def take(self):
        text = "".join(self.parts)
        self.parts.clear()
        self.size = 0
        return text


def csv_stream(*, header, rows):
    """Yield the CSV file as UTF-8 byte chunks: BOM and header first, then the rows as they come.

    The header is its own first chunk, so a download starts before the first row is read (a sorted
    export's query can take a second to give its first row).
    """
    buffer = _Buffer()
    # The csv module's own dialect is the format: CRLF line ends, quotes only where needed.
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(header)
    yield buffer.take().encode()
    for row in rows:
        writer.writerow([neutralize(value) for value in row])
        if buffer.size >= CHUNK_BYTES:
            yield buffer.take().encode()
    yield buffer.take().encode()


def csv_bytes(*, header, rows):
    """Return a whole CSV file as bytes (for small exports, such as an admin selection)."""
    out = io.BytesIO()
    for chunk in csv_stream(header=header, rows=rows):
        out.write(chunk)
    return out.getvalue()
