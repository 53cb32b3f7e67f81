"""CSV rows of the pages that are not one model's list: the matrix and the search results."""

from django.utils import translation

from core.csv.resources import CHUNK_SIZE
from core.languages import both
from website.search import service


def matrix_table(*, table, columns, by_regions, base_url):
    """Return (header, rows) of the matrix as shown: one row per organization or region, one column per strategy.

    Each strategy column is named by the strategy's slug and holds the number of public claims.
    """
    header = ["kind", "id", "slug", "url", "name_ar", "name_en", *[column.slug for column in columns]]
    kind = "region" if by_regions else "organization"
    rows = []
    for row in table:
        node = row["node"]
        cells = [cell["count"] for cell in row["cells"]]
        rows.append([kind, node.pk, node.slug, base_url + node.get_absolute_url(), node.name_ar, node.name_en, *cells])
    return header, rows


SEARCH_HEADER = ["type", "id", "slug", "url", "title_ar", "title_en", "text_ar", "text_en", "rank"]


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
