"""Pieces shared by the content models of every app."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

# The language of a passage or a name: one of the site's languages, settings.LANGUAGES.
Language = models.TextChoices("Language", [(code.upper(), (code, name)) for code, name in settings.LANGUAGES])


class PublicQuerySet(models.QuerySet):
    """Reads shared by every record the public site may show."""

    def published(self):
        """Return the records the public may see: published and not sensitive."""
        return self.filter(published=True, sensitive=False)


class PublicRecord(models.Model):
    """A record with a slug and the two flags that decide whether the public sees it."""

    published = models.BooleanField(
        _("published"),
        default=False,
        db_index=True,
        help_text=_("Shown on the public site, in search and in CSV exports once reviewed."),
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        db_index=True,
        help_text=_("Never shown to the public, even when published: it could put someone at risk."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        """Say whether the public may see this record."""
        return self.published and not self.sensitive


class SearchLexemeTop(models.Model):
    """The best-ranked rows of one searchable model for one frequent word (PostgreSQL; `search_refresh_top`).

    Ranking every match of a word found in most rows is too slow for a page, so these lists,
    kept by core.search.lexemes, let the search rank a common word's best rows exactly.
    """

    model_label = models.CharField(max_length=100)
    lexeme = models.CharField(max_length=200)
    # Best first, hidden rows included: the query filters them, so publishing needs no refresh.
    ids = ArrayField(models.BigIntegerField())
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model_label", "lexeme"], name="search_lexeme_top_unique")]

    def __str__(self):
        return f"{self.model_label}: {self.lexeme}"
