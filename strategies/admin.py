"""Curation of strategies and of the evidence that organizations use them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import DEPENDENTS_FIELDSET, PUBLICATION_FIELDSET, CuratedAdmin, DependentsMixin
from sources.citations import CitationInline

from .models import Evidence, EvidencePassage, Strategy
from .resources import EvidenceResource, StrategyResource


@admin.register(Strategy)
class StrategyAdmin(DependentsMixin, CuratedAdmin):
    resource_classes = [StrategyResource]
    list_display = ["name", "slug", "parent", "published", "sensitive"]
    list_filter = ["published", "sensitive", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["slug", "name_ar", "name_en", "description_ar", "description_en"]
    autocomplete_fields = ["parent"]
    rank_fields = ["name_ar", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": [("name_ar", "name_en"), "slug", "parent"]}),
        (_("Description"), {"fields": [("description_ar", "description_en")]}),
        PUBLICATION_FIELDSET,
        DEPENDENTS_FIELDSET,
    ]

    def dependent_groups(self, obj):
        evidence = Evidence.objects.filter(strategy=obj).select_related("organization", "strategy")
        return [(_("Claims"), evidence), (_("Strategies under this one"), Strategy.objects.filter(parent=obj))]


class EvidencePassageInline(CitationInline):
    model = EvidencePassage


@admin.register(Evidence)
class EvidenceAdmin(CuratedAdmin):
    resource_classes = [EvidenceResource]
    # The claim's name already says organization and strategy: separate columns pushed the
    # flags off a 1366 px screen.
    list_display = ["__str__", "status", "published", "sensitive"]
    list_filter = [
        "status",
        "published",
        "sensitive",
        ("strategy", admin.RelatedOnlyFieldListFilter),
        ("regions", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "organization__name_ar",
        "organization__name_en",
        "organization__slug",
        "strategy__name_ar",
        "strategy__name_en",
        "strategy__slug",
        "summary_ar",
        "summary_en",
    ]
    autocomplete_fields = ["organization", "strategy", "regions"]
    list_select_related = ["organization", "strategy"]
    inlines = [EvidencePassageInline]
    fieldsets = [
        (None, {"fields": ["organization", "strategy", "regions", "status", ("period_start", "period_end")]}),
        (_("Summary"), {"fields": [("summary_ar", "summary_en")]}),
        (
            _("Editors' note on the status (required when disputed)"),
            {
                "fields": [
                    ("status_note_ar", "status_note_en"),
                    ("status_source_ar", "status_source_en"),
                    ("status_source_date", "status_source_url"),
                ]
            },
        ),
        PUBLICATION_FIELDSET,
    ]
