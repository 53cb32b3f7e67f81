"""The API's fields for the data dictionary, read from the serializers themselves so the two cannot drift.

api_field_sets() gives each resource's fields with their label, meaning, type and allowed values.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .fields import PagesField, TranslatedField
from .views import RESOURCES

# What a field's type is called in the data dictionary, by its serializer class (most specific first).
TYPE_NAMES = [
    (TranslatedField, _("text in each language")),
    (PagesField, _("web address in each language")),
    (serializers.ListSerializer, _("list of records")),
    (serializers.Serializer, _("record")),
    (serializers.ChoiceField, _("code")),
    (serializers.IntegerField, _("whole number")),
    (serializers.DateTimeField, _("date and time (ISO 8601)")),
    (serializers.DateField, _("date (ISO 8601)")),
    (serializers.URLField, _("web address")),
    (serializers.SlugField, _("slug")),
    (serializers.CharField, _("text")),
]


def type_name(field):
    """Return what the data dictionary calls a field's type."""
    for field_class, name in TYPE_NAMES:
        if isinstance(field, field_class):
            return name
    return _("text")


def allowed_values(field):
    """Return [(value, label)] of a field that takes one of a list of codes, else []."""
    if isinstance(field, serializers.ChoiceField):
        return [(value, label) for value, label in field.choices.items()]
    return []


def field_rows(serializer, prefix=""):
    """Yield (name, label, help text, type, allowed values) of a serializer's fields, nested ones as a.b."""
    for name, field in serializer.fields.items():
        full_name = f"{prefix}{name}"
        yield full_name, field.label or name, field.help_text or "", type_name(field), allowed_values(field)
        child = field.child if isinstance(field, serializers.ListSerializer) else field
        if isinstance(child, serializers.Serializer):
            yield from field_rows(child, prefix=f"{full_name}.")


def api_field_sets():
    """Return [(resource, list URL, [(name, label, help text, type, allowed values)])] of each API resource."""
    return [
        (resource.name, reverse(f"api-{resource.path}-list"), list(field_rows(resource.serializer_class())))
        for resource in RESOURCES
    ]
