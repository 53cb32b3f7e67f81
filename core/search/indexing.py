"""The stored search documents: which fields each searchable model contributes, and keeping them current.

Every searchable model carries `search_title` (names and titles, weighted high) and
`search_document` (descriptions, passages' text), both normalized by `normalize()` from the
two languages' fields. On PostgreSQL a trigger turns them into the `search_vector` tsvector
('simple' configuration: the tokens are already stems) that a GIN index serves.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps as registry
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import LANGUAGE_CODES, both
from core.models import PublicQuerySet

from .backends import SearchQuerySetMixin
from .normalize import normalize
from .transliterate import sound_keys

SEARCH_FIELDS = ["search_title", "search_document", "search_vector"]
# Every stored search column: no page displays them, and loading them costs (about 1 kB a passage).
STORED_SEARCH_COLUMNS = [*SEARCH_FIELDS, "search_pairs"]


def stored_search_columns(model):
    """Return the stored search columns a model has."""
    names = {field.name for field in model._meta.concrete_fields}
    return [name for name in STORED_SEARCH_COLUMNS if name in names]


class SearchIndexed(models.Model):
    """The normalized text and the stored vector that site-wide search reads."""

    search_title = models.TextField(_("search title"), blank=True, default="", editable=False)
    search_document = models.TextField(_("search document"), blank=True, default="", editable=False)
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)

    class Meta:
        abstract = True


class WordPairsIndexed(models.Model):
    """Each pair of adjacent words of the search text, as a lexeme ("a~b"), with its own GIN index.

    For tables large enough that a phrase of common words must not be checked row by row: every
    word of "human rights campaign" is in most passages, but the pairs human~right and
    right~campaign are in few, so the index finds those rows first and only they are checked
    for the phrase itself (core.search.backends). A PostgreSQL trigger fills it from
    search_title and search_document (sources/migrations/0005_search_pairs.py).
    """

    search_pairs = SearchVectorField(_("search word pairs"), null=True, editable=False)

    class Meta:
        abstract = True


# Fields whose change never alters a record's search text; an update() of these only skips re-indexing.
NOT_INDEXED = {*STORED_SEARCH_COLUMNS, "published", "sensitive", "updated_at", "created_at"}


class IndexKeepingQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes keep the stored search documents true, as save() does."""

    def update(self, **kwargs):
        """Update the rows; re-index them when a field their search text may come from changed."""
        if set(kwargs) <= NOT_INDEXED:
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        search_index_rebuild(models_=[self.model], pks=pks)
        search_dependents_update(model=self.model, pks=pks)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        """Insert the records with their search documents filled, as save() would."""
        objs = list(objs)
        for obj in objs:
            search_fields_fill(obj)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        """Update the records, with their search documents when a field they come from is written."""
        objs, fields = list(objs), list(fields)
        if not set(fields) <= NOT_INDEXED:
            for obj in objs:
                search_fields_fill(obj)
            fields = [*fields, *(name for name in ("search_title", "search_document") if name not in fields)]
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if not set(fields) <= NOT_INDEXED:
            search_dependents_update(model=self.model, pks=[obj.pk for obj in objs])
        return count


class PublicSearchQuerySet(SearchQuerySetMixin, IndexKeepingQuerySet, PublicQuerySet):
    """Published, non-sensitive records that can be searched."""


def public_rows(model):
    """Return the records of a model the public may see (every record of a model without publication)."""
    manager = model._default_manager
    return manager.published() if hasattr(manager, "published") else manager.all()


def columns(model, field):
    """Return the columns of a field: one per language when it is translated, else the field itself."""
    names = {each.name for each in model._meta.concrete_fields}
    translated = [f"{field}_{code}" for code in LANGUAGE_CODES]
    return translated if set(translated) <= names else [field]


def related_texts(record, path):
    """Return the texts a path through related records reaches ("organization.other_names.name"), public ones only."""
    return related_texts_of([record], path).get(record.pk if record.pk is not None else UNSAVED, [])


# The key of a record not saved yet in related_texts_of's answer.
UNSAVED = object()


