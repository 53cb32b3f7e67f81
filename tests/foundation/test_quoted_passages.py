"""An editor changes a quoted passage in the admin: the form keeps every quoted word, and says which."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from sources.quotes import ERROR_PASSAGE_DROPS_QUOTE, isolated
from tests.admin_forms import form_data
from tests.factories import EvidencePassageFactory, PassageFactory, RelationshipPassageFactory

pytestmark = pytest.mark.django_db

TEXT_AR = "تعمل المنظمة مع النشطاء المحليين لتعزيز الحقوق."
TEXT_EN = "The organization works with local activists to promote rights."


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def passage():
    """A passage a claim quotes in Arabic only and a relationship quotes in English only."""
    passage = PassageFactory(text_ar=TEXT_AR, text_en=TEXT_EN)
    EvidencePassageFactory(passage=passage, quote_ar="النشطاء المحليين", quote_en="")
    RelationshipPassageFactory(passage=passage, quote_ar="", quote_en="local activists")
    return passage


def edit(client, passage, **texts):
    url = reverse("admin:sources_passage_change", args=[passage.pk])
    data = form_data(client.get(url))
    data.update(texts)
    return client.post(url, data)


def test_an_edit_that_keeps_every_quoted_word_is_saved(editor, passage):
    response = edit(editor, passage, text_en="Since 2015 the organization works with local activists.")
    assert response.status_code == 302
    passage.refresh_from_db()
    assert passage.text_en == "Since 2015 the organization works with local activists."
    assert passage.text_ar == TEXT_AR


def test_an_edit_that_drops_a_relationships_english_quote_names_the_quote(editor, passage):
    response = edit(editor, passage, text_en="The organization works alone.")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["text_en"] == [str(ERROR_PASSAGE_DROPS_QUOTE % {"quote": isolated("local activists")})]
    assert "text_ar" not in errors
    passage.refresh_from_db()
    assert passage.text_en == TEXT_EN


def test_an_edit_that_drops_a_claims_arabic_quote_names_the_quote(editor, passage):
    response = edit(editor, passage, text_ar="تعمل المنظمة وحدها.")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["text_ar"] == [str(ERROR_PASSAGE_DROPS_QUOTE % {"quote": isolated("النشطاء المحليين")})]
    assert "text_en" not in errors
    passage.refresh_from_db()
    assert passage.text_ar == TEXT_AR
