"""The rule that a quote must be the exact words of its passage, in each language."""

from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.languages import LANGUAGE_CODES
from core.models import Language
from core.search.normalize import display_words, tokens

ERROR_QUOTE_NOT_IN_PASSAGE = _("The quote in %(language)s is not in the passage's %(language)s text.")
ERROR_QUOTE_EMPTY = _("Give the quote in at least one language.")
ERROR_QUOTE_NEAREST = _("The nearest exact words in the passage: “%(suggestion)s”")
ERROR_PASSAGE_DROPS_QUOTE = _("A claim or relationship quotes “%(quote)s” from this text; change that quote first.")

# A window of the passage is suggested for a quote that is not the same words only when this
# share of their words agree (difflib's ratio), so unrelated text is never offered.
NEAREST_MIN_RATIO = 0.75


def nearest_span(text, quote):
    """Return the exact words of the text nearest to the quote, ignoring diacritics, case and punctuation."""
    wanted = tokens(quote)
    if not wanted or not text:
        return ""
    # One entry per token, with the bounds of the displayed word it comes from.
    words = [(start, end, token) for start, end, found in display_words(text) for token in found]
    found = [token for _start, _end, token in words]
    size = len(wanted)
    best, best_ratio = None, NEAREST_MIN_RATIO
    for first in range(len(found) - size + 1):
        window = found[first : first + size]
        if window == wanted:
            best = first
            break
        ratio = SequenceMatcher(None, wanted, window, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = first, ratio
    if best is None:
        return ""
    return text[words[best][0] : words[best + size - 1][1]]


def validate_quote(passage, citation):
    """Raise ValidationError unless each language's quote occurs in the passage's text."""
    quotes = {code: getattr(citation, f"quote_{code}") or "" for code in LANGUAGE_CODES}
    if not any(quotes.values()):
        raise ValidationError({"quote_ar": ERROR_QUOTE_EMPTY})
    errors = {}
    for code, quote in quotes.items():
        text = getattr(passage, f"text_{code}")
        if quote and not (text and quote in text):
            found = [ValidationError(ERROR_QUOTE_NOT_IN_PASSAGE, params={"language": Language(code).label})]
            suggestion = nearest_span(text, quote)
            if suggestion and suggestion != quote:
                found.append(ValidationError(ERROR_QUOTE_NEAREST, params={"suggestion": suggestion}, code="nearest"))
            errors[f"quote_{code}"] = found
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
            for code in LANGUAGE_CODES:
                quote, text = quotes[f"quote_{code}"], getattr(passage, f"text_{code}")
                if quote and not (text and quote in text):
                    errors.setdefault(f"text_{code}", []).append(
                        ValidationError(ERROR_PASSAGE_DROPS_QUOTE, params={"quote": isolated(quote)})
                    )
    if errors:
        raise ValidationError(errors)
