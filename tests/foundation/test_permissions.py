"""Who may write what, through the admin's real URLs: group × model × write path.

Each test signs in a real member of a curation group, sends what a browser would send (or what
an attacker would post), then checks the database and the public page. The CSV import column
of the matrix is in tests/csv.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from orgs.models import Organization, Region, Relationship
from sources.models import Passage, Source
from strategies.models import Evidence, Strategy
from tests.admin_forms import form_data
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    PassageFactory,
    RegionFactory,
    RelationshipFactory,
    SourceFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class Kind:
    """One curated model: how to make a record, which text field to edit, and where the public sees it."""

    model: type
    make: object
    text: str

    def __str__(self):
        return self.model._meta.model_name


def public_url(obj):
    """Return the public page on which `obj` shows when it is public."""
    if isinstance(obj, Evidence):
        return f"/en/evidence/?organization={obj.organization.slug}&strategy={obj.strategy.slug}"
    if isinstance(obj, Relationship | Passage):
        return "/en" + obj.get_absolute_url().split("#")[0].removeprefix("/en").removeprefix("/ar")
    return "/en" + obj.get_absolute_url().removeprefix("/en").removeprefix("/ar")


def shown(client, obj):
    """Say whether the public sees `obj`'s text in English on its public page."""
    obj.refresh_from_db()
    response = client.get(public_url(obj))
    return response.status_code == 200 and getattr(obj, KINDS_BY_MODEL[type(obj)].text) in response.content.decode()


KINDS = [
    Kind(Region, lambda **kw: RegionFactory(**kw), "name_en"),
    Kind(Organization, lambda **kw: OrganizationFactory(**kw), "name_en"),
    Kind(Relationship, lambda **kw: RelationshipFactory(**kw), "description_en"),
    Kind(Strategy, lambda **kw: StrategyFactory(**kw), "name_en"),
    Kind(Evidence, lambda **kw: EvidenceFactory(**kw), "summary_en"),
    Kind(Source, lambda **kw: SourceFactory(**kw), "title_en"),
]
KINDS_BY_MODEL = {kind.model: kind for kind in KINDS}
KINDS_BY_MODEL[Passage] = Kind(Passage, lambda **kw: PassageFactory(**kw), "text_en")


def make_region_public(obj):
    """A region page lists organizations; give a region one so its page has something to show."""
    if isinstance(obj, Region):
        OrganizationFactory(country=obj)


