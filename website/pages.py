"""What the public pages share: the list-page skeleton, pagination, facets' links."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from website.caching import cached_per_filters
from website.csv.views import csv_export

PAGE_SIZE = 25


def paginate(request, queryset, per_page=None, count=None):
    """Return the requested page, PAGE_SIZE rows unless told; a malformed or out-of-range page number is a 404.

    count, when the caller knows the rows' number already, saves counting them again.
    """
    paginator = Paginator(queryset, per_page or PAGE_SIZE)
    if count is not None:
        paginator.count = count
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error


def list_url(name, **filters):
    """Return the URL of a page with filters in its query string, empty ones left out.

    list_url("evidence-list", region="europe", strategy="lobbying") → /en/evidence/?region=europe&strategy=lobbying
    """
    query = urlencode([(key, value) for key, value in filters.items() if value])
    return reverse(name) + (f"?{query}" if query else "")


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


def list_page(request, *, filterset, resource_class, what, template, heading, extra=None):
    """Answer a filtered list: its CSV when asked for, else one page of rows beside the filters.

    extra, when given, returns more context from the filter set (an organization list's facets).
    """
    if response := csv_export(request, filterset=filterset, resource_class=resource_class, what=what):
        return response
    rows = filterset.ordered()
    # Counting the filtered rows costs tens of milliseconds at a million passages, on every page of a
    # list: the number is kept per filter value until a record changes.
    page = paginate(request, rows, count=cached_per_filters(f"{what}-count", filterset, rows.count))
    page.object_list = filterset.page_rows(page.object_list)
    context = {
        "filterset": filterset,
        "page": page,
        "heading": heading,
        "active_filters": sum(1 for name in filterset.form.fields if request.GET.get(name)),
    }
    if extra is not None:
        context.update(extra(filterset))
    return render(request, template, context)
