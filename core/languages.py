"""The site's languages: the one list (settings.LANGUAGES) and one way to read a translated field."""

from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def page_language():
    """Return the page's language code, ar or en (the default language when unknown)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def other_language(language):
    """Return the site's other language."""
    return next(code for code in LANGUAGE_CODES if code != language)


def pick(record, field, language=None):
    """Return (text, language) of a translated field in a language (the page's by default), else the other."""
    language = language or page_language()
    for code in (language, other_language(language)):
        text = getattr(record, f"{field}_{code}", "") or ""
        if text:
            return text, code
    return "", language


def both(record, field):
    """Return a translated field's text in every language, in the order of the list."""
    return [getattr(record, f"{field}_{code}", "") or "" for code in LANGUAGE_CODES]
