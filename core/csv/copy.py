"""Large public exports written by PostgreSQL's COPY: the database makes the CSV, Python passes it on.

The file is the one csv_stream writes (writer.py): BOM and header, RFC 4180 quoting, CRLF, formula-like
cells neutralized. A resource offers it with `copy_statement(queryset)`, a SELECT of the public
rows as text cells in the export's order; tests/csv/test_copy_export.py holds each one to its
row-by-row export. Read through psycopg, the rows come at the speed of COPY instead of a few
microseconds a cell in Python; on another database (SQLite) the row-by-row export runs.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections, models

from .writer import CHUNK_BYTES, LINE_END, csv_stream

# writer.neutralize in SQL: a quote before a cell that starts, after any quotes, with a formula character.
_FORMULA = r"'^''*[-=+@\t\r]'"
# The first characters of such a cell: the pattern, which reads the whole text, is tried only after them.
_FORMULA_START = r"'-', '=', '+', '@', E'\t', E'\r', ''''"


def copy_available(using):
    """Say whether the database behind alias `using` can write an export with COPY."""
    return connections[using].vendor == "postgresql"


def neutralized(expression):
    """Return SQL for the text of `expression` (SQL without parameters) as a cell, quoted before a formula."""
    return (
        f"(CASE WHEN left({expression}, 1) NOT IN ({_FORMULA_START}) THEN {expression}"
        f" WHEN {expression} ~ {_FORMULA} THEN '''' || {expression} ELSE {expression} END)"
    )


def as_cell(cell):
    """Return SQL for a cell with an empty text as NULL, which COPY writes unquoted, as csv.writer does."""
    return f"NULLIF({cell}, '')"


def select_cells(cells):
    """Return the select list of these cells (as_cell)."""
    return ", ".join(map(as_cell, cells))


def address_cell(parts, value, end=None):
    """Return (SQL, params) of a record's absolute address, given resources.address_parts() of its URL.

    `value` (the record's slug or id) and `end` (what follows, such as an anchor) are SQL without parameters.
    """
    prefix, suffix = parts
    return f"%s || {value} || %s" + (f" || {end}" if end else ""), [prefix, suffix]


def passage_address(position, per_page):
    """Return SQL for the end of a passage's address after its source's (sources.models.Passage.anchor).

    `per_page` is the number of passages on a page of a source.
    """
    page = f"(({position} - 1) / {int(per_page)} + 1)"
    return f"(CASE WHEN {page} > 1 THEN '?page=' || {page} ELSE '' END || '#p' || {position})"


def copy_stream(*, header, statement, params, using):
    """Yield the CSV file of `statement` (a SELECT of text cells) as UTF-8 chunks: BOM and header first.

    COPY sends one row per message, each ending in a line feed inside no quotes; that line feed
    becomes the format's CRLF. A line break inside a quoted cell is left as it is.
    """
    yield next(csv_stream(header=header, rows=()))
    end = LINE_END.encode()
    with connections[using].cursor() as cursor:
        with cursor.cursor.copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)", params) as copy:
            parts, size = [], 0
            for row in copy:
                parts += (row[:-1], end)
                size += len(row) + 1
                if size >= CHUNK_BYTES:
                    yield b"".join(parts)
                    parts, size = [], 0
            yield b"".join(parts)


def field_cell(alias, model, name):
    """Return SQL for the cell of `model`'s field `name` in the row `alias`, as the row-by-row export writes it."""
    field = model._meta.get_field(name)
    column = f'{alias}."{field.column}"'
    if isinstance(field, models.DateField):
        return f"to_char({column}, 'YYYY-MM-DD')"
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return f"{column}::text"
    return neutralized(column)


def chosen_ids(queryset, ordering):
    """Return (sql, params) of the ids of `queryset`'s rows, or None unless a COPY statement can give them.

    The statement orders the rows by `ordering` (the model's field names), so the queryset must be
    ordered the same way; a queryset that is empty by construction has no SQL.
    """
    query = queryset.query
    given = query.order_by or (query.default_ordering and queryset.model._meta.ordering) or ()
    if tuple(given) != tuple(ordering) or query.extra_order_by:
        return None
    try:
        return queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return None
