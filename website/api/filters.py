"""The API's filters: the pages' FilterSets where a page has one, and the same kind of FilterSet for the rest.

ApiFilterBackend refuses what it does not understand (an unknown parameter, a value naming
nothing public) with 400 and a message per parameter, and applies `q` through the models'
one search method, so the API finds what the site's search finds.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from core.filters import PublicFilterSet, slug_filter
from core.models import Language
from orgs.models import Organization, Region, Relationship
from sources.models import Passage, Source
from strategies.models import Strategy

ERROR_UNKNOWN_PARAMETER = _("Unknown parameter. Known ones: %(known)s.")
# Parameters every list takes besides its filters: search, the page's cursor and size, the format.
COMMON_PARAMETERS = ("q", "cursor", "page_size", "format")
SEARCH_MAX_LENGTH = 500
ERROR_SEARCH_TOO_LONG = _("At most %(limit)s characters.")


class StrategyFilter(PublicFilterSet):
    """Strategies by category (the strategies below it)."""

    parent = slug_filter(Strategy.objects.published(), _("Category"), "filter_parent")

    class Meta:
        model = Strategy
        fields = ["parent"]

    @classmethod
    def base_queryset(cls):
        return Strategy.objects.published()

    def filter_parent(self, queryset, name, value):
        return queryset.filter(pk__in=self.subtree(Strategy, value) - {value.pk})


class RegionFilter(PublicFilterSet):
    """Regions by kind and by the region they lie in (every level below it)."""

    kind = django_filters.ChoiceFilter(choices=Region.Kind.choices, label=_("Kind"), empty_label=_("Any"))
    parent = slug_filter(Region.objects.published(), _("Inside"), "filter_parent")

    class Meta:
        model = Region
        fields = ["kind", "parent"]

    @classmethod
    def base_queryset(cls):
        return Region.objects.published()

    def filter_parent(self, queryset, name, value):
        return queryset.filter(pk__in=self.subtree(Region, value) - {value.pk})


class PassageFilter(PublicFilterSet):
    """Passages by source, kind and original language."""

    source = slug_filter(Source.objects.published(), _("Source"), "filter_source")
    kind = django_filters.ChoiceFilter(choices=Passage.Kind.choices, label=_("Kind"), empty_label=_("Any"))
    original_language = django_filters.ChoiceFilter(
        choices=Language.choices, label=_("Original language"), empty_label=_("Any")
    )

    class Meta:
        model = Passage
        fields = ["source", "kind", "original_language"]

    @classmethod
    def base_queryset(cls):
        return Passage.objects.published()

    def filter_source(self, queryset, name, value):
        return queryset.filter(source=value)


class RelationshipFilter(PublicFilterSet):
    """Relationships by organization (at either end) and kind."""

    organization = slug_filter(Organization.objects.published(), _("Organization"), "filter_organization")
    kind = django_filters.ChoiceFilter(choices=Relationship.Kind.choices, label=_("Kind"), empty_label=_("Any"))

    class Meta:
        model = Relationship
        fields = ["organization", "kind"]

    @classmethod
    def base_queryset(cls):
        return Relationship.objects.published()

    def filter_organization(self, queryset, name, value):
        return queryset.filter(Q(subject=value) | Q(target=value))


class ApiFilterBackend(DjangoFilterBackend):
    """The view's FilterSet, strict about parameters, then `q` through the model's search."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = [*(filterset_class.base_filters if filterset_class else ()), *view.extra_parameters]
        unknown = sorted(set(request.query_params) - set(known))
        if unknown:
            message = ERROR_UNKNOWN_PARAMETER % {"known": ", ".join(known)}
            raise ValidationError({name: [message] for name in unknown})
        queryset = super().filter_queryset(request, queryset, view)
        query = request.query_params.get("q", "").strip()
        if query and "q" in view.extra_parameters:
            if len(query) > SEARCH_MAX_LENGTH:
                raise ValidationError({"q": [ERROR_SEARCH_TOO_LONG % {"limit": SEARCH_MAX_LENGTH}]})
            # search() returns its best candidates in rank order; the API keeps its own stable order.
            matches = queryset.model.objects.published().search(query)
            queryset = queryset.filter(pk__in=matches.values("pk"))
        return queryset
