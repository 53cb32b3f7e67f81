"""The data dictionary: what every export column (and every API field) means, built from the code.

The dictionary is a list of field sets gathered from providers. Each provider is a function
returning an iterable of field sets; a field set names a table (or an API resource) and its
fields. The exports' provider reads website.data.tables, so the dictionary follows the columns
the files actually hold.

Another set of fields joins with one line: add the provider's dotted path to PROVIDERS (it is
imported when the dictionary is built), or call register_field_sets(provider) once. A provider
may return FieldSet objects, (name, label, fields) or (name, fields) tuples, dicts with name (or
resource), label and fields keys, or a mapping of name to fields; each field a Field, a (name,
label, help text, type, allowed values) tuple, or a dict with those keys. The API's fields are
listed this way, from `website.api.dictionary.api_field_sets`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core.csv.resources import translated
from core.csv.writer import join_values
from core.languages import LANGUAGE_CODES

from .tables import TABLES

EXPORT = "export"
API = "api"
KIND_LABELS = {EXPORT: _("Export columns (CSV, XLSX, dataset releases)"), API: _("API fields")}

PROVIDERS = ["website.data.dictionary.export_field_sets", "website.api.dictionary.api_field_sets"]
_registered = []


def register_field_sets(provider):
    """Add a provider of field sets to the dictionary (a function returning an iterable of field sets)."""
    if provider not in _registered:
        _registered.append(provider)


@dataclass(frozen=True)
class Field:
    """One column or field: machine name, label, meaning, type in words, allowed (value, label) pairs."""

    name: str
    label: str
    description: str
    type: str
    allowed: tuple = ()


@dataclass(frozen=True)
class FieldSet:
    """The fields of one table or API resource."""

    key: str
    title: str
    fields: list
    kind: str = EXPORT
    description: str = ""
    # The page whose downloads hold these columns, by URL name.
    url_name: str | None = None

    @property
    def anchor(self):
        return f"{self.kind}-{self.key}"


def export_field_sets():
    """Return a field set per exported table, its columns described from the models and resources."""
    return [
        FieldSet(
            key=table.key,
            title=table.title,
            description=table.description,
            url_name=table.url_name,
            fields=[
                Field(column.name, column.label, column.description, column.type_label, tuple(column.choices))
                for column in table.columns()
            ],
        )
        for table in TABLES
    ]


def _field(item):
    if isinstance(item, Field):
        return item
    if isinstance(item, Mapping):
        values = [item.get(key) for key in ("name", "label", "help_text", "type", "allowed_values")]
        values[2] = values[2] or item.get("description")
    else:
        values = list(item) + [None] * (5 - len(item))
    name, label, description, kind, allowed = values[:5]
    if isinstance(allowed, Mapping):
        allowed = allowed.items()
    pairs = tuple(choice if isinstance(choice, (tuple, list)) else (choice, choice) for choice in allowed or ())
    return Field(str(name), label or name, description or "", kind or "", pairs)


def _field_sets(provided, kind):
    if isinstance(provided, Mapping):
        provided = list(provided.items())
    for item in provided:
        if isinstance(item, FieldSet):
            yield item
            continue
        if isinstance(item, Mapping):
            key = item.get("key") or item.get("name") or item.get("resource")
            label = item.get("label") or item.get("title") or key
            fields = [_field(each) for each in item.get("fields", ())]
            yield FieldSet(key=str(key), title=label, fields=fields, kind=kind, description=item.get("description", ""))
            continue
        key, *rest = item
        label, fields = (rest[0], rest[1]) if len(rest) > 1 else (key, rest[0])
        yield FieldSet(key=str(key), title=label, fields=[_field(each) for each in fields], kind=kind)


def field_sets():
    """Return every field set of the dictionary: the exports' first, then each registered provider's."""
    providers = [import_string(path) if isinstance(path, str) else path for path in PROVIDERS] + _registered
    sets = []
    for provider in providers:
        kind = EXPORT if provider is export_field_sets else API
        sets.extend(_field_sets(provider(), kind))
    return sets


DICTIONARY_HEADER = [
    "kind",
    "table",
    "column",
    *translated("label"),
    *translated("description"),
    *translated("type"),
    "allowed_values",
    *translated("allowed_labels"),
]


def _both(text):
    values = []
    for code in LANGUAGE_CODES:
        with translation.override(code):
            values.append(str(text))
    return values


def dictionary_rows():
    """Yield the dictionary as rows, each text in both languages (the CSV's `_ar`, `_en` columns)."""
    for each in field_sets():
        for item in each.fields:
            labels = [_both(label) for _value, label in item.allowed]
            yield [
                each.kind,
                each.key,
                item.name,
                *_both(item.label),
                *_both(item.description),
                *_both(item.type),
                join_values(value for value, _label in item.allowed),
                *(join_values(pair[number] for pair in labels) for number in range(len(LANGUAGE_CODES))),
            ]


@dataclass
class Section:
    """The field sets of one kind, for the page."""

    kind: str
    title: str
    sets: list = field(default_factory=list)


def sections():
    """Return the field sets grouped by kind (exports, then API), as the page shows them."""
    grouped = {}
    for each in field_sets():
        grouped.setdefault(each.kind, Section(each.kind, KIND_LABELS.get(each.kind, each.kind))).sets.append(each)
    return list(grouped.values())
