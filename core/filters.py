"""The base of every public list's FilterSet: HTML lists and CSV exports share its rows()."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .trees import Tree


class PublicFilterSet(django_filters.FilterSet):
    """Filters over public records; a value that names no public record empties the list.

    Use: `filterset = XFilter(request.GET)`, then `filterset.rows()` for the filtered rows with
    what a row displays, `filterset.qs` for the bare filtered queryset.
    """

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("queryset", self.base_queryset())
        super().__init__(data, *args, **kwargs)
        self._trees = {}

    @classmethod
    def base_queryset(cls):
        """Return every public record of the list, unfiltered."""
        raise NotImplementedError

    def decorate(self, queryset):
        """Add the joins and prefetches a row needs to the filtered queryset."""
        return queryset

    @property
    def understood(self):
        """Say whether every filter value was understood."""
        return not self.is_bound or self.is_valid()

    def rows(self):
        """Return the filtered rows ready to display, or none when a filter value is not understood."""
        if not self.understood:
            return self.decorate(self.queryset.none())
        return self.decorate(self.qs)

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
