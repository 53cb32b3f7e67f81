"""Source documents and their ordered passages."""

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Language, PublicRecord
from core.search.backends import SearchQuerySetMixin
from core.search.indexing import (
    IndexKeepingQuerySet,
    PublicSearchQuerySet,
    Searchable,
    SearchIndexed,
    WordPairsIndexed,
)

from .quotes import validate_passage_keeps_quotes, validate_quote


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

    searchable = Searchable(
        key="source",
        label=_("Sources"),
        order=3,
        title=("title",),
        document=("author", "research_question"),
        snippets=("research_question", "author"),
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [
            ("publish_source", _("Can publish sources")),
            ("import_source", _("Can import sources from CSV")),
        ]
        ordering = ["slug"]
        indexes = [GinIndex(fields=["search_vector"], name="source_search_vector")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("source-detail", kwargs={"slug": self.slug})


# A source's page shows its passages this many at a time, by position: the page a passage is on
# follows from its position alone, so a link to it needs no query.
PASSAGES_PER_PAGE = 100


def passage_page(position):
    """Return the number of the source page that shows the passage at this position."""
    return (position - 1) // PASSAGES_PER_PAGE + 1


class PassageQuerySet(SearchQuerySetMixin, IndexKeepingQuerySet):
    def published(self):
        """Return passages the public may see: reviewed, not sensitive, in a public source."""
        return self.filter(published=True, sensitive=False, source__published=True, source__sensitive=False)

    def awaiting_review(self):
        """Return passages an editor has not yet published."""
        return self.filter(published=False)


class CitationQuerySet(models.QuerySet):
    """Reads shared by the two kinds of citation (a claim's and a relationship's passages)."""

    def published(self):
        """Return citations the public may read: reviewed, of a passage the public may see."""
        return self.filter(published=True, passage__in=Passage.objects.published())

    def awaiting_review(self):
        """Return citations an editor has not yet published."""
        return self.filter(published=False)

    def in_source_order(self):
        """Return the citations with their passage and source, in the order the sources give them."""
        return self.select_related("passage__source").order_by("passage__source__slug", "passage__position")


def review_flag():
    """Return the flag that keeps a record added inside a published one hidden until an editor publishes it."""
    return models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown to the public once an editor has reviewed it; a curator's addition waits for review."),
    )


class Passage(WordPairsIndexed, SearchIndexed, models.Model):
    """An ordered excerpt of a source, in its original language and in translation.

    The public sees it when its source is public and an editor has published the passage itself
    (a passage a curator adds to a published source waits for review), unless it is sensitive.
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
    published = review_flag()
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Never shown to the public, even in a published source."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PassageQuerySet.as_manager()

    searchable = Searchable(
        key="passage",
        label=_("Passages"),
        order=4,
        document=("text",),
        shown_title="source.title",
        snippets=("text",),
        position="position",
    )

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
            GinIndex(fields=["search_pairs"], name="passage_search_pairs"),
            # Counting public passages (home, source list) reads this index alone, not the wide rows.
            models.Index(
                fields=["source"], condition=Q(published=True, sensitive=False), name="passage_public_source_idx"
            ),
        ]

    def __str__(self):
        return f"{self.source} §{self.position}"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}{self.anchor}"

    @property
    def anchor(self):
        """Return the end of the passage's address on its source's page: that page's number and the passage's id."""
        page = passage_page(self.position)
        return f"{f'?page={page}' if page > 1 else ''}#p{self.position}"

    def clean(self):
        # The database refuses the same edit (passage_keeps_quotes); this names the quotes instead.
        validate_passage_keeps_quotes(self)


class Citation(models.Model):
    """A passage cited by a record (a claim, a relationship), with the exact words that say so.

    A concrete citation adds its foreign key to the citing record and `passage`, with its own
    related name; the database checks the quote too (core/migrations/0002_quote_triggers.py).
    """

    quote = models.TextField(_("quote"), help_text=_("The exact words of the passage, copied character for character."))
    published = review_flag()

    objects = CitationQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return self.passage.get_absolute_url()

    def clean(self):
        if self.passage_id is not None:
            validate_quote(self.passage, self)
