"""Two staff open the same record: the second, stale save is refused and names what changed."""

import html
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from core.locking import BAD_TOKEN, CHANGED_FIELD, GONE_ROW, LOCK_FIELD, STALE_DELETION, STALE_RECORD, STALE_ROW
from orgs.models import Organization, OrganizationName, Region
from sources.models import Passage, Source
from strategies.models import Evidence, EvidencePassage
from tests.factories import (
    EvidencePassageFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    PassageFactory,
    RegionFactory,
    RelationshipPassageFactory,
)

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """Collect what a browser submits from one form of a page: (name, value) pairs in order."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.pairs = []
        self.names = set()  # every field, also an unticked box or an empty list
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag in ("input", "textarea", "select") and name:
            self.names.add(name)
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.pairs.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.pairs.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": [], "chosen": []}
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select["chosen"].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # Browsers drop the one newline that follows <textarea>.
            self.pairs.append((name, text.removeprefix("\r\n").removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["options"]:
                chosen = self.select["options"][:1]
            self.pairs.extend((self.select["name"], value) for value in chosen)
            self.select = None


class Form:
    """A change form as one staff member's browser holds it: opened once, edited, then saved."""

    def __init__(self, client, url, model, form_id=None):
        self.client = client
        self.url = url
        response = client.get(url)
        assert response.status_code == 200
        parser = FormFields(form_id or f"{model._meta.model_name}_form")
        parser.feed(response.content.decode())
        self.names = parser.names
        self.data = {}
        for name, value in parser.pairs:
            self.data.setdefault(name, []).append(value)
        assert LOCK_FIELD in self.data, "the change form carries no version stamp"

    def set(self, name, value):
        assert name in self.names, f"the form has no field {name}"
        self.data[name] = value if isinstance(value, list) else [value]

    def row(self, prefix, pk):
        """Return the name prefix of the inline row showing this record, e.g. 'passages-0'."""
        for index in range(int(self.data[f"{prefix}-TOTAL_FORMS"][0])):
            if self.data.get(f"{prefix}-{index}-id") == [str(pk)]:
                return f"{prefix}-{index}"
        raise AssertionError(f"no row of {prefix} shows record {pk}")

    def save(self):
        return self.client.post(self.url, {**self.data, "_save": ["Save"]})


def staff(group_name, username, language="en"):
    """Return a test client signed in as a new staff member of a group, reading the admin in a language."""
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.user = user
    return client


def change_url(obj):
    """Return the admin change page of a record."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def page_text(response):
    """Return a page's HTML with its character references decoded, as a reader sees the text."""
    return html.unescape(response.content.decode())


def change_line(model, field_name, value, language="en"):
    """Return the line of a refusal that names a changed field and its value now."""
    field = model._meta.get_field(field_name)
    with translation.override(language):
        return CHANGED_FIELD % {"field": capfirst(field.verbose_name), "value": value}


def history(*records):
    """Return the history entries of these records as (model, id, author) rows."""
    return [
        (type(record).__name__, entry.history_id, entry.history_user_id)
        for record in records
        for entry in record.history.all()
    ]


def assert_saved(response):
    """Check that the admin saved the form and moved on to the list."""
    assert response.status_code == 302, page_text(response) if response.status_code == 200 else response


def assert_refused(response, *messages, language="en"):
    """Check that the admin showed the form again with its error note and these messages."""
    assert response.status_code == 200
    text = page_text(response)
    assert 'class="errornote"' in text
    with translation.override(language):
        for message in messages:
            assert str(message) in text, message


@pytest.fixture
def editor():
    return staff("Editor", "editor")


@pytest.fixture
def curator():
    return staff("Curator", "curator")


def test_a_stale_record_form_is_refused_and_the_first_change_is_kept(editor, curator):
    organization = OrganizationFactory(name_en="Rainbow Network", description_en="Works for rights.")
    first = Form(editor, change_url(organization), Organization)
    second = Form(curator, change_url(organization), Organization)

    first.set("name_en", "Rainbow Network International")
    assert_saved(first.save())
    second.set("description_en", "Works for the rights of everyone.")
    response = second.save()

    assert_refused(response, STALE_RECORD, change_line(Organization, "name_en", "Rainbow Network International"))
    # Only the field that changed is named: the curator's own field is left out.
    assert change_line(Organization, "description_en", "Works for rights.") not in page_text(response)
    organization.refresh_from_db()
    assert organization.name_en == "Rainbow Network International"
    assert organization.description_en == "Works for rights."
    entries = list(organization.history.all())
    assert [entry.history_user for entry in entries] == [editor.user, None]


