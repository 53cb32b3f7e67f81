"""Export rows of the pages that are not one model's list: the matrix and the search results."""

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.csv.columns import CHOICE, INTEGER, NUMBER, SLUG, TEXT, URL, Column, in_language
from core.csv.resources import CHUNK_SIZE
from core.languages import LANGUAGE_CODES, both, pick
from orgs.models import Organization, Region
from website.search import service

MATRIX_KINDS = (
    ("organization", capfirst(Organization._meta.verbose_name)),
    ("region", capfirst(Region._meta.verbose_name)),
)
# The matrix has one column per strategy shown, named by the strategy's slug.
MATRIX_STRATEGY_COLUMN = "<strategy>"


def _common_columns(what):
    return [
        Column("id", _("ID"), _("The record's number in the knowledge base; it never changes."), INTEGER),
        Column("slug", _("Slug"), _("Stable ASCII identifier used in URLs."), SLUG),
        Column(
            "url",
            _("Page address"),
            _("The address of the record's public page, in the language of the download."),
            URL,
        ),
        *(
            Column(f"{what}_{code}", in_language(_("name") if what == "name" else _("title"), code), description)
            for code, description in zip(
                LANGUAGE_CODES,
                [_("The record's name or title in Arabic."), _("The record's name or title in English.")],
                strict=True,
            )
        ),
    ]


def matrix_columns(*, columns=()):
    """Describe the matrix's columns: the row's record, then one per strategy shown (labelled by its name)."""
    described = [
        Column(
            "kind",
            _("Kind"),
            _("Whether the row is an organization or a region (the matrix by regions)."),
            CHOICE,
            choices=MATRIX_KINDS,
        ),
        *_common_columns("name"),
    ]
    strategy_help = _(
        "The number of public claims that the row's organization, or an organization in the row's region, "
        "uses this strategy."
    )
    if not columns:
        return [*described, Column(MATRIX_STRATEGY_COLUMN, _("One column per strategy"), strategy_help, INTEGER)]
    return [*described, *(Column(column.slug, pick(column, "name")[0], strategy_help, INTEGER) for column in columns)]


def matrix_table(*, table, columns, by_regions, base_url):
    """Return (header, rows) of the matrix: one row per organization or region, one column per strategy.

    Each strategy column is named by the strategy's slug and holds the number of public claims. The
    rows are read from table (an iterable of Matrix.table() entries) as they are written.
    """
    header = ["kind", "id", "slug", "url", "name_ar", "name_en", *[column.slug for column in columns]]
    kind = "region" if by_regions else "organization"
    rows = (
        [
            kind,
            row["node"].pk,
            row["node"].slug,
            base_url + row["node"].get_absolute_url(),
            row["node"].name_ar,
            row["node"].name_en,
            *[cell["count"] for cell in row["cells"]],
        ]
        for row in table
    )
    return header, rows


SEARCH_HEADER = ["type", "id", "slug", "url", "title_ar", "title_en", "text_ar", "text_en", "rank"]


def search_columns():
    """Describe the columns of a search's download."""
    kinds = tuple((kind.key, capfirst(kind.model._meta.verbose_name)) for kind in service.KINDS)
    return [
        Column("type", _("Type"), _("What sort of record matched."), CHOICE, choices=kinds),
        *_common_columns("title"),
        *(
            Column(
                f"text_{code}",
                in_language(_("text"), code),
                _("The text of the record that matched, where it has one."),
                TEXT,
            )
            for code in LANGUAGE_CODES
        ),
        Column(
            "rank", _("Rank"), _("How well the record matches the search; higher is better, within one type."), NUMBER
        ),
    ]


def _search_row(kind, record, rank, base_url):
    """One search result as a row: its type, the record the title belongs to, the title and text in both languages."""
    searchable = kind.searchable
    owners = [(searchable.title_owner(record, owner), field) for owner, field in searchable.title_paths]
    position = f" §{getattr(record, searchable.position)}" if searchable.position else ""
    text = searchable.snippets[0] if searchable.snippets else None
    titles = zip(*(both(owner, field) for owner, field in owners), strict=True)
    return [
        kind.key,
        record.pk,
        getattr(record, "slug", "") or (owners[0][0].slug if len(owners) == 1 else ""),
        base_url + record.get_absolute_url(),
        *(": ".join(title) + position for title in titles),
        *(both(record, text) if text else ["", ""]),
        f"{rank:.6f}",
    ]


def search_rows(*, query, filters, kind, base_url):
    """Yield every public match of a search (not one page), type by type, best first within a type."""
    language = translation.get_language()
    for each, chunk in service.every_match(query=query, filters=filters, kind=kind, chunk_size=CHUNK_SIZE):
        with translation.override(language):
            for record, rank in chunk:
                yield _search_row(each, record, rank, base_url)
