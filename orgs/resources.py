"""CSV columns of regions and organizations (export and import)."""

import re

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from core.csv.columns import TEXT
from core.csv.resources import IntegerWidget, KnowledgeBaseResource, SlugForeignKeyWidget, SlugManyToManyWidget
from core.csv.writer import join_values, split_values

from .models import Organization, OrganizationName, Region, Relationship

ERROR_OTHER_NAME_FORMAT = _(
    "“%(value)s” is not an other name: write it as “Name [kind language year]”, "
    "kind one of alias, acronym, former, such as “IGLHRC [former en 2015]”."
)

# "IGLHRC [former en 2015]": the name, then its kind, language and last year in brackets.
OTHER_NAME = re.compile(
    r"^(?P<name>.+?)(?:\s*\[(?P<kind>[a-z]+)(?:\s+(?P<language>ar|en))?(?:\s+(?P<until>\d{4}))?\])?$"
)


def other_name_text(other):
    """Write one other name as `Name [kind language year]`."""
    details = " ".join(str(part) for part in (other.kind, other.language, other.used_until) if part)
    return f"{other.name} [{details}]"


def other_name_parse(text):
    """Read `Name [kind language year]` back as a dict, or raise ValueError."""
    match = OTHER_NAME.match(text.strip())
    kinds = set(OrganizationName.Kind.values)
    if not match or (match["kind"] and match["kind"] not in kinds):
        raise ValueError(ERROR_OTHER_NAME_FORMAT % {"value": text})
    return {
        "name": match["name"].strip(),
        "kind": match["kind"] or OrganizationName.Kind.ALIAS,
        "language": match["language"] or "",
        "used_until": int(match["until"]) if match["until"] else None,
    }


class RegionResource(KnowledgeBaseResource):
    parent = Field(attribute="parent", column_name="parent", widget=SlugForeignKeyWidget(Region))
    also_in = Field(attribute="also_in", column_name="also_in", widget=SlugManyToManyWidget(Region))
    required_translations = ("name",)
    column_notes = {
        "name": _("The region's name in each language."),
        "kind": _("What sort of place it is, from the whole world down to a city."),
    }

    class Meta(KnowledgeBaseResource.Meta):
        model = Region
        fields = ["id", "slug", "url", "name_ar", "name_en", "kind", "parent", "also_in", "iso_code"]
        fields += ["published", "sensitive"]
        export_order = fields

    def prepare_export(self, queryset):
        groupings = Region.objects.published() if self.public else Region.objects.all()
        return queryset.select_related("parent").prefetch_related(
            Prefetch("also_in", queryset=groupings.order_by("slug"))
        )

    def dehydrate_also_in(self, region):
        return join_values(grouping.slug for grouping in region.also_in.all())

    def dehydrate_parent(self, region):
        parent = self.public_or_none(region.parent)
        return parent.slug if parent else ""


