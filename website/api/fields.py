"""The API's own field types: a text in every language, a page in every language, a public related record."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.languages import LANGUAGE_CODES

TRANSLATED_SCHEMA = {
    "type": "object",
    "properties": {code: {"type": "string"} for code in LANGUAGE_CODES},
    "required": list(LANGUAGE_CODES),
    "additionalProperties": False,
}
PAGES_SCHEMA = {
    "type": "object",
    "properties": {code: {"type": "string", "format": "uri"} for code in LANGUAGE_CODES},
    "required": list(LANGUAGE_CODES),
    "additionalProperties": False,
}


@extend_schema_field(TRANSLATED_SCHEMA)
class TranslatedField(serializers.Field):
    """A translated model field as {"ar": text, "en": text}; a missing translation is an empty string."""

    def __init__(self, base=None, **kwargs):
        self.base = base
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, record):
        base = self.base or self.field_name
        return {code: getattr(record, f"{base}_{code}", "") or "" for code in LANGUAGE_CODES}


@extend_schema_field(PAGES_SCHEMA)
class PagesField(serializers.Field):
    """The record's page on the site in every language, as absolute URLs."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        kwargs.setdefault("label", _("pages"))
        kwargs.setdefault("help_text", _("The record's page on the public site, in each language."))
        super().__init__(**kwargs)

    def to_representation(self, record):
        request = self.context.get("request")
        pages = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                path = record.get_absolute_url()
            pages[code] = request.build_absolute_uri(path) if request is not None else path
        return pages


class PublicRef(serializers.Serializer):
    """A related record named by id, slug and name; null when the public may not see it."""

    def get_attribute(self, instance):
        record = super().get_attribute(instance)
        if record is None or not getattr(record, "is_public", True):
            return None
        return record
