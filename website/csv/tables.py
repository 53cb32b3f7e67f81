"""CSV rows of the pages that are not one model's list: the matrix and the search results."""

from django.utils import translation

from core.csv.resources import CHUNK_SIZE


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
    if kind.key == "passage":
        source = record.source
        return [
            kind.key,
            record.pk,
            source.slug,
            base_url + record.get_absolute_url(),
            f"{source.title_ar} §{record.position}",
            f"{source.title_en} §{record.position}",
            record.text_ar,
            record.text_en,
            f"{rank:.6f}",
        ]
    text = kind.snippet_fields[0] if kind.snippet_fields else None
    return [
        kind.key,
        record.pk,
        record.slug,
        base_url + record.get_absolute_url(),
        getattr(record, f"{kind.title_field}_ar"),
        getattr(record, f"{kind.title_field}_en"),
        getattr(record, f"{text}_ar") if text else "",
        getattr(record, f"{text}_en") if text else "",
        f"{rank:.6f}",
    ]


def search_rows(*, query, filters, kind, base_url):
    """Yield every public match of a search (not one page), type by type, best first within a type."""
    from website.search import service

    parsed = query if isinstance(query, service.ParsedQuery) else service.parse_query(query)
    if not parsed:
        return
    resolved, _notices = service.resolve_filters(filters)
    if "region" in resolved:
        resolved["region_ids"] = service._subtree(resolved["region"].__class__, resolved["region"].pk)
    if "strategy" in resolved:
        resolved["strategy_ids"] = service._subtree(resolved["strategy"].__class__, resolved["strategy"].pk)
    language = translation.get_language()
    for each in service.KINDS:
        if kind and kind != each.key:
            continue
        matches = service.filtered(each, each.model.objects.published(), resolved).search(parsed)
        pairs = matches.values_list("pk", "search_rank")
        for start in range(0, service.CANDIDATES, CHUNK_SIZE):
            chunk = list(pairs[start : start + CHUNK_SIZE])
            if not chunk:
                break
            records = service._load(each, [pk for pk, _rank in chunk])
            with translation.override(language):
                for pk, rank in chunk:
                    if pk in records:
                        yield _search_row(each, records[pk], rank, base_url)
