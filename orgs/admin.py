"""Curation of organizations, regions and relationships."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.admin import DEPENDENTS_FIELDSET, PUBLICATION_FIELDSET, CuratedAdmin, DependentsMixin
from core.locking import LockedInlineMixin
from sources.citations import CitationInline

from .models import Organization, OrganizationName, Region, Relationship, RelationshipPassage
from .resources import OrganizationResource, RegionResource, RelationshipResource


def claims(record):
    """Return the claims of an organization or a region (the strategies app's), with what their names need."""
    return record.evidence.select_related("organization", "strategy")


class OrganizationNameInline(LockedInlineMixin, admin.TabularInline):
    model = OrganizationName
    extra = 0
    fields = ["name", "kind", "language", "used_until"]


@admin.register(Region)
class RegionAdmin(DependentsMixin, CuratedAdmin):
    resource_classes = [RegionResource]
    list_display = ["name", "slug", "kind", "parent", "iso_code", "published", "sensitive"]
    list_filter = ["kind", "published", "sensitive", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["slug", "name_ar", "name_en", "iso_code"]
    rank_fields = ["name_ar", "name_en", "iso_code"]
    autocomplete_fields = ["parent", "also_in"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": [("name_ar", "name_en"), "slug", "kind", "parent", "also_in", "iso_code"]}),
        PUBLICATION_FIELDSET,
        DEPENDENTS_FIELDSET,
    ]

    def dependent_groups(self, obj):
        return [
            (_("Claims in this region"), claims(obj)),
            (_("Organizations based here"), Organization.objects.filter(country=obj)),
        ]


@admin.register(Organization)
class OrganizationAdmin(DependentsMixin, CuratedAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name", "slug", "kind", "country", "published", "sensitive", "updated_at"]
    list_filter = [
        "kind",
        "published",
        "sensitive",
        ("country", admin.RelatedOnlyFieldListFilter),
        ("regions", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["slug", "name_ar", "name_en", "other_names__name", "description_ar", "description_en"]
    autocomplete_fields = ["country", "regions"]
    rank_fields = ["name_ar", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [OrganizationNameInline]
    fieldsets = [
        (None, {"fields": [("name_ar", "name_en"), "slug", "kind"]}),
        (_("Description"), {"fields": [("description_ar", "description_en")]}),
        (
            _("General facts"),
            {
                "fields": [
                    "country",
                    "regions",
                    "website",
                    "founded",
                    ("facts_source_ar", "facts_source_en"),
                    "identification",
                    ("identification_note_ar", "identification_note_en"),
                ]
            },
        ),
        PUBLICATION_FIELDSET,
        DEPENDENTS_FIELDSET,
    ]

    def dependent_groups(self, obj):
        relationships = Relationship.objects.filter(Q(subject=obj) | Q(target=obj)).select_related("subject", "target")
        return [(_("Claims"), claims(obj)), (_("Relationships"), relationships)]

    def name_matches(self, term):
        """Count an acronym, alias or former name that starts with the term as a name that does."""
        starts, words = super().name_matches(term)
        aliases = OrganizationName.objects.filter(organization=OuterRef("pk"))
        starts |= Q(Exists(aliases.filter(name__istartswith=term)))
        words |= Q(Exists(aliases.filter(name__icontains=f" {term}")))
        return starts, words


class RelationshipPassageInline(CitationInline):
    model = RelationshipPassage


@admin.register(Relationship)
class RelationshipAdmin(CuratedAdmin):
    resource_classes = [RelationshipResource]
    list_display = ["__str__", "subject", "kind", "target", "published", "sensitive"]
    list_filter = ["kind", "published", "sensitive"]
    search_fields = [
        "subject__name_ar",
        "subject__name_en",
        "target__name_ar",
        "target__name_en",
        "subject__slug",
        "target__slug",
    ]
    autocomplete_fields = ["subject", "target"]
    list_select_related = ["subject", "target"]
    inlines = [RelationshipPassageInline]
    fieldsets = [
        (None, {"fields": ["subject", "kind", "target"]}),
        (_("Description"), {"fields": [("description_ar", "description_en")]}),
        PUBLICATION_FIELDSET,
    ]