def test_a_stale_many_to_many_change_is_refused(editor, curator):
    evidence = EvidencePassageFactory().evidence
    egypt, lebanon = RegionFactory(name_en="Egypt"), RegionFactory(name_en="Lebanon")
    evidence.regions.add(egypt)
    first = Form(editor, change_url(evidence), Evidence)
    second = Form(curator, change_url(evidence), Evidence)

    first.set("regions", [str(egypt.pk), str(lebanon.pk)])
    assert_saved(first.save())
    saved = history(evidence)
    second.set("summary_en", "The organization clearly uses this strategy.")
    response = second.save()

    assert_refused(response, STALE_RECORD, change_line(Evidence, "regions", f"{egypt}, {lebanon}"))
    evidence.refresh_from_db()
    assert set(evidence.regions.all()) == {egypt, lebanon}
    assert evidence.summary_en == "The organization uses this strategy."
    assert history(evidence) == saved


def test_a_stale_passage_row_in_its_source_is_refused(editor, curator):
    passage = PassageFactory(text_en="The network held a workshop.")
    source = passage.source
    first = Form(editor, change_url(source), Source)
    second = Form(curator, change_url(source), Source)

    first.set(first.row("passages", passage.pk) + "-text_en", "The network held two workshops.")
    assert_saved(first.save())
    saved = history(source, passage)
    second.set(second.row("passages", passage.pk) + "-text_ar", "عقدت الشبكة ورشة عمل واحدة.")
    response = second.save()

    assert_refused(response, STALE_ROW, change_line(Passage, "text_en", "The network held two workshops."))
    passage.refresh_from_db()
    assert passage.text_en == "The network held two workshops."
    assert passage.text_ar == "تعمل المنظمة مع النشطاء المحليين لتعزيز الحقوق."
    assert history(source, passage) == saved
    assert passage.history.first().history_user == editor.user


def test_a_stale_citation_quote_is_refused(editor, curator):
    citation = EvidencePassageFactory()
    evidence = citation.evidence
    first = Form(editor, change_url(evidence), Evidence)
    second = Form(curator, change_url(evidence), Evidence)

    first.set(first.row("citations", citation.pk) + "-quote_en", "activists")
    assert_saved(first.save())
    saved = history(evidence, citation)
    second.set(second.row("citations", citation.pk) + "-quote_en", "local")
    response = second.save()

    assert_refused(response, STALE_ROW, change_line(EvidencePassage, "quote_en", "activists"))
    citation.refresh_from_db()
    assert citation.quote_en == "activists"
    assert history(evidence, citation) == saved


def test_a_stale_relationship_citation_and_a_stale_alias_are_refused(editor, curator):
    citation = RelationshipPassageFactory()
    relationship = citation.relationship
    first = Form(editor, change_url(relationship), type(relationship))
    second = Form(curator, change_url(relationship), type(relationship))
    first.set(first.row("citations", citation.pk) + "-quote_ar", "النشطاء")
    assert_saved(first.save())
    second.set("description_en", "They work together closely.")
    assert_refused(second.save(), STALE_ROW, change_line(type(citation), "quote_ar", "النشطاء"))
    relationship.refresh_from_db()
    assert relationship.description_en == "The two organizations collaborate."

    alias = OrganizationNameFactory(name="RN")
    organization = alias.organization
    first = Form(editor, change_url(organization), Organization)
    second = Form(curator, change_url(organization), Organization)
    first.set(first.row("other_names", alias.pk) + "-name", "RNI")
    assert_saved(first.save())
    saved = history(organization, alias)
    second.set(second.row("other_names", alias.pk) + "-name", "R.N.")
    assert_refused(second.save(), STALE_ROW, change_line(OrganizationName, "name", "RNI"))
    alias.refresh_from_db()
    assert alias.name == "RNI"
    assert history(organization, alias) == saved


def test_a_stale_form_whose_row_was_deleted_is_refused_and_the_row_stays_deleted(editor, curator):
    alias = OrganizationNameFactory(name="RN")
    organization = alias.organization
    first = Form(editor, change_url(organization), Organization)
    second = Form(curator, change_url(organization), Organization)

    first.set(first.row("other_names", alias.pk) + "-DELETE", "on")
    assert_saved(first.save())
    saved = history(organization)
    second.set("description_en", "Works for the rights of everyone.")
    response = second.save()

    assert_refused(response, GONE_ROW % {"row": "RN"})
    assert not OrganizationName.objects.filter(organization=organization).exists()
    organization.refresh_from_db()
    assert organization.description_en == "An organization working for human rights."
    assert history(organization) == saved


