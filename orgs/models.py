"""Organizations, the regions they work in, and the typed links between them."""

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Language, PublicQuerySet, PublicRecord
from core.search.indexing import PublicSearchQuerySet, Searchable, SearchIndexed
from core.trees import TreeNode
from sources.models import Citation

ERROR_REGION_OWN_ANCESTOR = _("A region cannot be inside itself.")
ERROR_SELF_RELATIONSHIP = _("An organization cannot be related to itself.")


class Region(TreeNode, SearchIndexed, PublicRecord):
    """A place in a tree: world > continent or sub-region > country > city."""

    class Kind(models.TextChoices):
        WORLD = "world", _("World")
        CONTINENT = "continent", _("Continent")
        SUBREGION = "subregion", _("Sub-region")
        COUNTRY = "country", _("Country")
        CITY = "city", _("City")

    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Stable ASCII identifier used in URLs.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The larger region this one belongs to."),
    )
    iso_code = models.CharField(
        _("ISO 3166-1 code"), max_length=2, blank=True, help_text=_("Two-letter country code, for countries.")
    )
    also_in = models.ManyToManyField(
        "self",
        verbose_name=_("also in"),
        symmetrical=False,
        blank=True,
        related_name="also_contains",
        help_text=_(
            "Other groupings this region belongs to besides the one it sits inside (Ukraine: in Europe as well "
            "as in Eurasia). Filters, counts and the matrix include it under each."
        ),
    )

    own_ancestor_error = ERROR_REGION_OWN_ANCESTOR
    objects = PublicSearchQuerySet.as_manager()

    searchable = Searchable(
        key="region",
        label=_("Regions"),
        order=2,
        title=("name",),
        title_codes=("iso_code",),
        used_by="evidence.organization",
        used_by_label=_("Organizations at work here:"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        permissions = [
            ("publish_region", _("Can publish regions")),
            ("import_region", _("Can import regions from CSV")),
        ]
        ordering = ["slug"]
        indexes = [GinIndex(fields=["search_vector"], name="region_search_vector")]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="region_not_own_parent"),
            models.UniqueConstraint(fields=["iso_code"], condition=~Q(iso_code=""), name="region_unique_iso_code"),
            models.CheckConstraint(
                condition=Q(iso_code="") | Q(iso_code__regex=r"^[A-Z]{2}$"), name="region_iso_code_format"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("region-detail", kwargs={"slug": self.slug})


class Identification(models.TextChoices):
    """How sure the editors are that a name in the sources is a known organization."""

    AS_NAMED = "as_named", _("As the source names it")
    CERTAIN = "certain", _("Identified by the editors: certain")
    PROBABLE = "probable", _("Identified by the editors: probable")
    UNVERIFIED = "unverified", _("Not matched to a known organization")


class OrganizationQuerySet(PublicSearchQuerySet):
    def region_pairs(self):
        """Return [(organization id, region id)] of where these organizations are active or based (2 queries)."""
        ids = self.values("pk")
        active = self.model.regions.through.objects.filter(organization_id__in=ids)
        pairs = list(active.values_list("organization_id", "region_id"))
        return pairs + list(self.filter(country__isnull=False).values_list("pk", "country_id"))


class Organization(SearchIndexed, PublicRecord):
    """Any actor: an NGO, a grassroots group, an intergovernmental body, a platform, an event."""

    Identification = Identification

    class Kind(models.TextChoices):
        INTERNATIONAL_NGO = "international_ngo", _("International NGO")
        NATIONAL_NGO = "national_ngo", _("National NGO")
        GRASSROOTS = "grassroots", _("Grassroots group")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
        COLLECTIVE = "collective", _("Activist collective")
        ONLINE_PLATFORM = "online_platform", _("Online platform")
        EVENT = "event", _("Recurring event")
        COUNTER_MOVEMENT = "counter_movement", _("Counter-movement")

    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Stable ASCII identifier used in URLs.")
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, db_index=True)
    country = models.ForeignKey(
        Region,
        verbose_name=_("based in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="based_organizations",
        help_text=_("Where the organization has its seat."),
    )
    regions = models.ManyToManyField(Region, verbose_name=_("active in"), blank=True, related_name="organizations")
    website = models.URLField(_("website"), blank=True)
    founded = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    facts_source = models.TextField(
        _("source of the general facts"),
        blank=True,
        help_text=_("Where the name, seat, website and founding year come from, when no passage says so."),
    )
    identification = models.CharField(
        _("identification"),
        max_length=20,
        choices=Identification,
        default=Identification.AS_NAMED,
        help_text=_("How sure the editors are that the name in the sources is this organization."),
    )
    identification_note = models.TextField(
        _("editors' note on the identification"),
        blank=True,
        help_text=_("What the sources call it and why the editors link that name to this organization, or not."),
    )

    objects = OrganizationQuerySet.as_manager()

    searchable = Searchable(
        key="organization",
        label=_("Organizations"),
        order=0,
        title=("name", "other_names.name"),
        other_names="other_names",
        document=("description",),
        snippets=("description",),
        suggested=True,
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        permissions = [
            ("publish_organization", _("Can publish organizations")),
            ("import_organization", _("Can import organizations from CSV")),
        ]
        ordering = ["slug"]
        indexes = [GinIndex(fields=["search_vector"], name="organization_search_vector")]
        constraints = [
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | Q(founded__gte=1800, founded__lte=2100),
                name="organization_founded_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organization-detail", kwargs={"slug": self.slug})


class OrganizationName(models.Model):
    """Another name an organization is known by: an acronym, a translation, or a former name."""

    class Kind(models.TextChoices):
        ALIAS = "alias", _("Alias")
        ACRONYM = "acronym", _("Acronym")
        FORMER = "former", _("Former name")

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="other_names"
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.ALIAS)
    language = models.CharField(_("language"), max_length=2, choices=Language, blank=True)
    used_until = models.PositiveSmallIntegerField(
        _("used until (year)"), null=True, blank=True, help_text=_("For a former name: the year it was dropped.")
    )

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        ordering = ["organization", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="organizationname_unique_per_organization"),
            models.CheckConstraint(condition=~Q(name=""), name="organizationname_not_empty"),
        ]

    def __str__(self):
        return self.name


class RelationshipQuerySet(PublicQuerySet):
    def published(self):
        """Return links the public may see: the link and both organizations public."""
        return (
            super()
            .published()
            .filter(
                subject__published=True,
                subject__sensitive=False,
                target__published=True,
                target__sensitive=False,
            )
        )


class Relationship(PublicRecord):
    """A typed link from one organization to another, backed by passages."""

    class Kind(models.TextChoices):
        COLLABORATES_WITH = "collaborates_with", _("collaborates with")
        MEMBER_OF = "member_of", _("is a member of")
        FUNDS = "funds", _("funds")
        RENAMED_TO = "renamed_to", _("was renamed to")
        OPPOSES = "opposes", _("opposes")

    subject = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="relationships_out"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, db_index=True)
    target = models.ForeignKey(
        Organization, verbose_name=_("other organization"), on_delete=models.PROTECT, related_name="relationships_in"
    )
    description = models.TextField(_("description"), blank=True)
    passages = models.ManyToManyField(
        "sources.Passage",
        verbose_name=_("passages"),
        through="RelationshipPassage",
        related_name="relationships",
        blank=True,
    )

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        permissions = [
            ("publish_relationship", _("Can publish relationships")),
            ("import_relationship", _("Can import relationships from CSV")),
        ]
        ordering = ["subject", "kind", "target"]
        constraints = [
            models.CheckConstraint(condition=~Q(subject=F("target")), name="relationship_not_self"),
            models.UniqueConstraint(fields=["subject", "kind", "target"], name="relationship_unique"),
        ]

    def __str__(self):
        return f"{self.subject} {self.get_kind_display()} {self.target}"

    def get_absolute_url(self):
        return self.subject.get_absolute_url()

    def clean(self):
        if self.subject_id is not None and self.subject_id == self.target_id:
            raise ValidationError(ERROR_SELF_RELATIONSHIP)


class RelationshipPassage(Citation):
    """A passage backing a relationship, with the exact words that say so."""

    relationship = models.ForeignKey(
        Relationship, verbose_name=_("relationship"), on_delete=models.CASCADE, related_name="citations"
    )
    passage = models.ForeignKey(
        "sources.Passage", verbose_name=_("passage"), on_delete=models.PROTECT, related_name="relationship_citations"
    )

    class Meta:
        verbose_name = _("relationship passage")
        verbose_name_plural = _("relationship passages")
        ordering = ["relationship", "passage"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "passage"], name="relationshippassage_unique"),
        ]

    def __str__(self):
        return f"{self.relationship} — {self.passage}"
