"""FilterSet of the source list; CSV exports reuse it."""

import django_filters
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.filters import PublicFilterSet
from core.models import Language
from sources.models import Passage, Source


class SourceFilter(PublicFilterSet):
    """Sources by kind and original language."""

    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices, label=_("Kind"), empty_label=_("Any"))
    original_language = django_filters.ChoiceFilter(
        choices=Language.choices, label=_("Original language"), empty_label=_("Any")
    )

    class Meta:
        model = Source
        fields = ["kind", "original_language"]

    @classmethod
    def base_queryset(cls):
        return Source.objects.published()

    def order(self, queryset):
        return queryset.order_by(F("date").desc(nulls_last=True), "slug")

    def decorate(self, queryset):
        # A correlated count runs only for the rows of the page, through the (source, position) index;
        # grouping every passage of every source costs seconds at a million passages.
        public_passages = (
            Passage.objects.filter(source=OuterRef("pk"), published=True, sensitive=False)
            .order_by()
            .values("source")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return queryset.annotate(passage_count=Coalesce(Subquery(public_passages), 0))
