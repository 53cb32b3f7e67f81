"""Translated fields (ar, en) and change history for the orgs models.

History is registered here, after modeltranslation, so the historical models carry the
per-language columns (a HistoricalRecords() field on the model would lack them).
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history

from core.languages import LANGUAGE_CODES
from core.search.indexing import SEARCH_FIELDS

from .models import Organization, OrganizationName, Region, Relationship, RelationshipPassage


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = LANGUAGE_CODES


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "description", "facts_source", "identification_note")
    required_languages = {code: ("name",) for code in LANGUAGE_CODES}


@register(Relationship)
class RelationshipTranslation(TranslationOptions):
    fields = ("description",)


@register(RelationshipPassage)
class RelationshipPassageTranslation(TranslationOptions):
    fields = ("quote",)


history(Region, m2m_fields=["also_in"], excluded_fields=SEARCH_FIELDS)
history(Organization, m2m_fields=["regions"], excluded_fields=SEARCH_FIELDS)
history(OrganizationName)
history(Relationship)
history(RelationshipPassage)
