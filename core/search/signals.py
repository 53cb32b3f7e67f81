"""Keep the stored search documents current as records and organizations' other names change."""

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


def other_name_changed(sender, instance, raw=False, **kwargs):
    """Re-index an organization when one of its other names is added, changed or removed."""
    if raw:
        return
    from orgs.models import Organization

    organization = Organization._base_manager.filter(pk=instance.organization_id).first()
    if organization is not None:
        search_document_update(instance=organization)


def connect():
    """Connect the handlers; called once from the app's ready()."""
    from orgs.models import OrganizationName

    for model in searchable_models():
        pre_save.connect(fill_before_save, sender=model, dispatch_uid=f"search-fill-{model._meta.label}")
        post_save.connect(write_after_partial_save, sender=model, dispatch_uid=f"search-write-{model._meta.label}")
    post_save.connect(other_name_changed, sender=OrganizationName, dispatch_uid="search-other-name-saved")
    post_delete.connect(other_name_changed, sender=OrganizationName, dispatch_uid="search-other-name-deleted")
