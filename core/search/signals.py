"""Keep the stored search documents current as searchable records and the related records they read change."""

from django.db.models import ManyToManyField
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from .indexing import dependents, search_fields_fill, search_records_update, searchable_models


def fill_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Normalize the record's text into its search fields before it is written."""
    if not raw:
        search_fields_fill(instance)


def write_after_partial_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Write the search fields that a save(update_fields=...) left out."""
    if raw or update_fields is None or {"search_title", "search_document"} <= set(update_fields):
        return
    type(instance)._base_manager.filter(pk=instance.pk).update(
        search_title=instance.search_title, search_document=instance.search_document
    )


def related_saved(sender, instance, raw=False, **kwargs):
    """Re-index the records whose text reads this related record (a claim, when its strategy changes)."""
    if not raw:
        search_records_update(dependents(sender, [instance.pk]))


def related_deleting(sender, instance, **kwargs):
    # Found before the row goes: afterwards nothing leads from it to the records that read it.
    instance._search_dependents = dependents(sender, [instance.pk])


def related_deleted(sender, instance, **kwargs):
    search_records_update(getattr(instance, "_search_dependents", []))


def links_handler(model, name):
    """Return a handler that re-indexes the records of `model` whose many-to-many `name` links changed."""

    def affected(instance, reverse, pk_set):
        if reverse:
            field = model._meta.get_field(name)
            owners = model._base_manager.filter(**{f"{field.name}__in": [instance.pk]})
            ids = list(pk_set) if pk_set else list(owners.values_list("pk", flat=True))
        else:
            ids = [instance.pk]
        searchable = getattr(model, "searchable", None)
        found = [(model, ids)] if searchable and searchable.related_paths else []
        return found + dependents(model, ids)

    def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
        if action == "pre_clear":
            instance._search_link_dependents = affected(instance, reverse, None)
        elif action == "post_clear":
            search_records_update(getattr(instance, "_search_link_dependents", []))
        elif action in ("post_add", "post_remove"):
            search_records_update(affected(instance, reverse, pk_set))

    return links_changed


def related_models():
    """Return {related model: searchable models} and the many-to-many fields along the declared related paths."""
    found, links = set(), set()
    for model in searchable_models():
        for path in model.searchable.related_paths:
            current = model
            for step in path.split(".")[:-1]:
                relation = current._meta.get_field(step)
                if relation.many_to_many:
                    forward = isinstance(relation, ManyToManyField)
                    owner = current if forward else relation.related_model
                    field = relation.name if forward else relation.field.name
                    links.add((owner, field))
                current = relation.related_model
                found.add(current)
    return found, links


def connect():
    """Connect the handlers; called once from the app's ready()."""
    related, links = related_models()
    for model in related:
        label = model._meta.label
        post_save.connect(related_saved, sender=model, dispatch_uid=f"search-related-saved-{label}")
        pre_delete.connect(related_deleting, sender=model, dispatch_uid=f"search-related-deleting-{label}")
        post_delete.connect(related_deleted, sender=model, dispatch_uid=f"search-related-deleted-{label}")
    for owner, name in links:
        through = owner._meta.get_field(name).remote_field.through
        uid = f"search-links-{owner._meta.label}-{name}"
        m2m_changed.connect(links_handler(owner, name), sender=through, weak=False, dispatch_uid=uid)
    for model in searchable_models():
        label = model._meta.label
        pre_save.connect(fill_before_save, sender=model, dispatch_uid=f"search-fill-{label}")
        post_save.connect(write_after_partial_save, sender=model, dispatch_uid=f"search-write-{label}")
