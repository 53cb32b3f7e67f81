"""The rule that a quote must be the exact words of its passage, in each language."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from advocacy.models import Language

ERROR_QUOTE_NOT_IN_PASSAGE = _("The quote in %(language)s is not in the passage's %(language)s text.")
ERROR_QUOTE_EMPTY = _("Give the quote in at least one language.")
ERROR_PASSAGE_DROPS_QUOTE = _("A claim or relationship quotes “%(quote)s” from this text; change that quote first.")

LANGUAGES = ("ar", "en")


def validate_quote(passage, citation):
    """Raise ValidationError unless each language's quote occurs in the passage's text."""
    quotes = {code: getattr(citation, f"quote_{code}") or "" for code in LANGUAGES}
    if not any(quotes.values()):
        raise ValidationError({"quote_ar": ERROR_QUOTE_EMPTY})
    errors = {}
    for code, quote in quotes.items():
        if quote and quote not in (getattr(passage, f"text_{code}") or ""):
            errors[f"quote_{code}"] = ValidationError(
                ERROR_QUOTE_NOT_IN_PASSAGE, params={"language": Language(code).label}, code="quote_not_in_passage"
            )
    if errors:
        raise ValidationError(errors)


def isolated(text):
    """Return text as a bidirectional isolate, so an English quote reads right inside an Arabic message."""
    return f"\u2068{text}\u2069"


def validate_passage_keeps_quotes(passage):
    """Raise ValidationError if the passage's text no longer holds a quote that a citation makes from it."""
    if passage.pk is None:
        return
    errors = {}
    for citations in (passage.evidence_citations, passage.relationship_citations):
        for quotes in citations.values("quote_ar", "quote_en"):
            for code in LANGUAGES:
                quote = quotes[f"quote_{code}"] or ""
                if quote and quote not in (getattr(passage, f"text_{code}") or ""):
                    errors.setdefault(f"text_{code}", []).append(
                        ValidationError(
                            ERROR_PASSAGE_DROPS_QUOTE, params={"quote": isolated(quote)}, code="passage_drops_quote"
                        )
                    )
    if errors:
        raise ValidationError(errors)