def related_texts_of(records, path):
    """Return {record pk: the texts path reaches from it}, public records only, for records of one model.

    One query per step but the records' own foreign key, for all the records at once. Each step's
    ids are read before the next step's rows: as one statement, the public checks' joins outnumber
    what the planner orders by cost, and at a million passages it read every public citation to find
    one claim's two (a second a claim). The texts of each record come in the order of their rows' ids.
    A record of a migration's state is read through the live models.
    """
    *steps, field = path.split(".")
    model = registry.get_model(records[0]._meta.label) if records else None
    reached = {}  # record key -> ids reached so far
    for index, step in enumerate(steps):
        relation = model._meta.get_field(step)
        if index == 0 and (relation.many_to_one or (relation.one_to_one and relation.concrete)):
            # The records' own foreign key: known before a record is first saved.
            reached = {_key(record): {getattr(record, relation.attname)} for record in records}
        else:
            if index == 0:
                saved = [record.pk for record in records if record.pk is not None]
                rows, reached = model._base_manager.filter(pk__in=saved), {pk: {pk} for pk in saved}
            else:
                rows = public_rows(model).filter(pk__in=set().union(*reached.values()))
            following = defaultdict(set)
            for pk, found in rows.order_by().values_list("pk", step):
                following[pk].add(found)
            reached = {key: set().union(*(following[pk] for pk in ids)) for key, ids in reached.items()}
        reached = {key: {pk for pk in ids if pk is not None} for key, ids in reached.items()}
        model = relation.related_model
    wanted = set().union(*reached.values()) if reached else set()
    texts = {}
    if wanted:
        for pk, *values in (
            public_rows(model).filter(pk__in=wanted).order_by("pk").values_list("pk", *columns(model, field))
        ):
            texts[pk] = [text for text in values if text]
    return {key: [text for pk in sorted(ids) if pk in texts for text in texts[pk]] for key, ids in reached.items()}


def _key(record):
    return record.pk if record.pk is not None else UNSAVED


@dataclass(frozen=True)
class Searchable:
    """What a model gives site-wide search: the text it is found by, and how a hit on it shows.

    A model is searchable when it inherits SearchIndexed and sets `searchable` to one of these.
    Field names are translated fields (`name` stands for name_ar and name_en) unless said otherwise.
    A name with dots is a path through related records ("organization.name", "regions.parent.name"):
    the public records it reaches give their text, and the record is re-indexed when they change.
    """

    key: str  # the result type, as ?type= names it
    label: str  # the result type's tab
    order: int  # where the type stands among the others, in results and tabs
    title: tuple = ()  # indexed as the title, weighted high
    title_codes: tuple = ()  # untranslated fields indexed with the title (ISO codes)
    # A reverse relation whose `name`s are shown when they match; index them with a path in `title`.
    other_names: str = ""
    document: tuple = ()  # indexed as the body
    # A hit's title (the first title field by default); "source.title" reads a related record; several are joined.
    shown_title: tuple | str = ()
    snippets: tuple = ()  # where a hit's snippet is cut from, best first
    position: str = ""  # an untranslated field shown after the title (a passage's place in its source)
    suggested: bool = False  # offered by name ("did you mean") when a search finds little
    used_by: str = ""  # records listed with a hit, through the claims ("evidence.organization": who uses a strategy)
    used_by_label: str = ""  # what introduces that list ("Used by:")

    @property
    def title_paths(self):
        """Return [(related record's attribute or "", field)] of the shown title, in order."""
        paths = self.shown_title or self.title[:1]
        paths = (paths,) if isinstance(paths, str) else paths
        return [(owner, field) for owner, _dot, field in (path.rpartition(".") for path in paths)]

    @property
    def related_paths(self):
        """Return the indexed paths that go through related records."""
        return [name for name in (*self.title, *self.document) if "." in name]

    def title_owner(self, record, owner=None):
        """Return the record whose field is (the first part of) the hit's title: the record or a related one."""
        owner = self.title_paths[0][0] if owner is None else owner
        return getattr(record, owner) if owner else record

    @staticmethod
    def texts(record, name, related=None):
        """Return the texts of one declared name: a field in every language, or what a related path reaches.

        related, when given, holds the related paths' texts already read ({path: {record pk: texts}}).
        """
        if "." not in name:
            return both(record, name)
        if related is not None:
            return related[name].get(_key(record), [])
        return related_texts(record, name)

    def parts(self, record, related=None):
        """Return (title texts, body texts) of a record, every language."""
        titles = [text for name in self.title for text in self.texts(record, name, related)]
        titles += [getattr(record, name) or "" for name in self.title_codes]
        return titles, [text for name in self.document for text in self.texts(record, name, related)]


