"""Reads the public pages share: citations of public passages, claims ready to display, pagination."""

from collections import defaultdict

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404

from orgs.models import Region, RelationshipPassage
from strategies.models import Evidence, EvidencePassage

PAGE_SIZE = 25


def public_evidence_citations():
    """Return the citations of claims whose passage the public may read, in source order."""
    return (
        EvidencePassage.objects.published()
        .select_related("passage__source")
        .order_by("passage__source__slug", "passage__position")
    )


def public_relationship_citations():
    """Return the citations of relationships whose passage the public may read."""
    return (
        RelationshipPassage.objects.published()
        .select_related("passage__source")
        .order_by("passage__source__slug", "passage__position")
    )


def evidence_for_display(queryset):
    """Add what a claim shows: organization, strategy, public regions and public quotes (3 queries)."""
    return queryset.select_related("organization", "strategy").prefetch_related(
        Prefetch("regions", queryset=Region.objects.published()),
        Prefetch("citations", queryset=public_evidence_citations()),
    )


def public_evidence():
    """Return the claims the public may see."""
    return Evidence.objects.published()


def paginate(request, queryset, per_page=PAGE_SIZE):
    """Return the requested page; a malformed or out-of-range page number is a 404."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error


def subtree_counts(tree, pairs):
    """Count distinct items per node, an item counting for its node and every public ancestor."""
    items = defaultdict(set)
    for item, node_pk in pairs:
        if node_pk not in tree.nodes:
            continue
        items[node_pk].add(item)
        for ancestor in tree.ancestors(node_pk):
            items[ancestor.pk].add(item)
    return {pk: len(found) for pk, found in items.items()}


def tree_rows(tree, counts, roots=None):
    """Return [(node, depth, count)] in tree order for the nodes with a count."""
    return [(node, depth, counts[node.pk]) for node, depth in tree.walk(roots) if counts.get(node.pk)]


def query_with(request, **changes):
    """Return the current query string with some parameters set (None removes one), from page 1."""
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}" if query else "?"


def facet(request, key, rows):
    """Return a facet's entries, rows being (node or label, value, depth, count)."""
    selected = request.GET.get(key)
    entries = [
        {
            "node": None if isinstance(item, str) else item,
            "label": item if isinstance(item, str) else "",
            "depth": depth,
            "count": count,
            "url": query_with(request, **{key: value}),
            "selected": value == selected,
        }
        for item, value, depth, count in rows
    ]
    return {"key": key, "entries": entries, "clear": query_with(request, **{key: None}) if selected else ""}
