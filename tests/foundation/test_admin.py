"""Curators' admin: every page renders, both languages on one form, history and revert."""

from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from orgs.models import Organization
from tests.factories import (
    EvidencePassageFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    RegionFactory,
    RelationshipPassageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

CONTENT_APPS = {"orgs", "sources", "strategies"}


def content_models():
    return [model for model in admin.site._registry if model._meta.app_label in CONTENT_APPS]


@pytest.fixture
def content():
    """One record of every model, linked together."""
    citation = EvidencePassageFactory()
    citation.evidence.regions.add(RegionFactory(iso_code="RU"))
    OrganizationNameFactory(organization=citation.evidence.organization)
    RelationshipPassageFactory(passage=citation.passage)
    return citation


def user_in(group_name):
    user = User.objects.create_user(f"{group_name.lower()}", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_content_model_is_in_the_admin():
    names = {model._meta.model_name for model in content_models()}
    assert {"region", "organization", "relationship", "strategy", "evidence", "source", "passage"} <= names


def test_every_admin_page_renders_for_every_model(admin_client, content):
    for model in content_models():
        obj = model.objects.first()
        assert obj is not None, model
        for url in [
            admin_url(model, "changelist"),
            admin_url(model, "changelist") + "?q=a",
            admin_url(model, "add"),
            admin_url(model, "change", obj.pk),
            admin_url(model, "history", obj.pk),
        ]:
            response = admin_client.get(url)
            assert response.status_code == 200, (url, response.status_code)


def test_list_filters_and_search_exist_on_every_list():
    for model in content_models():
        model_admin = admin.site._registry[model]
        assert model_admin.list_filter, model
        assert model_admin.search_fields, model


def test_every_foreign_key_uses_autocomplete():
    for model in content_models():
        model_admin = admin.site._registry[model]
        relations = [
            field.name
            for field in model._meta.get_fields()
            if (field.many_to_one or field.many_to_many)
            and not field.auto_created
            and field.concrete
            and field.name != "passages"
        ]
        for name in relations:
            assert name in model_admin.autocomplete_fields, (model, name)
        for inline in model_admin.inlines:
            for field in inline.model._meta.get_fields():
                if field.many_to_one and field.related_model is not model:
                    assert field.name in inline.autocomplete_fields, (inline, field.name)


def test_both_languages_of_a_translated_field_sit_side_by_side(admin_client, content):
    organization = content.evidence.organization
    response = admin_client.get(admin_url(Organization, "change", organization.pk))
    html = response.content.decode()
    assert 'name="name_ar"' in html and 'name="name_en"' in html
    assert organization.name_ar in html and organization.name_en in html
    # Both inputs are in the same form row.
    row = html.split('name="name_ar"')[0].rsplit('<div class="form-row', 1)[1]
    assert "field-name_ar" in row and "field-name_en" in row
    arabic_input = (
        html.split('name="name_ar"')[0].rsplit("<input", 1)[1] + html.split('name="name_ar"')[1].split(">")[0]
    )
    assert 'dir="rtl"' in arabic_input and 'lang="ar"' in arabic_input


def test_a_curator_cannot_publish_but_an_editor_can(client):
    organization = OrganizationFactory(published=False)
    changelist = admin_url(Organization, "changelist")
    client.force_login(user_in("Curator"))
    page = client.get(changelist).content.decode()
    assert 'value="publish"' not in page
    change = client.get(admin_url(Organization, "change", organization.pk)).content.decode()
    assert 'name="published"' not in change
    response = client.post(changelist, {"action": "publish", "_selected_action": [organization.pk]})
    organization.refresh_from_db()
    assert not organization.published

    client.force_login(user_in("Editor"))
    assert 'value="publish"' in client.get(changelist).content.decode()
    response = client.post(changelist, {"action": "publish", "_selected_action": [organization.pk]})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.published
    latest = organization.history.first()
    assert latest.history_user.username == "editor" and latest.published
    client.post(changelist, {"action": "unpublish", "_selected_action": [organization.pk]})
    organization.refresh_from_db()
    assert not organization.published


def test_a_viewer_can_read_but_not_change(client, content):
    client.force_login(user_in("Viewer"))
    organization = content.evidence.organization
    assert client.get(admin_url(Organization, "changelist")).status_code == 200
    page = client.get(admin_url(Organization, "change", organization.pk))
    assert page.status_code == 200
    assert 'name="name_en"' not in page.content.decode()
    assert client.get(admin_url(Organization, "add")).status_code == 403


def test_every_admin_page_renders_on_the_seed_knowledge_base(admin_client):
    call_command("load_seed", stdout=StringIO())
    for model in content_models():
        assert admin_client.get(admin_url(model, "changelist")).status_code == 200, model
        for obj in model.objects.all()[:3]:
            for action in ("change", "history"):
                url = admin_url(model, action, obj.pk)
                assert admin_client.get(url).status_code == 200, url
