"""The language of the page being served."""

from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def page_language():
    """Return the page's language code, ar or en (the default language when unknown)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE
