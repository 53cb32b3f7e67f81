"""Source documents and their ordered passages."""

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from advocacy.models import Language, PublicRecord
from advocacy.search.backends import SearchQuerySetMixin
from advocacy.search.indexing import PublicSearchQuerySet, SearchIndexed


class Source(SearchIndexed, PublicRecord):
    """A document: an essay, a report, an article; with the research question it answers."""

    class Kind(models.TextChoices):
        ESSAY = "essay", _("Essay")
        REPORT = "report", _("Report")
        ARTICLE = "article", _("Article")
        BOOK = "book", _("Book")
        WEB_PAGE = "web_page", _("Web page")
        INTERVIEW = "interview", _("Interview")
        OTHER = "other", _("Other")

    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("Stable ASCII identifier used in URLs.")
    )
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, db_index=True)
    author = models.CharField(_("author or publisher"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("URL"), blank=True, max_length=500)
    original_language = models.CharField(_("original language"), max_length=2, choices=Language)
    research_question = models.TextField(_("research question"), blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Provenance and how the source was curated."))

    objects = PublicSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [("publish_source", _("Can publish sources"))]
        ordering = ["slug"]
        indexes = [GinIndex(fields=["search_vector"], name="source_search_vector")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("source-detail", kwargs={"slug": self.slug})


class PassageQuerySet(SearchQuerySetMixin, models.QuerySet):
    def published(self):
        """Return passages the public may see: not sensitive, in a public source."""
        return self.filter(sensitive=False, source__published=True, source__sensitive=False)


class Passage(SearchIndexed, models.Model):
    """An ordered excerpt of a source, in its original language and in translation.

    A passage is published with its source; it has no flag of its own but `sensitive`.
    """

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("Paragraph")
        QUESTION = "question", _("Research question")
        ANSWER = "answer", _("Answer")

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField(_("position"), help_text=_("Order in the source, from 1."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PARAGRAPH)
    text = models.TextField(_("text"))
    original_language = models.CharField(
        _("original language"),
        max_length=2,
        choices=Language,
        help_text=_("The language the passage was written in; the other is a translation."),
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Never shown to the public, even in a published source."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PassageQuerySet.as_manager()

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="passage_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="passage_position_from_one"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="passage_search_vector"),
            # Counting public passages (home, source list) reads this index alone, not the wide rows.
            models.Index(fields=["source"], condition=Q(sensitive=False), name="passage_public_source_idx"),
        ]

    def __str__(self):
        return f"{self.source} §{self.position}"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#p{self.position}"
