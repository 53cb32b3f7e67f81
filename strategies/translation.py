"""Translated fields (ar, en) and change history for strategies and evidence.

History is registered here, after modeltranslation, so the historical models carry the
per-language columns.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history

from core.languages import LANGUAGE_CODES
from core.search.indexing import SEARCH_FIELDS

from .models import Evidence, EvidencePassage, Strategy


@register(Strategy)
class StrategyTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {code: ("name",) for code in LANGUAGE_CODES}


@register(Evidence)
class EvidenceTranslation(TranslationOptions):
    fields = ("summary", "status_note", "status_source")


@register(EvidencePassage)
class EvidencePassageTranslation(TranslationOptions):
    fields = ("quote",)


history(Strategy, excluded_fields=SEARCH_FIELDS)
history(Evidence, m2m_fields=["regions"], excluded_fields=SEARCH_FIELDS)
history(EvidencePassage)