def test_deleting_a_row_changed_since_is_refused(editor, curator):
    alias = OrganizationNameFactory(name="RN")
    organization = alias.organization
    first = Form(editor, change_url(organization), Organization)
    second = Form(editor, change_url(organization), Organization)

    first.set(first.row("other_names", alias.pk) + "-name", "RNI")
    assert_saved(first.save())
    second.set(second.row("other_names", alias.pk) + "-DELETE", "on")
    response = second.save()

    assert_refused(response, STALE_DELETION % {"row": "RNI"}, change_line(OrganizationName, "name", "RNI"))
    alias.refresh_from_db()
    assert alias.name == "RNI"


@pytest.mark.parametrize("token", ["", "not-a-token", "tampered"])
def test_a_missing_or_tampered_stamp_is_refused(editor, token):
    organization = OrganizationFactory(name_en="Rainbow Network")
    form = Form(editor, change_url(organization), Organization)
    if token == "tampered":
        stamp = form.data[LOCK_FIELD][0]
        token = stamp[:-3] + ("aaa" if not stamp.endswith("aaa") else "bbb")
    form.set(LOCK_FIELD, token)
    form.set("name_en", "Rainbow Network International")

    assert_refused(form.save(), BAD_TOKEN)
    organization.refresh_from_db()
    assert organization.name_en == "Rainbow Network"
    assert organization.history.count() == 1  # the creation only


def test_a_stamp_from_another_record_or_row_is_refused(editor):
    organization, other = OrganizationFactory(), OrganizationFactory()
    form = Form(editor, change_url(organization), Organization)
    form.set(LOCK_FIELD, Form(editor, change_url(other), Organization).data[LOCK_FIELD])
    form.set("description_en", "Changed.")
    assert_refused(form.save(), BAD_TOKEN)

    passage = PassageFactory()
    second_passage = PassageFactory(source=passage.source)
    form = Form(editor, change_url(passage.source), Source)
    row, other_row = form.row("passages", passage.pk), form.row("passages", second_passage.pk)
    form.set(f"{row}-{LOCK_FIELD}", form.data[f"{other_row}-{LOCK_FIELD}"])
    form.set(f"{row}-text_en", "Changed.")
    assert_refused(form.save(), BAD_TOKEN)
    passage.refresh_from_db()
    assert passage.text_en == "The organization works with local activists to promote rights."
    organization.refresh_from_db()
    assert organization.description_en == "An organization working for human rights."


def test_a_row_marked_for_deletion_without_its_stamp_is_refused(editor):
    alias = OrganizationNameFactory(name="RN")
    form = Form(editor, change_url(alias.organization), Organization)
    row = form.row("other_names", alias.pk)
    form.set(f"{row}-DELETE", "on")
    form.set(f"{row}-{LOCK_FIELD}", "")
    assert_refused(form.save(), BAD_TOKEN)
    assert OrganizationName.objects.filter(pk=alias.pk).exists()


def test_a_current_form_saves_and_saves_again_once_reopened(editor, curator):
    passage = PassageFactory(text_en="The network held a workshop.")
    source = passage.source
    region = RegionFactory(name_en="Tunisia")
    organization = OrganizationFactory(name_en="Rainbow Network")

    form = Form(curator, change_url(organization), Organization)
    form.set("regions", [str(region.pk)])
    form.set("description_en", "First change.")
    assert_saved(form.save())
    form = Form(curator, change_url(organization), Organization)
    form.set("description_en", "Second change.")
    assert_saved(form.save())
    organization.refresh_from_db()
    assert organization.description_en == "Second change."
    assert list(organization.regions.all()) == [region]

    form = Form(editor, change_url(source), Source)
    form.set(form.row("passages", passage.pk) + "-text_en", "The network held two workshops.")
    form.set("passages-TOTAL_FORMS", "2")
    form.data.update(
        {
            "passages-1-position": [str(passage.position + 1)],
            "passages-1-kind": ["paragraph"],
            "passages-1-original_language": ["ar"],
            "passages-1-text_ar": ["فقرة جديدة."],
            "passages-1-text_en": ["A new paragraph."],
        }
    )
    assert_saved(form.save())
    assert list(source.passages.values_list("text_en", flat=True)) == [
        "The network held two workshops.",
        "A new paragraph.",
    ]


