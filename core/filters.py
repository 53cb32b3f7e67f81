"""The base of every public list's FilterSet: HTML lists and CSV exports share its filtering."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .trees import Tree


class PublicFilterSet(django_filters.FilterSet):
    """Filters over public records; a value that names no public record empties the list.

    Use: `filterset = XFilter(request.GET)`, then `filterset.qs` for the filtered queryset (the
    CSV export). A list page cuts its page from `filterset.ordered()` and `page_rows()` decorates
    only that page's rows (`decorate()`), so a count or a join per row costs the same at page 1
    and at page 1,000.
    """

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("queryset", self.base_queryset())
        super().__init__(data, *args, **kwargs)
        self._trees = {}

    @classmethod
    def base_queryset(cls):
        """Return every public record of the list, unfiltered."""
        raise NotImplementedError

    def order(self, queryset):
        """Return the rows in the list's order."""
        return queryset.order_by("pk")

    def decorate(self, queryset):
        """Add the joins, counts and prefetches a row displays (to one page's rows, or to every row for a CSV)."""
        return queryset

    @property
    def understood(self):
        """Say whether every filter value was understood."""
        return not self.is_bound or self.is_valid()

    def ordered(self):
        """Return the filtered rows in order, bare, or none when a filter value is not understood."""
        return self.order(self.qs if self.understood else self.queryset.none())

    def page_rows(self, page_rows):
        """Return one page's rows (a slice of ordered()) ready to display, in order."""
        return self.decorate(self.order(self.queryset.model._default_manager.filter(pk__in=page_rows.values("pk"))))

    def tree(self, model):
        """Return the public tree of model, loaded once per FilterSet."""
        if model not in self._trees:
            self._trees[model] = Tree.of(model)
        return self._trees[model]

    def subtree(self, model, node):
        """Return the ids of node and every public node below it."""
        return self.tree(model).subtree_ids(node.pk)


def slug_filter(queryset, label, method):
    """Choose a public record by its slug."""
    return django_filters.ModelChoiceFilter(
        queryset=queryset, to_field_name="slug", label=label, method=method, empty_label=_("Any")
    )
