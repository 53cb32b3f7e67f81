"""Translated fields (ar, en) and change history for sources and passages.

History is registered here, after modeltranslation, so the historical models carry the
per-language columns.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history

from core.languages import LANGUAGE_CODES
from core.search.indexing import SEARCH_FIELDS

from .models import Passage, Source


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title", "author", "research_question", "notes")
    required_languages = {code: ("title",) for code in LANGUAGE_CODES}


@register(Passage)
class PassageTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = LANGUAGE_CODES


history(Source, excluded_fields=SEARCH_FIELDS)
history(Passage, excluded_fields=SEARCH_FIELDS)
