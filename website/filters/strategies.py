"""FilterSets of the evidence list and the matrix; CSV exports reuse them."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import NameFilter, PublicFilterSet, slug_filter
from core.languages import page_language
from orgs.models import Organization, Region
from sources.models import Source
from strategies.models import Evidence, EvidencePassage, Strategy

# The value of region_given that keeps the claims that name no public region.
REGION_NOT_GIVEN = "no"


class EvidenceFilter(PublicFilterSet):
    """Claims by organization, strategy (sub-strategies too), region (inner regions too), source, status, kind."""

    organization = NameFilter(
        records=Organization.objects.published(),
        fields=("name_ar", "name_en", "other_names__name"),
        label=_("Organization"),
        method="filter_organization",
    )
    strategy = slug_filter(Strategy.objects.published(), _("Strategy"), "filter_strategy")
    region = slug_filter(Region.objects.published(), _("Region"), "filter_region")
    region_given = django_filters.ChoiceFilter(
        choices=[(REGION_NOT_GIVEN, _("Region not given"))],
        label=_("Region given"),
        empty_label=_("Any"),
        method="filter_region_given",
    )
    source = NameFilter(
        records=Source.objects.published(),
        fields=("title_ar", "title_en"),
        label=_("Source"),
        method="filter_source",
    )
    status = django_filters.ChoiceFilter(choices=Evidence.Status.choices, label=_("Status"), empty_label=_("Any"))
    kind = django_filters.ChoiceFilter(
        field_name="organization__kind",
        choices=Organization.Kind.choices,
        label=_("Kind of organization"),
        empty_label=_("Any"),
    )

    class Meta:
        model = Evidence
        fields = ["organization", "strategy", "region", "region_given", "source", "status", "kind"]

    @classmethod
    def base_queryset(cls):
        return Evidence.objects.published()

    def order(self, queryset):
        language = page_language()
        return queryset.order_by(f"organization__name_{language}", f"strategy__name_{language}", "pk")

    def decorate(self, queryset):
        return queryset.for_display()

    def filter_organization(self, queryset, name, value):
        return queryset.filter(organization__in=self.filters[name].records(value))

    def filter_strategy(self, queryset, name, value):
        return queryset.filter(strategy_id__in=self.subtree(Strategy, value))

    def filter_region(self, queryset, name, value):
        tagged = Evidence.objects.filter(regions__in=self.subtree(Region, value)).values("pk")
        return queryset.filter(pk__in=tagged)

    def filter_region_given(self, queryset, name, value):
        # A claim tagged only with hidden regions gives no region the public may see.
        placed = Evidence.objects.filter(regions__in=list(self.tree(Region).nodes)).values("pk")
        return queryset.exclude(pk__in=placed)

    def filter_source(self, queryset, name, value):
        sources = self.filters[name].records(value)
        cited = EvidencePassage.objects.published().filter(passage__source__in=sources).values("evidence_id")
        return queryset.filter(pk__in=cited)


class MatrixFilter(PublicFilterSet):
    """The claims a matrix counts: by region (with the regions inside it), organization kind, strategy category."""

    class Rows(django_filters.ChoiceFilter):
        """Which records are the rows; chooses the view, filters nothing."""

        def filter(self, queryset, value):
            return queryset

    ROWS_ORGANIZATIONS = "organizations"
    ROWS_REGIONS = "regions"

    by = Rows(
        choices=[(ROWS_ORGANIZATIONS, _("Organizations")), (ROWS_REGIONS, _("Regions"))],
        label=_("Rows"),
        empty_label=None,
    )
    region = slug_filter(Region.objects.published(), _("Region"), "filter_region")
    kind = django_filters.ChoiceFilter(
        field_name="organization__kind",
        choices=Organization.Kind.choices,
        label=_("Kind of organization"),
        empty_label=_("Any"),
    )
    strategy = slug_filter(Strategy.objects.published(), _("Strategy category"), "filter_strategy")

    class Meta:
        model = Evidence
        fields = ["by", "region", "kind", "strategy"]

    @classmethod
    def base_queryset(cls):
        return Evidence.objects.published()

    def filter_region(self, queryset, name, value):
        tagged = Evidence.objects.filter(regions__in=self.subtree(Region, value)).values("pk")
        return queryset.filter(pk__in=tagged)

    def filter_strategy(self, queryset, name, value):
        return queryset.filter(strategy_id__in=self.subtree(Strategy, value))

    @property
    def rows_choice(self):
        """Return organizations or regions."""
        if self.understood and self.form.cleaned_data.get("by") == self.ROWS_REGIONS:
            return self.ROWS_REGIONS
        return self.ROWS_ORGANIZATIONS
