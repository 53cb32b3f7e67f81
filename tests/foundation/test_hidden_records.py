"""No hidden record (unpublished or sensitive, or public but tied to a hidden one) reaches any public response.

One knowledge base holds a few public records and, for every way a record can be hidden, a
record whose every text carries a marker word of its own (English `zqx…`, Arabic `ظظغ…`) and
whose slug starts with `zqx-`. Every public page, filter, search and CSV export is requested in
both languages; no body or header may hold a marker or a hidden slug. A request that names a
hidden slug or marker itself must answer exactly as the same request naming something that
never existed (the input echoed back is replaced before comparing), so a visitor cannot tell
a hidden record from a missing one.
"""

import csv
import io
import re
from urllib.parse import quote

import pytest

from orgs.models import Region
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    PassageFactory,
    RegionFactory,
    RelationshipFactory,
    RelationshipPassageFactory,
    SourceFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("ar", "en")
SENTINEL_EN = "zqx"
SENTINEL_AR = "ظظغ"
# Stand-ins for an input naming a hidden record: the same shape, naming nothing that exists.
STAND_IN_EN = "vbk"
STAND_IN_AR = "ششث"
LATIN_TO_ARABIC = dict(zip("abcdefghijklmnopqrstuvwxyz", "ابتثجحخدذرزسشصضطظعغفقكلمنه", strict=True))

KEYS = [
    "orgunpub",
    "orgsens",
    "alias",
    "stratunpub",
    "stratsens",
    "regionunpub",
    "regionsens",
    "sourceunpub",
    "sourcesens",
    "passagesens",
    "passageunpubsource",
    "passagesenssource",
    "evunpub",
    "evsens",
    "evorg",
    "evstrat",
    "relunpub",
    "relorg",
    "relfromhidden",
]
HIDDEN_SLUGS = {
    "organization": ["zqx-org-unpub", "zqx-org-sens"],
    "strategy": ["zqx-strat-unpub", "zqx-strat-sens"],
    "region": ["zqx-region-unpub", "zqx-region-sens"],
    "source": ["zqx-source-unpub", "zqx-source-sens"],
}
DETAIL = {"organization": "organizations", "strategy": "strategies", "region": "regions", "source": "sources"}
# A published region that only hidden records use: public itself, but it counts nothing.
LONELY = "lonely-province"


def en(key):
    return f"{SENTINEL_EN}{key}"


def ar(key):
    return SENTINEL_AR + "".join(LATIN_TO_ARABIC[c] for c in key)


def texts(field, key, prefix_en="", prefix_ar=""):
    """Return {field_ar, field_en} holding the key's marker in each language."""
    return {f"{field}_en": f"{prefix_en}{en(key)}".strip(), f"{field}_ar": f"{prefix_ar}{ar(key)}".strip()}


def cite(factory, passage, key, **kwargs):
    """Cite the key's marker, which the passage's text holds in both languages."""
    return factory(passage=passage, quote_en=en(key), quote_ar=ar(key), **kwargs)


def hidden_passage_text(keys, **kwargs):
    return {
        "text_en": "Confidential notes: " + " ".join(en(k) for k in keys) + ".",
        "text_ar": "ملاحظات سرية: " + " ".join(ar(k) for k in keys) + ".",
        **kwargs,
    }


