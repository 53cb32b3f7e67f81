"""The dry run's report of every row, written to a file as the rows are checked.

The dry-run page lists the first rows of each kind; this file holds them all (row number,
outcome, record, reasons), so a file with thousands of rejected rows can be corrected in full.
It is written row by row, so its size does not add to the dry run's memory.
"""

import csv
import io

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.encoding import force_str

from .writer import BOM, LINE_END, neutralize

REPORT_HEADER = ("row", "outcome", "record", "reasons")


def _reasons(row_result):
    """Return why a row was rejected, one reason after another ("column: message")."""
    reasons = [force_str(error.error) for error in row_result.errors]
    error = row_result.validation_error
    if error is not None:
        by_field = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        for field, messages in by_field.items():
            reasons.extend(message if field == NON_FIELD_ERRORS else f"{field}: {message}" for message in messages)
    return " | ".join(reasons)


class RowReport:
    """Write one CSV line per imported row to a binary file, in the project's CSV format."""

    def __init__(self, file):
        self.text = io.TextIOWrapper(file, encoding="utf-8", newline="", write_through=False)
        self.writer = csv.writer(self.text, lineterminator=LINE_END)
        self.text.write(BOM)
        self.writer.writerow(REPORT_HEADER)
        self.rows = 0

    def add(self, row_result):
        """Add the next row's outcome (rows are numbered from 1, as on the dry-run page)."""
        self.rows += 1
        record = row_result.object_repr or ""
        self.writer.writerow([self.rows, row_result.import_type, neutralize(record), neutralize(_reasons(row_result))])

    def close(self):
        self.text.close()