def declaration(instance):
    """Return the search declaration of a record's model (of the live model, for migrations' records)."""
    return registry.get_model(instance._meta.label).searchable


def document_parts(instance, related=None):
    """Return (title texts, body texts) of a searchable record, both languages."""
    return declaration(instance).parts(instance, related)


def search_fields_fill(instance, related=None):
    """Set the instance's normalized search title and document from its fields; say if they changed.

    related: the related paths' texts of a batch of records, read at once (search_fields_fill_all).
    """
    titles, bodies = document_parts(instance, related)
    # Sound keys of the names let a name typed in the other script be suggested (core.search.transliterate).
    title = " ".join([normalize(" \n".join(titles)), *sound_keys(" ".join(titles))]).strip()
    document = normalize(" \n".join(bodies))
    changed = (title, document) != (instance.search_title, instance.search_document)
    instance.search_title, instance.search_document = title, document
    return changed


def search_fields_fill_all(instances):
    """Fill the search title and document of records of one model, their related texts read for all at once.

    Return the records whose search fields changed.
    """
    if not instances:
        return []
    searchable = declaration(instances[0])
    related = {path: related_texts_of(instances, path) for path in searchable.related_paths}
    return [instance for instance in instances if search_fields_fill(instance, related)]


def search_document_update(*, instance):
    """Write the normalized search fields of one saved record to the database."""
    if search_fields_fill(instance):
        type(instance)._base_manager.filter(pk=instance.pk).update(
            search_title=instance.search_title, search_document=instance.search_document
        )


def search_index_rebuild(*, models_=None, pks=None, batch_size=1000, apps=None, progress=None):
    """Recompute the stored search documents (every row, or those of pks); return the rows written.

    progress, when given, is called with (model, rows read so far) after each batch and at the end.
    """
    written = 0
    for model in models_ or searchable_models(apps):
        read = 0
        rows = model._base_manager.order_by("pk")
        if pks is not None:
            rows = rows.filter(pk__in=pks)
        # A batch's related texts are read for all its records at once: a query per path, not per record.
        for batch in itertools.batched(rows.iterator(chunk_size=batch_size), batch_size):
            read += len(batch)
            changed = search_fields_fill_all(list(batch))
            if changed:
                model._base_manager.bulk_update(changed, ["search_title", "search_document"])
                written += len(changed)
            if progress is not None and len(batch) == batch_size:
                progress(model, read)
        if progress is not None:
            progress(model, read)
    return written


def searchable_models(apps=None):
    """Return the searchable models, in the order search results group them (of `apps`, for migrations)."""
    found = sorted(
        (model for model in registry.get_models() if isinstance(getattr(model, "searchable", None), Searchable)),
        key=lambda model: model.searchable.order,
    )
    return found if apps is None else [apps.get_model(model._meta.label) for model in found]


def dependents(model, pks):
    """Return [(searchable model, ids)] of the records whose search text reads these records of `model`."""
    label, found = model._meta.label, []
    for searchable_model in searchable_models():
        lookups = set()
        for path in searchable_model.searchable.related_paths:
            steps, current = path.split(".")[:-1], searchable_model
            for index, step in enumerate(steps):
                current = current._meta.get_field(step).related_model
                if current._meta.label == label:
                    lookups.add("__".join(steps[: index + 1]))
        if lookups and pks:
            condition = models.Q()
            for lookup in sorted(lookups):
                condition |= models.Q(**{f"{lookup}__in": list(pks)})
            ids = searchable_model._base_manager.filter(condition).values_list("pk", flat=True).distinct()
            found.append((searchable_model, list(ids)))
    return found


def search_records_update(found):
    """Re-index the records of [(searchable model, ids)]."""
    for model, ids in found:
        if ids:
            search_index_rebuild(models_=[model], pks=ids)


def search_dependents_update(*, model, pks):
    """Re-index the records whose search text reads these records of `model` (a claim, when its strategy is renamed)."""
    search_records_update(dependents(model, pks))