@pytest.fixture
def kb(db):
    """Build the public records and, around them, a hidden record of every kind."""
    world = RegionFactory(slug="world", name_en="World", name_ar="العالم", kind=Region.Kind.WORLD)
    africa = RegionFactory(slug="africa", name_en="Africa", name_ar="أفريقيا", kind=Region.Kind.CONTINENT, parent=world)
    kenya = RegionFactory(slug="kenya", name_en="Kenya", name_ar="كينيا", parent=africa, iso_code="KE")
    region_unpub = RegionFactory(slug="zqx-region-unpub", parent=kenya, published=False, **texts("name", "regionunpub"))
    region_sens = RegionFactory(slug="zqx-region-sens", parent=world, sensitive=True, **texts("name", "regionsens"))
    lonely = RegionFactory(slug=LONELY, name_en="Lonely Province", name_ar="إقليم وحيد", parent=africa)
    # A public region inside a hidden one: shown as a root, its parent never named.
    RegionFactory(slug="inner-town", name_en="Inner Town", name_ar="بلدة داخلية", kind="city", parent=region_unpub)

    awareness = StrategyFactory(slug="public-awareness", name_en="Public awareness", name_ar="التوعية العامة")
    social = StrategyFactory(slug="social-media", name_en="Social media", name_ar="وسائل التواصل", parent=awareness)
    strat_unpub = StrategyFactory(
        slug="zqx-strat-unpub",
        parent=awareness,
        published=False,
        **texts("name", "stratunpub"),
        **texts("description", "stratunpub", "About "),
    )
    strat_sens = StrategyFactory(
        slug="zqx-strat-sens", sensitive=True, **texts("name", "stratsens"), **texts("description", "stratsens", "On ")
    )
    StrategyFactory(slug="orphan-tactic", name_en="Orphan tactic", name_ar="تكتيك يتيم", parent=strat_unpub)

    alpha = OrganizationFactory(slug="alpha", name_en="Alpha Network", name_ar="شبكة ألفا", country=kenya)
    alpha.regions.set([africa, region_unpub])
    beta = OrganizationFactory(slug="beta", name_en="Beta Collective", name_ar="تجمع بيتا", country=region_unpub)
    beta.regions.set([region_sens])
    OrganizationNameFactory(organization=alpha, name="AN", kind="acronym", language="en")
    hidden_orgs = {}
    for key, slug, flags in (
        ("orgunpub", "zqx-org-unpub", {"published": False}),
        ("orgsens", "zqx-org-sens", {"sensitive": True}),
    ):
        org = OrganizationFactory(
            slug=slug,
            country=kenya,
            **flags,
            **texts("name", key),
            **texts("description", key, "Works on "),
            **texts("facts_source", key, "Facts: "),
        )
        org.regions.set([africa, lonely])
        OrganizationNameFactory(organization=org, name=en("alias") + key, kind="alias", language="en")
        OrganizationNameFactory(organization=org, name=ar("alias") + ar(key), kind="former", language="ar")
        hidden_orgs[key] = org

    report = SourceFactory(slug="report", title_en="A report", title_ar="تقرير", original_language="ar")
    p1 = PassageFactory(
        source=report,
        position=1,
        text_ar="تعمل ألفا مع النشطاء المحليين عبر وسائل التواصل.",
        text_en="Alpha works with local activists through social media.",
    )
    p2 = PassageFactory(
        source=report,
        position=2,
        text_ar="تنظم بيتا حملات توعية في أفريقيا.",
        text_en="Beta runs awareness campaigns in Africa.",
    )
    claim_keys = ["passagesens", "evunpub", "evsens", "evorg", "evstrat", "relunpub", "relorg", "relfromhidden"]
    p_sens = PassageFactory(source=report, position=3, sensitive=True, **hidden_passage_text(claim_keys))
    hidden_sources = {}
    for key, text_key, slug, flags in (
        ("sourceunpub", "passageunpubsource", "zqx-source-unpub", {"published": False}),
        ("sourcesens", "passagesenssource", "zqx-source-sens", {"sensitive": True}),
    ):
        source = SourceFactory(
            slug=slug,
            **flags,
            **texts("title", key),
            **texts("author", key, "By "),
            **texts("research_question", key, "Why "),
            **texts("notes", key, "Notes "),
        )
        hidden_sources[key] = PassageFactory(source=source, position=1, **hidden_passage_text([key, text_key]))

    # Public claims, each also citing hidden passages whose quotes must stay hidden.
    alpha_social = EvidenceFactory(organization=alpha, strategy=social)
    alpha_social.regions.set([kenya, region_unpub])
    EvidencePassageFactory(evidence=alpha_social, passage=p1, quote_ar="النشطاء المحليين", quote_en="local activists")
    cite(EvidencePassageFactory, p_sens, "passagesens", evidence=alpha_social)
    cite(EvidencePassageFactory, hidden_sources["sourceunpub"], "passageunpubsource", evidence=alpha_social)
    cite(EvidencePassageFactory, hidden_sources["sourcesens"], "passagesenssource", evidence=alpha_social)
    beta_awareness = EvidenceFactory(organization=beta, strategy=awareness)
    beta_awareness.regions.set([africa, region_sens])
    EvidencePassageFactory(evidence=beta_awareness, passage=p2, quote_ar="حملات توعية", quote_en="awareness campaigns")

    # Hidden claims: unpublished, sensitive, or about a hidden organization or strategy.
    hidden_claims = [
        ("evunpub", beta, social, {"published": False}),
        ("evsens", alpha, awareness, {"sensitive": True}),
        ("evorg", hidden_orgs["orgunpub"], social, {}),
        ("evorg", hidden_orgs["orgsens"], awareness, {}),
        ("evstrat", alpha, strat_unpub, {}),
        ("evstrat", beta, strat_sens, {}),
    ]
    for key, organization, strategy, flags in hidden_claims:
        claim = EvidenceFactory(organization=organization, strategy=strategy, **flags, **texts("summary", key, "Uses "))
        claim.regions.set([kenya, lonely])
        cite(EvidencePassageFactory, p_sens, key, evidence=claim)
        EvidencePassageFactory(evidence=claim, passage=p1, quote_ar="النشطاء المحليين", quote_en="local activists")

    # Relationships: one public (citing a sensitive passage), the rest hidden.
    public_link = RelationshipFactory(subject=alpha, target=beta, kind="collaborates_with")
    RelationshipPassageFactory(relationship=public_link, passage=p1, quote_ar="ألفا", quote_en="Alpha")
    cite(RelationshipPassageFactory, p_sens, "passagesens", relationship=public_link)
    hidden_links = [
        ("relunpub", alpha, beta, "funds", {"published": False}),
        ("relorg", alpha, hidden_orgs["orgsens"], "member_of", {}),
        ("relorg", beta, hidden_orgs["orgunpub"], "funds", {}),
        ("relfromhidden", hidden_orgs["orgunpub"], alpha, "collaborates_with", {}),
        ("relfromhidden", hidden_orgs["orgsens"], beta, "opposes", {}),
    ]
    for key, subject, target, kind, flags in hidden_links:
        link = RelationshipFactory(
            subject=subject, target=target, kind=kind, **flags, **texts("description", key, "Linked ")
        )
        cite(RelationshipPassageFactory, p_sens, key, relationship=link)
        RelationshipPassageFactory(relationship=link, passage=p1, quote_ar="ألفا", quote_en="Alpha")
    return {"lonely": lonely}


