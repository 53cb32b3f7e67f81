"""Every change is kept with who, when and what, and can be reverted from the admin."""

import pytest
from django.urls import reverse

from tests.admin_forms import form_data
from tests.factories import OrganizationFactory, PassageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_a_change_is_recorded_with_its_author_and_can_be_reverted(admin_client, admin_user):
    organization = OrganizationFactory(name_ar="الاسم الأول", name_en="First name")
    change_url = reverse("admin:orgs_organization_change", args=[organization.pk])
    data = form_data(admin_client.get(change_url))
    data.update(name_ar="الاسم الثاني", name_en="Second name")
    response = admin_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    organization.refresh_from_db()
    assert (organization.name_ar, organization.name_en) == ("الاسم الثاني", "Second name")
    latest, original = organization.history.all()[:2]
    assert latest.history_user == admin_user
    assert latest.history_type == "~"
    changed = {change.field for change in latest.diff_against(original).changes}
    assert {"name_ar", "name_en"} <= changed

    history_page = admin_client.get(reverse("admin:orgs_organization_history", args=[organization.pk]))
    page = history_page.content.decode()
    assert "First name" in page and "Second name" in page and admin_user.get_username() in page

    revert_url = reverse("admin:orgs_organization_simple_history", args=[organization.pk, original.history_id])
    revert_form = admin_client.get(revert_url)
    assert revert_form.status_code == 200
    response = admin_client.post(revert_url, form_data(revert_form))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.name_ar, organization.name_en) == ("الاسم الأول", "First name")
    assert organization.history.count() == 3


def test_passage_text_history_keeps_both_languages():
    passage = PassageFactory()
    passage.text_en = passage.text_en + " More."
    passage.save()
    latest, original = passage.history.all()[:2]
    assert latest.text_en.endswith(" More.") and not original.text_en.endswith(" More.")
    assert latest.text_ar == original.text_ar == passage.text_ar
