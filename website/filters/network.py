"""FilterSet of the relationship network; its CSV reuses it."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import NameFilter, PublicFilterSet, slug_filter
from orgs.models import Organization, Region, Relationship
from strategies.models import Evidence, Strategy


class NetworkFilter(PublicFilterSet):
    """Public relationships by kind, and by an organization, region or strategy at either end."""

    kind = django_filters.ChoiceFilter(
        choices=Relationship.Kind.choices, label=_("Kind of relationship"), empty_label=_("Any")
    )
    organization = NameFilter(
        records=Organization.objects.published(),
        fields=("name_ar", "name_en", "other_names__name"),
        label=_("Organization"),
        method="filter_organization",
    )
    region = slug_filter(Region.objects.published(), _("Region"), "filter_region")
    strategy = slug_filter(Strategy.objects.published(), _("Strategy"), "filter_strategy")

    class Meta:
        model = Relationship
        fields = ["kind", "organization", "region", "strategy"]

    @classmethod
    def base_queryset(cls):
        return Relationship.objects.published()

    @staticmethod
    def either_end(queryset, organizations):
        """Keep the relationships with one of the organizations at either end."""
        return queryset.filter(Q(subject__in=organizations) | Q(target__in=organizations))

    def filter_organization(self, queryset, name, value):
        return self.either_end(queryset, self.filters[name].records(value).values("pk"))

    def filter_region(self, queryset, name, value):
        ids = self.subtree(Region, value)
        there = Organization.objects.filter(Q(regions__in=ids) | Q(country_id__in=ids)).values("pk")
        return self.either_end(queryset, there)

    def filter_strategy(self, queryset, name, value):
        users = Evidence.objects.published().filter(strategy_id__in=self.subtree(Strategy, value))
        return self.either_end(queryset, users.values("organization_id"))