def body(response):
    """Return a response's text: the page, or the whole CSV file, with its headers."""
    if response.streaming:
        content = b"".join(response.streaming_content).decode("utf-8-sig")
    else:
        content = response.content.decode()
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    return f"{headers}\n\n{content}"


def leaks(text):
    """Return the hidden markers and slugs found in a text."""
    found = [word for key in KEYS for word in (en(key), ar(key)) if word in text]
    found += [slug for slugs in HIDDEN_SLUGS.values() for slug in slugs if slug in text]
    if not found and (SENTINEL_EN in text.lower() or SENTINEL_AR in text):
        found.append("a marker")
    return found


def stand_in(text):
    """Turn every hidden marker or slug in a text (plain or percent-encoded) into one that names nothing."""
    text = text.replace(SENTINEL_EN, STAND_IN_EN).replace(SENTINEL_AR, STAND_IN_AR)
    return text.replace(quote(SENTINEL_AR), quote(STAND_IN_AR))


def get(client, path):
    """Request a path as a browser sends it: non-ASCII characters percent-encoded."""
    return client.get(quote(path, safe="/?&=%"))


def with_csv(path):
    return f"{path}{'&' if '?' in path else '?'}format=csv"


PUBLIC_DETAILS = [
    "organizations/alpha/",
    "organizations/beta/",
    "strategies/public-awareness/",
    "strategies/social-media/",
    "strategies/orphan-tactic/",
    "regions/world/",
    "regions/africa/",
    "regions/kenya/",
    f"regions/{LONELY}/",
    "regions/inner-town/",
    "sources/report/",
]
LISTS = [
    "organizations/",
    "organizations/?kind=international_ngo",
    "organizations/?region=africa",
    "organizations/?region=kenya",
    f"organizations/?region={LONELY}",
    "organizations/?strategy=public-awareness",
    "organizations/?strategy=social-media&region=world",
    "strategies/",
    "regions/",
    "sources/",
    "sources/?kind=essay",
    "sources/?original_language=ar",
    "evidence/",
    "evidence/?organization=alpha",
    "evidence/?organization=beta",
    "evidence/?strategy=public-awareness",
    "evidence/?region=africa",
    f"evidence/?region={LONELY}",
    "evidence/?source=report",
    "evidence/?status=reported",
    "evidence/?kind=international_ngo",
    "matrix/",
    "matrix/?by=regions",
    "matrix/?strategy=public-awareness",
    "matrix/?region=africa",
    "matrix/?by=regions&region=africa",
    "matrix/?kind=international_ngo",
]
# Words every record shares, so a search returns as much as it can.
BROAD_SEARCHES = ["search/?q=activists", "search/?q=النشطاء", "search/?q=alpha", "search/?q=report or africa"]
BROAD_SEARCHES += [f"search/?q=activists&type={kind}" for kind in ("organization", "passage", "source", "region")]
BROAD_SEARCHES += ["search/?q=activists&region=africa", "search/?q=activists&strategy=public-awareness"]
BROAD_SEARCHES += ["search/?q=activists&source=report", "search/?q=kenya&region=africa"]


