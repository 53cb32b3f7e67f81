"""Strategies (tactics, in a tree) and the evidence that an organization uses one."""

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PublicRecord
from core.search.indexing import PublicSearchQuerySet, Searchable, SearchIndexed
from core.trees import TreeNode
from orgs.models import Region
from sources.models import Citation

ERROR_STRATEGY_OWN_ANCESTOR = _("A strategy cannot be inside itself.")
ERROR_PERIOD_ORDER = _("The period cannot end before it starts.")
ERROR_DISPUTED_NEEDS_NOTE = _(
    "A disputed claim needs the editors' note in both languages: what contradicts it, the public "
    "source that says so, that source's date and a link to it."
)
ERROR_NOTE_FIELD_REQUIRED = _("Required for a disputed claim.")

# The fields a disputed claim must fill: the note and source in both languages, date and link.
DISPUTE_FIELDS = (
    "status_note_ar",
    "status_note_en",
    "status_source_ar",
    "status_source_en",
    "status_source_date",
    "status_source_url",
)


def _filled(name):
    if name == "status_source_date":
        return Q(**{f"{name}__isnull": False})
    return Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""})


class Strategy(TreeNode, SearchIndexed, PublicRecord):
    """A tactic, in a tree of categories (Public awareness > Social media campaigns)."""

    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Stable ASCII identifier used in URLs.")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The broader strategy this one belongs to."),
    )

    own_ancestor_error = ERROR_STRATEGY_OWN_ANCESTOR
    objects = PublicSearchQuerySet.as_manager()

    searchable = Searchable(
        key="strategy",
        label=_("Strategies"),
        order=1,
        title=("name",),
        document=("description",),
        snippets=("description",),
        suggested=True,
        used_by="evidence.organization",
        used_by_label=_("Used by:"),
    )

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        permissions = [
            ("publish_strategy", _("Can publish strategies")),
            ("import_strategy", _("Can import strategies from CSV")),
        ]
        ordering = ["slug"]
        indexes = [GinIndex(fields=["search_vector"], name="strategy_search_vector")]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="strategy_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("strategy-detail", kwargs={"slug": self.slug})


class EvidenceQuerySet(PublicSearchQuerySet):
    def published(self):
        """Return claims the public may see: the claim, its organization and strategy public."""
        return (
            super()
            .published()
            .filter(
                organization__published=True,
                organization__sensitive=False,
                strategy__published=True,
                strategy__sensitive=False,
            )
        )

    def for_display(self):
        """Add what a claim shows: organization, strategy, public regions and public quotes (3 queries)."""
        return self.select_related("organization", "strategy").prefetch_related(
            Prefetch("regions", queryset=Region.objects.published()),
            Prefetch("citations", queryset=EvidencePassage.objects.published().in_source_order()),
        )


class Evidence(SearchIndexed, PublicRecord):
    """A claim: organization O uses strategy S (in regions R), backed by quoted passages."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported by the source")
        CORROBORATED = "corroborated", _("Corroborated")
        DISPUTED = "disputed", _("Disputed")

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="evidence"
    )
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="evidence"
    )
    regions = models.ManyToManyField("orgs.Region", verbose_name=_("regions"), blank=True, related_name="evidence")
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.REPORTED, db_index=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("The claim in a sentence, in each language."))
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    status_note = models.TextField(
        _("editors' note on the status"),
        blank=True,
        help_text=_("For a disputed claim: what contradicts it, in the editors' words. Required when disputed."),
    )
    status_source = models.CharField(
        _("source of the note"),
        max_length=300,
        blank=True,
        help_text=_("The named public source that contradicts the claim (court, report, publisher)."),
    )
    status_source_date = models.DateField(
        _("date of that source"), null=True, blank=True, help_text=_("When that source was published or decided.")
    )
    status_source_url = models.URLField(_("link to that source"), blank=True)
    passages = models.ManyToManyField(
        "sources.Passage",
        verbose_name=_("passages"),
        through="EvidencePassage",
        related_name="evidence",
        blank=True,
    )

    objects = EvidenceQuerySet.as_manager()

    # Found by who, what and where (a region or the one around it) and by its words and quotes, in both languages.
    # The names are the body's, not a title's: the organization or strategy itself ranks above the claims naming it.
    searchable = Searchable(
        key="claim",
        label=_("Claims"),
        order=5,
        document=(
            "organization.name",
            "organization.other_names.name",
            "strategy.name",
            "regions.name",
            "regions.parent.name",
            "summary",
            "citations.quote",
        ),
        shown_title=("organization.name", "strategy.name"),
        snippets=("summary",),
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        permissions = [
            ("publish_evidence", _("Can publish evidence")),
            ("import_evidence", _("Can import evidence from CSV")),
        ]
        ordering = ["organization", "strategy"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "strategy"], name="evidence_unique_claim"),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="evidence_period_in_order",
            ),
            # The translated columns (status_note_ar, ...) are added by modeltranslation.
            models.CheckConstraint(
                condition=~Q(status="disputed")
                | (
                    _filled("status_note_ar")
                    & _filled("status_note_en")
                    & _filled("status_source_ar")
                    & _filled("status_source_en")
                    & _filled("status_source_date")
                    & _filled("status_source_url")
                ),
                name="evidence_disputed_has_note",
            ),
        ]
        indexes = [
            models.Index(fields=["strategy", "organization"], name="evidence_strategy_org_idx"),
            GinIndex(fields=["search_vector"], name="evidence_search_vector"),
        ]

    def __str__(self):
        return f"{self.organization} → {self.strategy}"

    def get_absolute_url(self):
        return reverse("evidence-detail", kwargs={"pk": self.pk})

    @property
    def is_disputed(self):
        return self.status == self.Status.DISPUTED

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": ERROR_PERIOD_ORDER})
        if self.is_disputed:
            missing = [name for name in DISPUTE_FIELDS if getattr(self, name, None) in (None, "")]
            if missing:
                errors = {name: ERROR_NOTE_FIELD_REQUIRED for name in missing}
                errors["status"] = ERROR_DISPUTED_NEEDS_NOTE
                raise ValidationError(errors)


class EvidencePassage(Citation):
    """A passage supporting a claim, with the exact words that say so."""

    evidence = models.ForeignKey(
        Evidence, verbose_name=_("evidence"), on_delete=models.CASCADE, related_name="citations"
    )
    passage = models.ForeignKey(
        "sources.Passage", verbose_name=_("passage"), on_delete=models.PROTECT, related_name="evidence_citations"
    )

    class Meta:
        verbose_name = _("evidence passage")
        verbose_name_plural = _("evidence passages")
        ordering = ["evidence", "passage"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "passage"], name="evidencepassage_unique"),
        ]

    def __str__(self):
        return f"{self.evidence} — {self.passage}"

    @property
    def mark_id(self):
        """Return the id of the quote's mark on its source's page."""
        return f"q{self.pk}"

    def get_absolute_url(self):
        return f"{self.passage.source.get_absolute_url()}#{self.mark_id}"