def member(group):
    user = User.objects.create_user(group.lower(), password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def editor_form(client, obj):
    """Return the change form's data as an editor's browser would send it."""
    client.force_login(User.objects.get(username="editor"))
    return form_data(client.get(url(type(obj), "change", obj.pk)))


def history_versions(obj):
    return list(obj.history.order_by("history_id"))


@pytest.fixture
def users(db):
    return {name: member(name) for name in ("Viewer", "Curator", "Editor")}


# Viewer: reads, never writes.


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_a_viewer_reads_every_page_but_every_write_is_refused(client, users, kind):
    obj = kind.make(published=True)
    make_region_public(obj)
    data = editor_form(client, obj)
    before = getattr(obj, kind.text)
    client.force_login(users["Viewer"])
    assert client.get(url(kind.model, "changelist")).status_code == 200
    assert client.get(url(kind.model, "change", obj.pk)).status_code == 200
    assert client.get(url(kind.model, "history", obj.pk)).status_code == 200

    data[kind.text] = "Changed by a viewer"
    assert client.post(url(kind.model, "change", obj.pk), data).status_code == 403
    assert client.post(url(kind.model, "add"), data).status_code == 403
    assert client.post(url(kind.model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    client.post(url(kind.model, "changelist"), {"action": "unpublish", "_selected_action": [obj.pk]})
    client.post(
        url(kind.model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    version = obj.history.order_by("history_id").first()
    revert = url(kind.model, "simple_history", obj.pk, version.history_id)
    assert client.get(revert).status_code == 200
    assert client.post(revert, data).status_code == 403

    obj.refresh_from_db()
    assert getattr(obj, kind.text) == before and obj.published and not obj.sensitive
    assert kind.model.objects.filter(pk=obj.pk).exists()
    assert shown(client, obj)


def test_a_viewer_cannot_revert_a_record_back_to_published(client, users):
    """The attack of the issue: a viewer posts an old, published version's form back."""
    organization = OrganizationFactory(published=True)
    organization.published = False
    organization.save()
    published_version = history_versions(organization)[0]
    assert published_version.published
    revert = url(Organization, "simple_history", organization.pk, published_version.history_id)
    client.force_login(users["Editor"])
    data = form_data(client.get(revert))
    client.logout()
    assert not shown(client, organization)

    client.force_login(users["Viewer"])
    assert client.post(revert, data).status_code == 403
    organization.refresh_from_db()
    assert not organization.published
    assert client.get(public_url(organization)).status_code == 404


# Curator: changes content, never the flags, never deletes.


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_a_curator_changes_text_but_posted_flags_are_ignored(client, users, kind):
    obj = kind.make(published=True)
    make_region_public(obj)
    data = editor_form(client, obj)
    data[kind.text] = "Changed by a curator"
    data.pop("published", None)  # an unticked box: unpublish
    data["sensitive"] = "on"  # expose nothing, but hide: still an editor's decision
    client.force_login(users["Curator"])
    page = client.get(url(kind.model, "change", obj.pk)).content.decode()
    assert 'name="published"' not in page and 'name="sensitive"' not in page
    response = client.post(url(kind.model, "change", obj.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    obj.refresh_from_db()
    assert getattr(obj, kind.text) == "Changed by a curator"
    assert obj.published and not obj.sensitive
    assert shown(client, obj)


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_a_curator_cannot_expose_a_sensitive_record_through_its_form(client, users, kind):
    obj = kind.make(published=True, sensitive=True)
    data = editor_form(client, obj)
    data.pop("sensitive", None)
    data[kind.text] = "Still hidden"
    client.force_login(users["Curator"])
    assert client.post(url(kind.model, "change", obj.pk), data).status_code == 302
    obj.refresh_from_db()
    assert obj.sensitive and getattr(obj, kind.text) == "Still hidden"
    assert not shown(client, obj)


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_a_curator_cannot_publish_unpublish_or_delete(client, users, kind):
    draft, public = kind.make(published=False), kind.make(published=True)
    make_region_public(public)
    client.force_login(users["Curator"])
    changelist = url(kind.model, "changelist")
    assert 'value="publish"' not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    client.post(changelist, {"action": "unpublish", "_selected_action": [public.pk]})
    client.post(changelist, {"action": "delete_selected", "_selected_action": [public.pk], "post": "yes"})
    assert client.post(url(kind.model, "delete", public.pk), {"post": "yes"}).status_code == 403

    draft.refresh_from_db()
    public.refresh_from_db()
    assert not draft.published and public.published
    assert not shown(client, draft) and shown(client, public)


def test_a_curator_adds_a_record_unpublished_and_may_mark_it_sensitive(client, users):
    client.force_login(users["Curator"])
    add = url(Strategy, "add")
    assert 'name="sensitive"' in client.get(add).content.decode()
    data = {
        "name_ar": "استراتيجية",
        "name_en": "New tactic",
        "slug": "new-tactic",
        "sensitive": "on",
        "published": "on",
    }
    assert client.post(add, data).status_code == 302
    strategy = Strategy.objects.get(slug="new-tactic")
    assert not strategy.published and strategy.sensitive


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_a_curator_cannot_revert_to_a_version_that_publishes_or_exposes(client, users, kind):
    obj = kind.make(published=True)
    make_region_public(obj)
    obj.published = False
    obj.sensitive = True
    obj.save()
    public_version = history_versions(obj)[0]
    revert = url(kind.model, "simple_history", obj.pk, public_version.history_id)
    client.force_login(users["Editor"])
    data = form_data(client.get(revert))

    client.force_login(users["Curator"])
    assert client.post(revert, data).status_code == 403
    obj.refresh_from_db()
    assert not obj.published and obj.sensitive
    assert not shown(client, obj)

    client.force_login(users["Editor"])
    assert client.post(revert, data).status_code == 302
    obj.refresh_from_db()
    assert obj.published and not obj.sensitive
    assert shown(client, obj)


def test_a_curator_may_revert_text_when_the_flags_stay(client, users):
    organization = OrganizationFactory(published=True, name_en="First name")
    organization.name_en = "Second name"
    organization.save()
    first = history_versions(organization)[0]
    revert = url(Organization, "simple_history", organization.pk, first.history_id)
    client.force_login(users["Curator"])
    response = client.post(revert, form_data(client.get(revert)))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name_en == "First name" and organization.published
    assert shown(client, organization)


# Editor: everything on content.


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_an_editor_publishes_hides_and_deletes(client, users, kind):
    obj = kind.make(published=False)
    make_region_public(obj)
    client.force_login(users["Editor"])
    changelist = url(kind.model, "changelist")
    assert client.post(changelist, {"action": "publish", "_selected_action": [obj.pk]}).status_code == 302
    assert shown(client, obj)

    data = form_data(client.get(url(kind.model, "change", obj.pk)))
    data["sensitive"] = "on"
    assert client.post(url(kind.model, "change", obj.pk), data).status_code == 302
    obj.refresh_from_db()
    assert obj.sensitive and not shown(client, obj)

    if isinstance(obj, Region):
        Organization.objects.filter(country=obj).delete()
    assert client.post(url(kind.model, "delete", obj.pk), {"post": "yes"}).status_code == 302
    assert not kind.model.objects.filter(pk=obj.pk).exists()


# Passages and citations: additions inside published records wait for an editor.


def test_a_curators_passage_in_a_published_source_waits_for_an_editor(client, users):
    source = SourceFactory(published=True)
    PassageFactory(source=source, position=1)
    client.force_login(users["Editor"])
    data = form_data(client.get(url(Source, "change", source.pk)))
    prefix = "passages"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-position": "2",
            f"{prefix}-{total}-kind": "paragraph",
            f"{prefix}-{total}-original_language": "en",
            f"{prefix}-{total}-text_ar": "نص أضافه أمين المحتوى.",
            f"{prefix}-{total}-text_en": "Text a curator added.",
            f"{prefix}-{total}-published": "on",
            f"{prefix}-{total}-source": str(source.pk),
        }
    )
    client.force_login(users["Curator"])
    response = client.post(url(Source, "change", source.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Passage.objects.get(source=source, position=2)
    assert not added.published
    assert "Text a curator added." not in client.get(public_url(source)).content.decode()
    assert client.get("/en/search/?q=curator+added").content.decode().count("Text a curator added") == 0
    assert "Text a curator added." not in client.get("/en/sources/?format=csv").getvalue().decode()

    client.force_login(users["Curator"])
    assert "Text a curator added." not in client.get(reverse("admin:review")).content.decode()
    client.force_login(users["Editor"])
    assert "Text a curator added." in client.get(reverse("admin:review")).content.decode()
    changelist = url(Passage, "changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [added.pk]})
    added.refresh_from_db()
    assert added.published
    assert "Text a curator added." in client.get(public_url(source)).content.decode()


def test_a_curators_citation_on_a_published_claim_waits_for_an_editor(client, users):
    citation = EvidencePassageFactory()
    evidence = citation.evidence
    other = PassageFactory(
        source=citation.passage.source,
        text_ar="تنظم المنظمة مؤتمرات سنوية.",
        text_en="The organization holds yearly conferences.",
    )
    client.force_login(users["Editor"])
    data = form_data(client.get(url(Evidence, "change", evidence.pk)))
    prefix = "citations"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-passage": str(other.pk),
            f"{prefix}-{total}-quote_ar": "مؤتمرات سنوية",
            f"{prefix}-{total}-quote_en": "yearly conferences",
            f"{prefix}-{total}-published": "on",
            f"{prefix}-{total}-evidence": str(evidence.pk),
        }
    )
    client.force_login(users["Curator"])
    response = client.post(url(Evidence, "change", evidence.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    added = evidence.citations.get(passage=other)
    assert not added.published
    organization_page = client.get(public_url(evidence.organization)).content.decode()
    assert "yearly conferences" not in organization_page
    assert "local activists" in organization_page
    assert "yearly conferences" not in client.get("/en/evidence/?format=csv").getvalue().decode()

    client.force_login(users["Editor"])
    review = client.get(reverse("admin:review")).content.decode()
    assert "yearly conferences" in review
    data = form_data(client.get(url(Evidence, "change", evidence.pk)))
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(added.pk))
    data[f"{prefix}-{index}-published"] = "on"
    assert client.post(url(Evidence, "change", evidence.pk), data).status_code == 302
    added.refresh_from_db()
    assert added.published
    assert "yearly conferences" in client.get(public_url(evidence.organization)).content.decode()


def test_an_editors_new_passage_is_published_at_once(client, users):
    source = SourceFactory(published=True)
    client.force_login(users["Editor"])
    page = client.get(url(Source, "change", source.pk)).content.decode()
    checkbox = re.search(r'<input[^>]*name="passages-__prefix__-published"[^>]*>', page).group(0)
    assert "checked" in checkbox


def test_a_curator_cannot_change_a_passages_flags(client, users):
    passage = PassageFactory(sensitive=True)
    data = editor_form(client, passage)
    data.pop("sensitive", None)
    data["published"] = "on"
    client.force_login(users["Curator"])
    assert client.post(url(Passage, "change", passage.pk), data).status_code == 302
    passage.refresh_from_db()
    assert passage.sensitive and passage.published
    passage.sensitive = False
    passage.save()
    passage.sensitive = True
    passage.save()
    exposed = passage.history.filter(sensitive=False).get()
    revert = url(Passage, "simple_history", passage.pk, exposed.history_id)
    client.force_login(users["Editor"])
    data = form_data(client.get(revert))
    client.force_login(users["Curator"])
    assert client.post(revert, data).status_code == 403
    passage.refresh_from_db()
    assert passage.sensitive


def test_the_review_page_is_for_those_who_may_publish(client, users):
    PassageFactory(published=False, text_en="Waiting passage text.")
    for group in ("Viewer", "Curator"):
        client.force_login(users[group])
        page = client.get(reverse("admin:review"), headers={"accept-language": "en"})
        assert page.status_code == 200
        assert "Waiting passage text." not in page.content.decode()
        assert "Nothing waits for your review." in page.content.decode()
    client.force_login(users["Editor"])
    assert "Waiting passage text." in client.get(reverse("admin:review")).content.decode()
    assert reverse("admin:review") in client.get(reverse("admin:index")).content.decode()
    client.logout()
    assert client.get(reverse("admin:review")).status_code == 302


# Malformed admin URLs answer 404, never 500.


@pytest.mark.parametrize("model", [Region, Organization, Relationship, Strategy, Evidence, Source, Passage], ids=str)
def test_malformed_ids_in_admin_urls_are_not_found(client, users, model):
    client.force_login(users["Editor"])
    prefix = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    for path in [
        "abc/history/",
        "1e3/history/",
        "99999999999999999999/history/",
        "abc/history/1/",
        "1/history/abc/",
        "1/history/99999999999999999999/",
        "abc/change/",
        "abc/delete/",
        "%00/history/",
    ]:
        for method in (client.get, client.post):
            response = method(prefix + path)
            assert response.status_code == 404, (path, method, response.status_code)


HOSTILE_VALUES = ["abc", "99999999999999999999", "\x00", "x" * 5000]


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_malformed_form_values_are_form_errors_not_server_errors(client, users, kind):
    obj = kind.make(published=True)
    data = editor_form(client, obj)
    fields = [name for name in data if "-" not in name and not name.startswith("_")]
    for name in fields:
        for value in HOSTILE_VALUES:
            response = client.post(url(kind.model, "change", obj.pk), {**data, name: value})
            assert response.status_code in (200, 302), (name, value, response.status_code)
            if response.status_code == 302:
                # Accepted only when the value is valid for the field, e.g. any text in a text field.
                obj.refresh_from_db()
                data = editor_form(client, obj)


def test_an_editors_publish_and_unpublish_actions_count_the_changes_and_name_them_in_the_history(client, users):
    draft, public = OrganizationFactory(published=False), OrganizationFactory(published=True)
    client.force_login(users["Editor"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    changelist = url(Organization, "changelist")
    both = [draft.pk, public.pk]

    response = client.post(changelist, {"action": "publish", "_selected_action": both}, follow=True)
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [("success", "1 record changed.")]
    assert '<li class="success">1 record changed.</li>' in response.content.decode()
    response = client.post(changelist, {"action": "unpublish", "_selected_action": both}, follow=True)
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [("success", "2 records changed.")]

    assert [version.history_change_reason for version in draft.history.order_by("history_id")][1:] == [
        "Published",
        "Unpublished",
    ]
    history = client.get(url(Organization, "history", draft.pk)).content.decode()
    assert "Published" in history and "Unpublished" in history
    assert not Organization.objects.filter(pk__in=both, published=True).exists()


def test_a_revert_naming_another_records_version_is_a_404(client, users):
    hidden = OrganizationFactory(published=False, sensitive=True, name_en="Hidden name")
    public = OrganizationFactory(published=True, name_en="Public name")
    public_version = history_versions(public)[0]
    revert = url(Organization, "simple_history", hidden.pk, public_version.history_id)
    client.force_login(users["Curator"])
    assert client.post(revert, {"name_en": "Public name", "published": "on"}).status_code == 404
    hidden.refresh_from_db()
    assert not hidden.published and hidden.sensitive and hidden.name_en == "Hidden name"
    assert not shown(client, hidden)
