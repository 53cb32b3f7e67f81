"""The curation groups hold exactly their permissions."""

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


def test_curators_add_and_change_but_cannot_publish_or_delete():
    assert held("Curator") == expected(["add", "change", "view"], imports=True)


def test_editors_do_everything_on_content_including_publishing():
    assert held("Editor") == expected(["add", "change", "delete", "view"], publish=True, imports=True)


def test_viewers_only_read():
    assert held("Viewer") == expected(["view"])
