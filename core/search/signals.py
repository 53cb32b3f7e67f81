"""Keep the stored search documents current as searchable records and their other names change."""

from django.db.models.signals import post_delete, post_save, pre_save

from .indexing import search_document_update, search_fields_fill, searchable_models


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


def other_name_handler(model, relation):
    """Return a handler that re-indexes the record whose other name was added, changed or removed."""

    def other_name_changed(sender, instance, raw=False, **kwargs):
        if raw:
            return
        record = model._base_manager.filter(pk=getattr(instance, relation.field.attname)).first()
        if record is not None:
            search_document_update(instance=record)

    return other_name_changed


def connect():
    """Connect the handlers; called once from the app's ready()."""
    for model in searchable_models():
        label = model._meta.label
        pre_save.connect(fill_before_save, sender=model, dispatch_uid=f"search-fill-{label}")
        post_save.connect(write_after_partial_save, sender=model, dispatch_uid=f"search-write-{label}")
        if model.searchable.other_names:
            relation = model._meta.get_field(model.searchable.other_names)
            handler = other_name_handler(model, relation)
            names = relation.related_model
            post_save.connect(handler, sender=names, weak=False, dispatch_uid=f"search-other-name-saved-{label}")
            post_delete.connect(handler, sender=names, weak=False, dispatch_uid=f"search-other-name-deleted-{label}")