def paths_that_must_not_mention_hidden_records():
    paths = ["", *PUBLIC_DETAILS, *LISTS, *BROAD_SEARCHES]
    return paths + [with_csv(path) for path in LISTS + BROAD_SEARCHES]


def paths_naming_hidden_records():
    """Return requests whose own input names a hidden record (a filter, a search, its URL)."""
    paths = []
    for model, slugs in HIDDEN_SLUGS.items():
        for slug in slugs:
            paths.append(f"{DETAIL[model]}/{slug}/")
            paths.append(f"search/?q={slug}")
            if model in ("region", "strategy"):
                paths += [
                    f"organizations/?{model}={slug}",
                    f"matrix/?{model}={slug}",
                    f"matrix/?by=regions&{model}={slug}",
                ]
            if model != "organization":
                paths.append(f"search/?q=activists&{model}={slug}")
            paths.append(f"evidence/?{model}={slug}")
    for key in KEYS:
        paths += [f"search/?q={en(key)}", f"search/?q={ar(key)}", f"search/?q={en(key)}&type=passage"]
    lists = [path for path in paths if not re.match(r"^\w+/zqx", path)]
    return paths + [with_csv(path) for path in lists]


def test_no_public_response_holds_a_hidden_record(client, kb):
    found = {}
    for language in LANGUAGES:
        for path in paths_that_must_not_mention_hidden_records():
            response = get(client, f"/{language}/{path}")
            assert response.status_code == 200, path
            if leaked := leaks(body(response)):
                found[f"/{language}/{path}"] = leaked
    assert found == {}


def test_a_request_naming_a_hidden_record_answers_as_if_it_never_existed(client, kb):
    differ = []
    for language in LANGUAGES:
        for path in paths_naming_hidden_records():
            hidden = get(client, f"/{language}/{path}")
            missing = get(client, f"/{language}/{stand_in(path)}")
            if hidden.status_code != missing.status_code or stand_in(body(hidden)) != body(missing):
                differ.append(f"/{language}/{path}")
            # A detail URL of a hidden record is a plain 404; a list naming one is an empty list.
            assert hidden.status_code == (404 if re.match(r"^\w+/zqx", path) else 200), path
    assert differ == []


def test_the_404_page_of_a_hidden_record_does_not_echo_its_address_or_query(client, kb):
    for language in LANGUAGES:
        other = "en" if language == "ar" else "ar"
        for model, slugs in HIDDEN_SLUGS.items():
            for slug in slugs:
                response = client.get(f"/{language}/{DETAIL[model]}/{slug}/?q=<b>{slug}</b>")
                assert response.status_code == 404
                html = body(response)
                assert leaks(html) == [] and "&lt;b&gt;" not in html and "%3Cb%3E" not in html
                # The language switch leads to the other language's home page.
                assert f'href="/{other}/" lang="{other}"' in html


def numbers(html, pattern):
    return [int(n) for n in re.findall(pattern, html)]


def test_home_counts_only_public_records(client, kb):
    html = client.get("/en/").content.decode()
    stats = dict((label, int(n)) for n, label in re.findall(r'stats__number">(\d+)</span> ([a-z ]+)</a>', html))
    # Regions: world, africa, kenya, the lonely province and the inner town; passages: 1 and 2 of the report.
    assert stats == {
        "organizations": 2,
        "strategies": 3,
        "regions": 5,
        "sources": 1,
        "passages": 2,
        "claims with evidence": 2,
    }
    categories = re.findall(r'strategies/([\w-]+)/">[^<]+<span class="count">\((\d+)\)', html)
    assert categories == [("orphan-tactic", "0"), ("public-awareness", "2")]


def facet_counts(html, key):
    section = html.split(f'id="facet-{key}"', 1)[1].split("</section>", 1)[0]
    return dict(re.findall(rf'\?{key}=([\w-]+)"[^>]*>[^<]*(?:<[^>]+>[^<]*)*?</a> <span class="count">(\d+)', section))


