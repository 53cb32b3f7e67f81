"""The curation groups hold exactly their permission codes; what members can do is in test_permissions.py."""

import pytest
from django.contrib.auth.models import Group

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

MODELS = {
    "orgs": ["region", "organization", "organizationname", "relationship", "relationshippassage"],
    "sources": ["source", "passage"],
    "strategies": ["strategy", "evidence", "evidencepassage"],
}
PUBLISHABLE = {
    "orgs": ["region", "organization", "relationship"],
    "sources": ["source"],
    "strategies": ["strategy", "evidence"],
}


def expected(actions, publish=False, imports=False):
    perms = {f"{app}.{action}_{model}" for app, models in MODELS.items() for model in models for action in actions}
    if publish:
        perms |= {f"{app}.publish_{model}" for app, models in PUBLISHABLE.items() for model in models}
    if imports:
        perms |= {f"{app}.import_{model}" for app, models in PUBLISHABLE.items() for model in models}
    return perms


def held(name):
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_curator_group_holds_add_change_view_and_import_permissions_only():
    assert held("Curator") == expected(["add", "change", "view"], imports=True)


def test_the_editor_group_holds_every_content_permission_with_publish_and_import():
    assert held("Editor") == expected(["add", "change", "delete", "view"], publish=True, imports=True)


def test_the_viewer_group_holds_view_permissions_only():
    assert held("Viewer") == expected(["view"])