def test_after_a_refusal_the_reopened_form_saves_the_change(editor, curator):
    organization = OrganizationFactory(name_en="Rainbow Network")
    first = Form(editor, change_url(organization), Organization)
    second = Form(curator, change_url(organization), Organization)
    first.set("name_en", "Rainbow Network International")
    assert_saved(first.save())
    second.set("description_en", "Works for the rights of everyone.")
    assert_refused(second.save(), STALE_RECORD)

    # Saving the refused form again is refused again: its data still holds the old name.
    assert_refused(second.save(), STALE_RECORD)
    reopened = Form(curator, change_url(organization), Organization)
    reopened.set("description_en", "Works for the rights of everyone.")
    assert_saved(reopened.save())
    organization.refresh_from_db()
    assert (organization.name_en, organization.description_en) == (
        "Rainbow Network International",
        "Works for the rights of everyone.",
    )
    assert organization.history.count() == 3


def test_a_stale_revert_is_refused(editor, curator):
    organization = OrganizationFactory(name_en="Rainbow Network")
    form = Form(editor, change_url(organization), Organization)
    form.set("name_en", "Rainbow Network International")
    assert_saved(form.save())
    original = organization.history.earliest()
    revert_url = reverse("admin:orgs_organization_simple_history", args=[organization.pk, original.history_id])
    revert = Form(editor, revert_url, Organization, "historicalorganization_form")

    form = Form(curator, change_url(organization), Organization)
    form.set("description_en", "Works for the rights of everyone.")
    assert_saved(form.save())
    response = revert.save()

    assert_refused(
        response, STALE_RECORD, change_line(Organization, "description_en", "Works for the rights of everyone.")
    )
    organization.refresh_from_db()
    assert organization.name_en == "Rainbow Network International"
    assert organization.history.count() == 3

    revert = Form(editor, revert_url, Organization, "historicalorganization_form")
    assert_saved(revert.save())
    organization.refresh_from_db()
    assert organization.name_en == "Rainbow Network"


def test_the_refusal_is_in_arabic_for_an_arabic_admin():
    editor, curator = staff("Editor", "editor-ar", "ar"), staff("Curator", "curator-ar", "ar")
    region = RegionFactory(name_ar="مصر", name_en="Egypt")
    first = Form(editor, change_url(region), Region)
    second = Form(curator, change_url(region), Region)
    first.set("name_ar", "جمهورية مصر العربية")
    assert_saved(first.save())
    second.set("name_en", "Arab Republic of Egypt")
    response = second.save()

    with translation.override("ar"):
        arabic = str(STALE_RECORD)
    with translation.override("en"):
        assert arabic != str(STALE_RECORD)
    assert_refused(response, STALE_RECORD, change_line(Region, "name_ar", "جمهورية مصر العربية", "ar"), language="ar")
    region.refresh_from_db()
    assert region.name_en == "Egypt"


def test_the_passage_admin_refuses_a_stale_form(editor, curator):
    passage = PassageFactory(text_en="The network held a workshop.")
    first = Form(editor, change_url(passage), Passage)
    second = Form(curator, change_url(passage), Passage)
    first.set("kind", "question")
    assert_saved(first.save())
    second.set("text_en", "The network held a big workshop.")
    response = second.save()

    with translation.override("en"):
        kind = str(Passage.Kind.QUESTION.label)
    assert_refused(response, STALE_RECORD, change_line(Passage, "kind", kind))
    passage.refresh_from_db()
    assert (passage.kind, passage.text_en) == ("question", "The network held a workshop.")


def test_the_stored_rows_are_locked_while_the_form_is_compared(editor):
    passage = PassageFactory()
    form = Form(editor, change_url(passage.source), Source)
    form.set(form.row("passages", passage.pk) + "-text_en", "The organization works with local activists.")
    with CaptureQueriesContext(connection) as queries:
        assert_saved(form.save())
    statements = [query["sql"] for query in queries]
    locks = [index for index, sql in enumerate(statements) if sql.endswith("FOR UPDATE")]
    first_write = next(index for index, sql in enumerate(statements) if sql.startswith("UPDATE"))
    tables = [statements[index].split(" FROM ")[1].split()[0] for index in locks]
    # The source is locked first (as the admin reads it), then all its passages in one query,
    # all before anything is written.
    assert tables[0] == '"sources_source"'
    assert tables.count('"sources_passage"') == 1
    assert set(tables) == {'"sources_source"', '"sources_passage"'}
    assert max(locks) < first_write