def test_facet_counts_count_public_records_only(client, kb):
    html = client.get("/en/organizations/").content.decode()
    assert facet_counts(html, "kind") == {"international_ngo": "2"}
    # Beta's seat and regions are all hidden, so only Alpha counts for a place.
    assert facet_counts(html, "region") == {"world": "1", "africa": "1", "kenya": "1"}
    assert facet_counts(html, "strategy") == {"public-awareness": "2", "social-media": "1"}
    region_list = client.get("/en/regions/").content.decode()
    rows = dict(re.findall(r'regions/([\w-]+)/">[^<]+</a></th>\s*<td class="numeric">(?:<a [^>]+>)?(\d+)', region_list))
    assert rows == {"world": "1", "africa": "1", "kenya": "1", LONELY: "0", "inner-town": "0"}
    strategy_list = client.get("/en/strategies/").content.decode()
    totals = dict(re.findall(r'strategies/([\w-]+)/">[^<]+</a>\s*<span class="count">(\d+) claims?', strategy_list))
    assert totals == {"public-awareness": "2", "social-media": "1"}


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_matrix_cells_count_public_claims_only(client, kb):
    rows = csv_rows(client.get("/en/matrix/?format=csv"))
    assert [(r["slug"], r["public-awareness"], r["orphan-tactic"]) for r in rows] == [
        ("alpha", "1", "0"),
        ("beta", "1", "0"),
    ]
    rows = csv_rows(client.get("/en/matrix/?by=regions&format=csv"))
    # Alpha's claim is tagged Kenya (and a hidden region), Beta's Africa (and a sensitive region).
    assert {r["slug"]: r["public-awareness"] for r in rows} == {"world": "2", "africa": "2", "kenya": "1"}
    rows = csv_rows(client.get("/en/matrix/?strategy=public-awareness&format=csv"))
    # Inside the category, only its public sub-strategies are columns: Beta's claim is on the category itself.
    assert [(r["slug"], r["social-media"]) for r in rows] == [("alpha", "1")]


def test_search_counts_only_public_records(client, kb):
    html = client.get("/en/search/?q=activists").content.decode()
    # Only passage 1 of the report says "activists" publicly, and one public claim quotes it;
    # the hidden claims quote it too but are not searched.
    assert leaks(html) == []
    rows = csv_rows(client.get("/en/search/?q=activists&format=csv"))
    assert sorted((r["type"], r["slug"], r["title_en"]) for r in rows) == [
        ("claim", "", "Alpha Network: Social media"),
        ("passage", "report", "A report §1"),
    ]
    rows = csv_rows(client.get(f"/en/search/?q=activists&region={LONELY}&format=csv"))
    assert rows == []
    # Beta is based only in a hidden region inside Kenya: a search filtered on Kenya must not find it.
    for language in LANGUAGES:
        rows = csv_rows(client.get(f"/{language}/search/?q=beta&region=kenya&format=csv"))
        assert [r["slug"] for r in rows] == []
        assert csv_rows(client.get(f"/{language}/organizations/?region=kenya&format=csv"))[0]["slug"] == "alpha"


def test_a_region_only_hidden_records_use_counts_nothing_anywhere(client, kb):
    for language in LANGUAGES:
        for path in ("", "organizations/", "evidence/", "matrix/?by=regions", "organizations/alpha/"):
            html = get(client, f"/{language}/{path}").content.decode()
            # The filter forms may offer it (it is public); no link, count or row may name it.
            assert f"region={LONELY}" not in html and f"regions/{LONELY}/" not in html, path
        html = client.get(f"/{language}/regions/{LONELY}/").content.decode()
        assert "organizations/alpha/" not in html and "strategies/public-awareness/" not in html
        assert csv_rows(client.get(f"/{language}/organizations/?region={LONELY}&format=csv")) == []
        assert csv_rows(client.get(f"/{language}/evidence/?region={LONELY}&format=csv")) == []


def test_public_csv_never_names_a_hidden_parent_region_or_country(client, kb):
    regions = {r["slug"]: r for r in csv_rows(client.get("/en/regions/?format=csv"))}
    assert regions["inner-town"]["parent"] == ""
    organizations = {r["slug"]: r for r in csv_rows(client.get("/en/organizations/?format=csv"))}
    assert organizations["beta"]["country"] == "" and organizations["beta"]["regions"] == ""
    assert organizations["alpha"]["regions"] == "africa"
    strategies = {r["slug"]: r for r in csv_rows(client.get("/en/strategies/?format=csv"))}
    assert strategies["orphan-tactic"]["parent"] == ""


def test_the_admin_view_on_site_link_of_a_hidden_record_gives_the_public_nothing(client, kb):
    from django.contrib.contenttypes.models import ContentType

    from orgs.models import Organization

    hidden = Organization.objects.get(slug="zqx-org-sens")
    link = f"/admin/r/{ContentType.objects.get_for_model(Organization).pk}/{hidden.pk}/"
    # Anonymous visitors are sent to the login page, never to the record's address.
    response = client.get(link)
    assert response.status_code == 302 and "zqx" not in response["Location"]
    assert response["Location"].startswith("/admin/login/")
    # The address the link leads staff to is a plain 404 for the public.
    assert client.get(hidden.get_absolute_url()).status_code == 404
