"""Admin autocompletes put the names that start with the typed words first, in both languages."""

import pytest

from tests.factories import OrganizationFactory, OrganizationNameFactory, PassageFactory, StrategyFactory

pytestmark = pytest.mark.django_db


def choices(client, app_label, model_name, field_name, term):
    response = client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": app_label, "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200
    return [item["text"] for item in response.json()["results"]]


def test_a_strategy_whose_name_starts_with_the_words_comes_before_one_that_only_mentions_them(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    StrategyFactory(
        slug="aaa-training",
        name_en="Advocacy skills training",
        name_ar="التدريب على مهارات المناصرة",
        description_en="Training in lobbying.",
        description_ar="تدريب على الضغط.",
    )
    StrategyFactory(slug="zzz-lobbying", name_en="Lobbying decision makers", name_ar="الضغط على صناع القرار")
    found = choices(admin_client, "strategies", "evidence", "strategy", "lobby")
    assert found == ["Lobbying decision makers", "Advocacy skills training"]
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ar"
    found = choices(admin_client, "strategies", "evidence", "strategy", "الضغط")
    assert found == ["الضغط على صناع القرار", "التدريب على مهارات المناصرة"]


def test_an_organization_found_by_its_acronym_comes_before_one_that_only_mentions_it(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    OrganizationFactory(slug="aaa", name_en="A network of groups", description_en="Works with ILGA members.")
    named = OrganizationFactory(slug="zzz", name_en="International Lesbian and Gay Association")
    OrganizationNameFactory(organization=named, name="ILGA World")
    assert choices(admin_client, "strategies", "evidence", "organization", "ilga") == [
        "International Lesbian and Gay Association",
        "A network of groups",
    ]


def test_a_passage_choice_shows_the_start_of_its_text(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    passage = PassageFactory()
    [label] = choices(admin_client, "strategies", "evidencepassage", "passage", "activists")
    assert label.startswith(f"{passage.source.title_en} §{passage.position} — The organization works with local")
