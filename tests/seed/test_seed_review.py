"""The editors' review of the seed: names, identifications, summaries, groupings; applied by load_seed."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from orgs.models import Organization, OrganizationName, Region
from strategies.models import Evidence, EvidencePassage
from tests.seed.test_load_seed import history_count
from website.seed.loader import INTERNAL_WORDING, seed_data, seed_load

pytestmark = pytest.mark.django_db

CALQUE = "Organization of Action for Gay Rights at the Global Level"
INTERNAL = INTERNAL_WORDING


@pytest.fixture
def seeded():
    return seed_load()


def before_review():
    """Return the seed data as it stood before the editors' review, in the parts the review changed."""
    data = seed_data()
    outright = next(o for o in data["organizations"] if o["slug"] == "outright-action-international")
    outright["name_en"] = "OutRight Action International"
    outright["identification"] = "as_named"
    outright["other_names"] = [o for o in outright["other_names"] if o["name"] != "OutRight Action International"]
    outright["other_names"].append({"name": CALQUE, "kind": "alias", "language": "en", "used_until": None})
    pflag = next(o for o in data["organizations"] if o["slug"] == "pflag")
    pflag["other_names"][0]["used_until"] = None
    pride = next(e for e in data["evidence"] if e["organization"] == "moscow-pride")
    pride["status"] = "reported"
    for name in ("status_note_ar", "status_note_en", "status_source_ar", "status_source_en", "status_source_url"):
        pride[name] = ""
    pride["status_source_date"] = None
    queeristan = next(o for o in data["organizations"] if o["slug"] == "queeristan")
    queeristan["website"] = "https://queeristan.org"
    for region in data["regions"]:
        region["also_in"] = []
    lobbying = next(
        e
        for e in data["evidence"]
        if (e["organization"], e["strategy"])
        == ("international-advocacy-networks", "lobbying-governments-and-legislators")
    )
    lobbying["citations"] = lobbying["citations"][1:]
    return data


def test_load_seed_applies_the_review_to_an_existing_database_and_then_changes_nothing(tmp_path):
    path = tmp_path / "before.json"
    path.write_text(json.dumps(before_review(), ensure_ascii=False), encoding="utf-8")
    seed_load(path=path)
    assert OrganizationName.objects.filter(name=CALQUE).exists()

    out = StringIO()
    call_command("load_seed", stdout=out)

    assert "Seed loaded." in out.getvalue()
    outright = Organization.objects.get(slug="outright-action-international")
    assert outright.name_en == "Outright International"
    assert not OrganizationName.objects.filter(name=CALQUE).exists()
    assert OrganizationName.objects.get(name="Parents, Families and Friends of Lesbians and Gays").used_until == 2014
    assert Evidence.objects.get(organization__slug="moscow-pride").is_disputed
    assert Organization.objects.get(slug="queeristan").website == ""
    assert set(Region.objects.get(slug="ukraine").also_in.values_list("slug", flat=True)) == {"europe"}
    assert EvidencePassage.objects.filter(
        evidence__strategy__slug="lobbying-governments-and-legislators", passage__position=1
    ).exists()

    history = history_count()
    again = StringIO()
    call_command("load_seed", stdout=again)
    assert "nothing changed" in again.getvalue()
    assert history_count() == history


def test_names_are_current_with_former_names_and_their_years(seeded):
    def names(slug):
        return {(n.name, n.kind, n.used_until) for n in OrganizationName.objects.filter(organization__slug=slug)}

    assert Organization.objects.get(slug="outright-action-international").name_en == "Outright International"
    assert {
        ("OutRight Action International", "former", 2022),
        ("International Gay and Lesbian Human Rights Commission", "former", 2015),
        ("IGLHRC", "former", 2015),
    } <= names("outright-action-international")
    assert ("Human Rights Campaign Fund", "former", 1995) in names("human-rights-campaign")
    assert ("Parents, Families and Friends of Lesbians and Gays", "former", 2014) in names("pflag")
    assert not OrganizationName.objects.filter(name__icontains="Global Level").exists()
    assert not OrganizationName.objects.filter(kind="former", used_until__isnull=True).exists()


