"""The evidence list's organization and source filters: a text box for a name or part of one, not a list of all."""

import pytest

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def claims_of(client, query):
    page = client.get(f"/en/evidence/{query}")
    return page, [claim.organization.slug for claim in page.context["page"].object_list]


@pytest.mark.parametrize(
    "query, organizations",
    [
        ("?organization=alpha", ["alpha"]),  # a slug, as every link on the site gives it
        ("?organization=alpha+net", ["alpha"]),  # part of the English name, any case
        ("?organization=%D8%A8%D9%8A%D8%AA%D8%A7", ["beta"]),  # بيتا, the Arabic name
        ("?organization=old+alpha", ["alpha"]),  # a former name
        ("?source=report", ["alpha", "beta"]),
        ("?source=a+rep", ["alpha", "beta"]),
        ("?source=%D8%AA%D9%82%D8%B1%D9%8A%D8%B1", ["alpha", "beta"]),  # تقرير
    ],
)
def test_claims_are_filtered_by_a_slug_or_a_part_of_a_name(client, kb, query, organizations):
    _page, found = claims_of(client, query)
    assert sorted(found) == organizations


@pytest.mark.parametrize(
    "query, value",
    [("?organization=hidden", "hidden"), ("?organization=nobody", "nobody"), ("?source=draft+notes", "draft notes")],
)
def test_a_name_of_nothing_public_lists_nothing_and_says_so(client, kb, query, value):
    page, found = claims_of(client, query)
    assert found == []
    body = html(page)
    assert f"Nothing public is named “{value}”." in body
    assert 'role="alert"' in body


def test_the_filter_form_lists_no_organization_or_source(client, kb):
    body = html(client.get("/en/evidence/"))
    assert 'name="organization"' in body and 'name="source"' in body
    assert "Alpha Network</option>" not in body and "A report</option>" not in body
    assert 'placeholder="Name or part of it"' in body
    arabic = html(client.get("/ar/evidence/?organization=nobody"))
    assert "لا شيء منشورًا يحمل الاسم «nobody»." in arabic
