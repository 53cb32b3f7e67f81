"""The guards a member of the public or an editor meets: hidden related regions, quotes kept, Arabic search folding."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation

from orgs.models import Region
from sources.models import Passage
from sources.quotes import ERROR_PASSAGE_DROPS_QUOTE, isolated
from tests.admin_forms import form_data
from tests.csv.conftest import read_rows
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    PassageFactory,
    RegionFactory,
    RelationshipPassageFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

HIDDEN_NAMES = ("Zqxland", "زقكسلاند", "zqx-hidden-country")


def page(client, language, name, **kwargs):
    with translation.override(language):
        url = reverse(name, kwargs=kwargs or None)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def csv_of(client, name):
    with translation.override("en"):
        url = reverse(name)
    response = client.get(url + "?format=csv")
    return {row["slug"]: row for row in read_rows(b"".join(response.streaming_content))}


@pytest.mark.parametrize("hidden_by", [{"sensitive": True}, {"published": False}])
def test_a_hidden_country_or_parent_region_is_never_named_in_public(client, hidden_by):
    world = RegionFactory(slug="world", name_en="World", name_ar="العالم", kind=Region.Kind.WORLD)
    country = RegionFactory(
        slug="zqx-hidden-country",
        name_en="Zqxland",
        name_ar="زقكسلاند",
        kind=Region.Kind.COUNTRY,
        parent=world,
        **hidden_by,
    )
    town = RegionFactory(
        slug="open-town", name_en="Open Town", name_ar="بلدة مفتوحة", kind=Region.Kind.CITY, parent=country
    )
    OrganizationFactory(slug="open-org", name_en="Open Org", name_ar="منظمة مفتوحة", country=country)

    for language in ("en", "ar"):
        pages = [
            page(client, language, "organization-list"),
            page(client, language, "organization-detail", slug="open-org"),
            page(client, language, "region-list"),
            page(client, language, "region-detail", slug=town.slug),
        ]
        for html in pages:
            assert not any(name in html for name in HIDDEN_NAMES)
        assert "Open Org" in pages[0] or "منظمة مفتوحة" in pages[0]
    assert csv_of(client, "organization-list")["open-org"]["country"] == ""
    assert csv_of(client, "region-list")["open-town"]["parent"] == ""


def test_an_unreviewed_passage_or_citation_of_a_public_source_and_claim_stays_out_of_public_view(client):
    """A curator's passage and citation wait for an editor's review, inside records that are public."""
    source = SourceFactory(slug="open-report", title_en="Open report", title_ar="تقرير مفتوح")
    reviewed = PassageFactory(
        source=source, position=1, text_en="Activists lobby the parliament.", text_ar="يضغط النشطاء على البرلمان."
    )
    PassageFactory(
        source=source, position=2, published=False, text_en="Unreviewed zqxdraft words.", text_ar="كلمات ظظغمسودة."
    )
    other = PassageFactory(
        source=source, position=3, text_en="Groups meet the parliament.", text_ar="تلتقي المجموعات بالبرلمان."
    )
    claim = EvidenceFactory(organization=OrganizationFactory(slug="open-org"))
    EvidencePassageFactory(evidence=claim, passage=reviewed, quote_en="Activists lobby", quote_ar="يضغط النشطاء")
    unreviewed = EvidencePassageFactory(
        evidence=claim, passage=other, quote_en="meet the parliament", quote_ar="بالبرلمان", published=False
    )

    for language in ("en", "ar"):
        source_page = page(client, language, "source-detail", slug="open-report")
        assert 'id="p1"' in source_page and 'id="p2"' not in source_page
        assert "zqxdraft" not in source_page and "ظظغمسودة" not in source_page
        assert f'id="q{unreviewed.pk}"' not in source_page and 'id="p3"' in source_page
        third = source_page[source_page.index('id="p3"') : source_page.index("</ol>")]
        assert f"/evidence/{claim.pk}/" not in third and f"/evidence/{claim.pk}/" in source_page
        claim_page = client.get(claim.get_absolute_url().replace("/en/", f"/{language}/")).content.decode()
        assert claim_page.count('class="citation"') == 1 and f"citation-{unreviewed.pk}" not in claim_page
    assert "zqxdraft" not in b"".join(client.get("/en/sources/?format=csv").streaming_content).decode()
    evidence = b"".join(client.get("/en/evidence/?format=csv").streaming_content).decode()
    assert "Activists lobby" in evidence and "meet the parliament" not in evidence
    assert not Passage.objects.published().search("zqxdraft").exists()


def editor():
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def test_an_editor_cannot_drop_words_a_relationship_quotes_and_is_told_why(client):
    citation = RelationshipPassageFactory()
    passage = citation.passage
    original = passage.text_en
    client.force_login(editor())
    url = reverse("admin:sources_passage_change", args=[passage.pk])
    data = form_data(client.get(url))
    data["text_en"] = "Rewritten without the quoted words."
    response = client.post(url, data)
    assert response.status_code == 200
    assert str(ERROR_PASSAGE_DROPS_QUOTE % {"quote": isolated(citation.quote_en)}) in response.content.decode()
    passage.refresh_from_db()
    assert passage.text_en == original


def test_an_editor_cannot_drop_words_a_claim_quotes_from_the_source_form(client):
    from tests.factories import EvidencePassageFactory

    citation = EvidencePassageFactory()
    passage = citation.passage
    original = passage.text_ar
    client.force_login(editor())
    url = reverse("admin:sources_source_change", args=[passage.source.pk])
    data = form_data(client.get(url))
    index = next(i for i in range(len(data)) if data.get(f"passages-{i}-id") == str(passage.pk))
    data[f"passages-{index}-text_ar"] = "نص جديد بلا الكلمات المقتبسة"
    response = client.post(url, data)
    assert response.status_code == 200
    assert str(ERROR_PASSAGE_DROPS_QUOTE % {"quote": isolated(citation.quote_ar)}) in response.content.decode()
    passage.refresh_from_db()
    assert passage.text_ar == original


def searched(client, language, query):
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_a_word_with_the_conjunction_wa_finds_the_word_alone(client):
    PassageFactory(text_ar="أطلقت الشبكة حملة واسعة للتوعية.", text_en="The network launched a wide campaign.")
    PassageFactory(text_ar="نص آخر لا علاقة له.", text_en="Unrelated text.")
    html = searched(client, "ar", "وحملة")
    assert "The network launched" in html or "أطلقت الشبكة" in html
    assert "Unrelated text" not in html and "نص آخر" not in html


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("الرحمٰن", "الرحمن"),  # superscript alef, U+0670
        ("داوۥد", "داود"),  # Quranic small waw, U+06E5
        ("النشطاءۖ", "النشطاء"),  # Quranic small high ligature, U+06D6
    ],
)
def test_superscript_alef_and_quranic_marks_do_not_hide_a_word(client, written, typed):
    passage = PassageFactory(text_ar=f"ذكر التقرير {written} في فقرة.", text_en="The report mentions it.")
    assert Passage.objects.published().search(typed).filter(pk=passage.pk).exists()
    assert "The report mentions it" in searched(client, "en", typed) or "ذكر التقرير" in searched(client, "en", typed)
