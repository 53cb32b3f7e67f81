"""The base of every public list's FilterSet: HTML lists and CSV exports share its filtering."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, Q
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

    def rows(self):
        """Return every filtered row in order, ready to display (an export that streams them all)."""
        return self.decorate(self.ordered())

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


# A typed name is cut to this length: no name is longer, and a longer value only costs.
NAME_MAX_LENGTH = 200
ERROR_NAMES_NOTHING = _("Nothing public is named “%(value)s”.")


class NameFilter(django_filters.CharFilter):
    """Choose records by slug or by a part of their name, typed in a text box.

    For lists of thousands of records (organizations, sources), where a drop-down would put every
    one of them in every page. A value that names no public record is a form error, as an
    unknown slug is for the other filters; the FilterSet's method reads `records(value)`.
    """

    def __init__(self, *, records, fields, **kwargs):
        self.records_queryset, self.fields = records, fields
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": _("Name or part of it")}))
        super().__init__(validators=[self.names_something], **kwargs)

    def records(self, value):
        """Return the public records the value names: the one whose slug it is, else those whose names contain it."""
        value = value.strip()
        by_slug = self.records_queryset.filter(slug=value)
        by_name = Q()
        for field in self.fields:
            by_name |= Q(**{f"{field}__icontains": value})
        return self.records_queryset.filter(Q(pk__in=by_slug.values("pk")) | (~Exists(by_slug) & by_name))

    def names_something(self, value):
        if not self.records(value).exists():
            raise ValidationError(ERROR_NAMES_NOTHING, params={"value": value})
