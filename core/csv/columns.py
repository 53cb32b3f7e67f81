"""What each export column means: its label, description, type and allowed values, from the models.

The spreadsheet export labels its columns with these and the data dictionary lists them, so both
follow the columns the CSV actually writes.
"""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.languages import LANGUAGE_CODES

from .writer import JOIN

# The kinds of value a column holds, as the dictionary names them.
TEXT = "text"
INTEGER = "integer"
NUMBER = "number"
DATE = "date"
URL = "url"
SLUG = "slug"
CHOICE = "choice"
BOOLEAN = "boolean"

TYPE_LABELS = {
    TEXT: _("text"),
    INTEGER: _("whole number"),
    NUMBER: _("decimal number"),
    DATE: _("date (YYYY-MM-DD)"),
    URL: _("web address"),
    SLUG: _("identifier (ASCII slug)"),
    CHOICE: _("one of the allowed values"),
    BOOLEAN: _("1 (yes) or 0 (no)"),
}

LANGUAGE_NAMES = {"ar": _("Arabic"), "en": _("English")}


def _in_language(label, language):
    return f"{capfirst(label)} ({LANGUAGE_NAMES[language]})"


in_language = lazy(_in_language, str)


SEVERAL_VALUES = _("%(type)s; several values are joined with “%(join)s”")


def _joined(label):
    return SEVERAL_VALUES % {"type": label, "join": JOIN.strip()}


def _type_label(kind, refers_to, many):
    text = TYPE_LABELS[kind]
    if refers_to is not None:
        text = _("identifier (slug) of: %(model)s") % {"model": refers_to._meta.verbose_name}
    return str(_joined(text) if many else text)


_lazy_type_label = lazy(_type_label, str)


@dataclass(frozen=True)
class Column:
    """One column of an export: its machine name and what a reader needs to understand it."""

    name: str
    label: str
    description: str
    type: str = TEXT
    # (value, label) pairs a choice column may hold.
    choices: tuple = field(default=())
    # Several values in one cell, joined with ` | `.
    many: bool = False
    # The model whose slugs the column holds, for a column that names other records.
    refers_to: object = None

    @property
    def type_label(self):
        """Return the type in words, translated when shown."""
        return _lazy_type_label(self.type, self.refers_to, self.many)


def _field_type(model_field):
    if getattr(model_field, "choices", None):
        return CHOICE
    if isinstance(model_field, models.BooleanField):
        return BOOLEAN
    if isinstance(model_field, (models.IntegerField, models.AutoField)):
        return INTEGER
    if isinstance(model_field, (models.FloatField, models.DecimalField)):
        return NUMBER
    if isinstance(model_field, models.DateField):
        return DATE
    if isinstance(model_field, models.URLField):
        return URL
    if isinstance(model_field, models.SlugField) or model_field.is_relation:
        return SLUG
    return TEXT


def _split_language(name):
    for code in LANGUAGE_CODES:
        if name.endswith(f"_{code}"):
            return name[: -len(code) - 1], code
    return name, None


def resolve_field(model, path):
    """Return (model field, [verbose names of the relations crossed]) of a `a__b` path, or (None, [])."""
    crossed = []
    parts = path.split("__")
    for number, part in enumerate(parts):
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None, []
        if number == len(parts) - 1:
            return model_field, crossed
        model = model_field.related_model
        if model is None:
            return None, []
        crossed.append(model._meta.verbose_name)
    return None, []


def describe(model, name, path=None, *, label=None, description=None, type=None, many=None):
    """Describe column `name` of an export of `model`, read from the model field at `path` (default: name).

    A translated column (`name_ar`) reads its field without the suffix and says which language it
    holds. Given values win over what the field says.
    """
    base, language = _split_language(path or name)
    model_field, crossed = resolve_field(model, base)
    if model_field is None and language:
        model_field, crossed = resolve_field(model, path or name)
        language = None
    if model_field is not None:
        field_label = getattr(model_field, "verbose_name", None) or model_field.related_model._meta.verbose_name
        if crossed:
            field_label = f"{capfirst(crossed[-1])}: {field_label}"
        label = label or (in_language(field_label, language) if language else capfirst(field_label))
        description = description or getattr(model_field, "help_text", "")
        type = type or _field_type(model_field)
        choices = tuple(getattr(model_field, "choices", None) or ())
        related = model_field.related_model if model_field.is_relation else None
        if many is None:
            # A path through a reverse relation reads one related record per row.
            many = model_field.many_to_many and not crossed
    else:
        choices, related = (), None
    return Column(
        name=name,
        label=capfirst(label) if label else name,
        description=description or "",
        type=type or TEXT,
        choices=choices,
        many=bool(many),
        refers_to=related if type == SLUG else None,
    )