def test_the_organization_page_shows_the_current_name_and_former_names_with_years(client, seeded):
    page = client.get("/en/organizations/outright-action-international/").content.decode()

    assert "<h1>Outright International</h1>" in page
    assert 'OutRight Action International</span> <span class="muted">(Former name, until 2022)' in page
    assert "Identified by the editors: probable" in page
    assert "The link is the editors&#x27;, not the essay&#x27;s." in page


def test_the_editors_identifications_are_marked_as_theirs(seeded):
    named_by_the_editors = Organization.objects.exclude(identification=Organization.Identification.AS_NAMED)
    for organization in named_by_the_editors:
        assert organization.identification_note_ar and organization.identification_note_en, organization.slug
    collectives = Organization.objects.filter(kind=Organization.Kind.COLLECTIVE)
    assert set(collectives.values_list("identification", flat=True)) == {Organization.Identification.AS_NAMED}
    queeristan = Organization.objects.get(slug="queeristan")
    assert queeristan.identification == Organization.Identification.UNVERIFIED
    assert "Amsterdam" in queeristan.identification_note_en and "أمستردام" in queeristan.identification_note_ar
    partners = Evidence.objects.get(
        organization__slug="human-rights-campaign", strategy__slug="partnerships-with-international-organizations"
    )
    assert "the editors'" in partners.summary_en and "المحررين" in partners.summary_ar


def test_queeristan_links_to_no_website_it_is_not(client, seeded):
    page = client.get("/en/organizations/queeristan/").content.decode()
    assert 'href="https://queeristan.org"' not in page
    assert "Not matched to a known organization" in page


def test_summaries_say_only_what_their_quotes_say(seeded):
    lobbying = Evidence.objects.get(
        organization__slug="international-advocacy-networks", strategy__slug="lobbying-governments-and-legislators"
    )
    assert "can include working directly with legislators" in lobbying.summary_en
    assert any("This can include working directly" in c.quote_en for c in lobbying.citations.all())
    ads = Evidence.objects.get(strategy__slug="social-advertising-with-personal-stories")
    (quote,) = ads.citations.all()
    for words in ("personal stories", "international audience"):
        assert words in ads.summary_en and words in quote.quote_en
    assert "قصصًا شخصية" in quote.quote_ar and "جمهور دولي" in quote.quote_ar
    organizing = Evidence.objects.get(organization__slug="human-rights-campaign", strategy__slug="community-organizing")
    assert "nothing more" in organizing.summary_en


def test_public_pages_carry_no_internal_wording(client, seeded):
    urls = ["/en/evidence/", "/ar/evidence/", "/en/sources/", "/ar/sources/"]
    urls += [
        f"/{lang}/organizations/{slug}/"
        for slug in Organization.objects.values_list("slug", flat=True)
        for lang in ("en", "ar")
    ]
    urls += [
        f"/{lang}/sources/{slug}/"
        for slug in ("international-networks-lgbtq-strategies", "eurasian-queer-transnational-solidarity")
        for lang in ("en", "ar")
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not INTERNAL.search(response.content.decode()), url


def test_one_name_per_collective_actor_outside_quotes(seeded):
    quoted = re.compile(r"«[^»]*»|\"[^\"]*\"")
    others = {
        name.casefold()
        for name in OrganizationName.objects.filter(organization__kind=Organization.Kind.COLLECTIVE).values_list(
            "name", flat=True
        )
    }
    texts = [(e.pk, e.summary_ar, e.summary_en) for e in Evidence.objects.all()]
    for pk, *summaries in texts:
        for summary in summaries:
            bare = quoted.sub(" ", summary).casefold()
            assert not [name for name in others if name in bare], pk