class OrganizationResource(KnowledgeBaseResource):
    country = Field(attribute="country", column_name="country", widget=SlugForeignKeyWidget(Region))
    regions = Field(attribute="regions", column_name="regions", widget=SlugManyToManyWidget(Region))
    founded = Field(attribute="founded", column_name="founded", widget=IntegerWidget())
    other_names = Field(column_name="other_names")
    required_translations = ("name",)
    children_columns = ("other_names",)
    column_labels = {"other_names": _("Other names")}
    column_types = {"other_names": TEXT}
    column_notes = {
        "name": _("The organization's current name in each language."),
        "other_names": _(
            "Aliases, acronyms and former names, each written as “Name [kind language year]”, "
            "kind one of alias, acronym, former."
        ),
        "kind": _("What sort of actor the organization is."),
        "regions": _("Regions where the organization is active."),
        "website": _("The organization's own website."),
        "founded": _("The year the organization was founded."),
        "description": _("A short description of the organization in each language."),
    }

    class Meta(KnowledgeBaseResource.Meta):
        model = Organization
        fields = [
            "id",
            "slug",
            "url",
            "name_ar",
            "name_en",
            "other_names",
            "kind",
            "country",
            "regions",
            "website",
            "founded",
            "description_ar",
            "description_en",
            "facts_source_ar",
            "facts_source_en",
            "identification",
            "identification_note_ar",
            "identification_note_en",
            "published",
            "sensitive",
        ]
        export_order = fields

    def prepare_export(self, queryset):
        regions = Region.objects.published() if self.public else Region.objects.all()
        return queryset.select_related("country").prefetch_related(
            Prefetch("regions", queryset=regions.order_by("slug")), "other_names"
        )

    def dehydrate_country(self, organization):
        country = self.public_or_none(organization.country)
        return country.slug if country else ""

    def dehydrate_regions(self, organization):
        return join_values(region.slug for region in organization.regions.all())

    def dehydrate_other_names(self, organization):
        names = sorted(organization.other_names.all(), key=lambda other: (other.kind, other.name))
        return join_values(other_name_text(other) for other in names)

    def import_children(self, organization, row, errors):
        if "other_names" not in row:
            organization._csv_other_names = None
            return
        wanted = []
        for text in split_values(row["other_names"]):
            try:
                wanted.append(other_name_parse(text))
            except ValueError as error:
                errors.setdefault("other_names", []).append(str(error))
        organization._csv_other_names = wanted

    def import_preload(self, pks):
        super().import_preload(pks)
        stored = self.__dict__.setdefault("_stored_other_names_of", {})
        for pk in pks:
            stored[pk] = []
        names = OrganizationName.objects.filter(organization_id__in=pks)
        for values in names.values("organization_id", "name", "kind", "language", "used_until"):
            stored[values.pop("organization_id")].append(values)

    def _stored_other_names(self, organization):
        if organization.pk is None:
            return []
        preloaded = self.__dict__.get("_stored_other_names_of", {})
        if organization.pk in preloaded:
            return preloaded[organization.pk]
        return list(organization.other_names.values("name", "kind", "language", "used_until"))

    def children_changed(self, organization):
        wanted = getattr(organization, "_csv_other_names", None)
        if wanted is None:
            return False
        key = lambda item: item["name"]  # noqa: E731
        return sorted(wanted, key=key) != sorted(self._stored_other_names(organization), key=key)

    def save_children(self, organization):
        wanted = getattr(organization, "_csv_other_names", None)
        if wanted is None:
            return
        by_name = {item["name"]: item for item in wanted}
        for other in organization.other_names.all():
            item = by_name.pop(other.name, None)
            if item is None:
                other.delete()
                continue
            if (other.kind, other.language, other.used_until) != (item["kind"], item["language"], item["used_until"]):
                other.kind, other.language, other.used_until = item["kind"], item["language"], item["used_until"]
                other.full_clean(exclude=["organization"])
                other.save()
        for item in by_name.values():
            other = OrganizationName(organization=organization, **item)
            try:
                other.full_clean(exclude=["organization"])
            except ValidationError as error:
                raise ValidationError({"other_names": error.messages}) from None
            other.save()
        # The next rows about this organization compare with what is stored now.
        self.__dict__.get("_stored_other_names_of", {}).pop(organization.pk, None)


class RelationshipResource(KnowledgeBaseResource):
    """Typed links between organizations; their citations are curated in the admin, not by CSV."""

    subject = Field(attribute="subject", column_name="subject", widget=SlugForeignKeyWidget(Organization))
    target = Field(attribute="target", column_name="target", widget=SlugForeignKeyWidget(Organization))
    column_notes = {
        "subject": _("The organization the relationship starts from."),
        "kind": _("How the first organization relates to the other: the relationship reads “subject kind target”."),
        "target": _("The organization the relationship points to."),
        "description": _("What the relationship is, in the editors' words."),
    }

    class Meta(KnowledgeBaseResource.Meta):
        model = Relationship
        import_id_fields = ("subject", "kind", "target")
        fields = [
            "id",
            "url",
            "subject",
            "kind",
            "target",
            "description_ar",
            "description_en",
            "published",
            "sensitive",
        ]
        export_order = fields

    def prepare_export(self, queryset):
        return queryset.select_related("subject", "target")
