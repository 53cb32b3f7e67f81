"""The stored search documents: which fields each searchable model contributes, and keeping them current.

Every searchable model carries `search_title` (names and titles, weighted high) and
`search_document` (descriptions, passages' text), both normalized by `normalize()` from the
two languages' fields. On PostgreSQL a trigger turns them into the `search_vector` tsvector
('simple' configuration: the tokens are already stems) that a GIN index serves.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PublicQuerySet

from .backends import SearchQuerySetMixin
from .normalize import normalize

SEARCH_FIELDS = ["search_title", "search_document", "search_vector"]
LANGUAGES = ("ar", "en")


class SearchIndexed(models.Model):
    """The normalized text and the stored vector that site-wide search reads."""

    search_title = models.TextField(_("search title"), blank=True, default="", editable=False)
    search_document = models.TextField(_("search document"), blank=True, default="", editable=False)
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)

    class Meta:
        abstract = True


# Fields whose change never alters a record's search text; an update() of these only skips re-indexing.
NOT_INDEXED = {*SEARCH_FIELDS, "published", "sensitive", "updated_at", "created_at"}


class IndexKeepingQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes keep the stored search documents true, as save() does."""

    def update(self, **kwargs):
        """Update the rows; re-index them when a field their search text may come from changed."""
        if set(kwargs) <= NOT_INDEXED:
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        search_index_rebuild(models_=[self.model], pks=pks)
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
        return super().bulk_update(objs, fields, *args, **kwargs)


class PublicSearchQuerySet(SearchQuerySetMixin, IndexKeepingQuerySet, PublicQuerySet):
    """Published, non-sensitive records that can be searched."""


def _both(instance, name):
    return [getattr(instance, f"{name}_{code}", "") or "" for code in LANGUAGES]


def _aliases(instance, apps=None):
    if instance.pk is None:
        return []
    if apps is None:
        from orgs.models import OrganizationName
    else:
        OrganizationName = apps.get_model("orgs", "OrganizationName")
    return list(OrganizationName.objects.filter(organization_id=instance.pk).values_list("name", flat=True))


def document_parts(instance, apps=None):
    """Return (title texts, body texts) of a searchable record, both languages."""
    label = instance._meta.label_lower
    if label == "orgs.organization":
        return [*_both(instance, "name"), *_aliases(instance, apps)], _both(instance, "description")
    if label == "orgs.region":
        return [*_both(instance, "name"), instance.iso_code or ""], []
    if label == "strategies.strategy":
        return _both(instance, "name"), _both(instance, "description")
    if label == "sources.source":
        return _both(instance, "title"), [*_both(instance, "author"), *_both(instance, "research_question")]
    if label == "sources.passage":
        return [], _both(instance, "text")
    raise LookupError(f"{label} is not searchable")


def search_fields_fill(instance, apps=None):
    """Set the instance's normalized search title and document from its fields; say if they changed."""
    titles, bodies = document_parts(instance, apps)
    title = normalize(" \n".join(titles))
    document = normalize(" \n".join(bodies))
    changed = (title, document) != (instance.search_title, instance.search_document)
    instance.search_title, instance.search_document = title, document
    return changed


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
        batch, read = [], 0
        rows = model._base_manager.order_by("pk")
        if pks is not None:
            rows = rows.filter(pk__in=pks)
        for instance in rows.iterator(chunk_size=batch_size):
            read += 1
            if search_fields_fill(instance, apps):
                batch.append(instance)
            if len(batch) >= batch_size:
                model._base_manager.bulk_update(batch, ["search_title", "search_document"])
                written += len(batch)
                batch = []
            if progress is not None and read % batch_size == 0:
                progress(model, read)
        if batch:
            model._base_manager.bulk_update(batch, ["search_title", "search_document"])
            written += len(batch)
        if progress is not None:
            progress(model, read)
    return written


def searchable_models(apps=None):
    """Return the searchable models, in the order search results group them."""
    if apps is None:
        from django.apps import apps
    return [
        apps.get_model("orgs", "Organization"),
        apps.get_model("strategies", "Strategy"),
        apps.get_model("orgs", "Region"),
        apps.get_model("sources", "Source"),
        apps.get_model("sources", "Passage"),
    ]
