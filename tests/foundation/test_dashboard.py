"""The curators' dashboard on the admin index: who changed what lately, and the loose ends."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.admin_forms import form_data
from tests.factories import EvidenceFactory, EvidencePassageFactory, OrganizationFactory, PassageFactory

pytestmark = pytest.mark.django_db


def member(group):
    user = User.objects.create_user(f"{group.lower()}-1", password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def section(html, css_class):
    start = html.index(f'class="module {css_class}"')
    return html[start : html.index("</div>", start)]


def test_a_curators_change_shows_with_their_name_on_the_index(client):
    organization = OrganizationFactory(name_en="Alpha Network", name_ar="شبكة ألفا")
    curator = member("Curator")
    client.force_login(curator)
    change = reverse("admin:orgs_organization_change", args=[organization.pk])
    data = form_data(client.get(change))
    data["name_en"] = "Alpha Network International"
    assert client.post(change, data).status_code == 302
    client.force_login(member("Editor"))
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    changes = section(html, "dashboard-changes")
    assert "curator-1" in changes and f'href="{change}"' in changes and "Alpha Network International" in changes


def test_claims_without_citations_and_passages_nobody_cites_are_listed_until_cited(client):
    claim = EvidenceFactory()
    passage = PassageFactory()
    client.force_login(member("Viewer"))
    html = client.get("/admin/").content.decode()
    assert reverse("admin:strategies_evidence_change", args=[claim.pk]) in section(
        html, "dashboard-claims-without-citations"
    )
    assert str(passage) in section(html, "dashboard-passages-not-cited")
    EvidencePassageFactory(evidence=claim, passage=passage)
    html = client.get("/admin/").content.decode()
    assert reverse("admin:strategies_evidence_change", args=[claim.pk]) not in section(
        html, "dashboard-claims-without-citations"
    )
    assert str(passage) not in section(html, "dashboard-passages-not-cited")


def test_the_index_costs_the_same_queries_whatever_the_history(client):
    client.force_login(member("Editor"))
    EvidenceFactory()
    PassageFactory()
    client.get("/admin/")
    with CaptureQueriesContext(connection) as before:
        client.get("/admin/")
    for _ in range(5):
        EvidenceFactory()
        PassageFactory()
    with CaptureQueriesContext(connection) as after:
        client.get("/admin/")
    assert len(after) == len(before)
