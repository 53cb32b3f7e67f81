"""Search over records: matching, both languages, publication, highlighting, suggestions, the page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.search import backends
from core.search.query import NOTICE_NO_WORDS, NOTICE_TRUNCATED
from orgs.models import Organization
from sources.models import Passage
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    PassageFactory,
    RegionFactory,
    SourceFactory,
    StrategyFactory,
)
from website.search import service
from website.search.service import NOTICE_SEVERAL_SOURCES, NOTICE_UNKNOWN_FILTER, search_everything

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

GOVERNMENT_AR = "يضغط النشطاء على الحكومة من أجل تغيير القوانين."
CAMPAIGNS_AR = "أطلقت الشبكة حملاتٍ إعلاميةً واسعة."


def found(queryset, query):
    return list(queryset.search(query).values_list("pk", flat=True))


def test_arabic_prefixes_and_plurals_match():
    passage = PassageFactory(text_ar=GOVERNMENT_AR, text_en="Activists lobby the government.")
    other = PassageFactory(text_ar=CAMPAIGNS_AR, text_en="The network launched media campaigns.")
    assert found(Passage.objects.published(), "والحكومات") == [passage.pk]
    assert found(Passage.objects.published(), "حملة") == [other.pk]
    assert found(Passage.objects.published(), "حَمْلَة") == [other.pk]


def test_english_words_find_records_on_either_language_page():
    strategy = StrategyFactory(name_en="Lobbying governments", name_ar="الضغط على الحكومات")
    for language in ("ar", "en"):
        results = search_everything(query="lobbied government", language=language)
        assert [hit.record for hit in results.hits] == [strategy]


def test_all_words_must_match():
    both = PassageFactory(text_en="Media campaigns in cities.", text_ar="نص")
    PassageFactory(text_en="Media outreach only.", text_ar="نص")
    assert found(Passage.objects.published(), "media campaign") == [both.pk]


def test_phrase_needs_the_words_in_order():
    in_order = PassageFactory(text_en="They defend human rights.", text_ar="نص")
    PassageFactory(text_en="Rights of every human.", text_ar="نص")
    assert found(Passage.objects.published(), '"human rights"') == [in_order.pk]


def test_minus_leaves_records_out():
    kept = PassageFactory(text_en="Queer activists in Asia.", text_ar="نص")
    PassageFactory(text_en="Queer activists in Europe.", text_ar="نص")
    assert found(Passage.objects.published(), "queer -europe") == [kept.pk]


def test_or_finds_either_word():
    first = OrganizationFactory(name_en="Alpha Network", name_ar="شبكة ألفا")
    second = OrganizationFactory(name_en="Beta Collective", name_ar="تجمع بيتا")
    OrganizationFactory(name_en="Gamma Group", name_ar="مجموعة غاما")
    assert set(found(Organization.objects.published(), "alpha or beta")) == {first.pk, second.pk}


def test_names_rank_above_descriptions():
    named = OrganizationFactory(name_en="Pride House", name_ar="بيت الفخر", description_en="A shelter.")
    described = OrganizationFactory(name_en="Shelter Fund", name_ar="صندوق", description_en="Funds pride events.")
    assert found(Organization.objects.published(), "pride") == [named.pk, described.pk]


def test_only_public_records_are_found():
    OrganizationFactory(name_en="Hidden Draft", published=False)
    OrganizationFactory(name_en="Hidden Sensitive", sensitive=True)
    PassageFactory(text_en="Hidden passage text.", sensitive=True)
    PassageFactory(text_en="Hidden source text.", source=SourceFactory(published=False))
    results = search_everything(query="hidden", language="en")
    assert results.total == 0
    assert results.hits == []


def test_alias_changes_keep_the_organization_findable():
    organization = OrganizationFactory(name_en="OutRight Action International", name_ar="أوت رايت")
    alias = OrganizationNameFactory(organization=organization, name="IGLHRC", kind="former")
    assert found(Organization.objects.published(), "IGLHRC") == [organization.pk]
    alias.name = "GLHRC"
    alias.save()
    assert found(Organization.objects.published(), "IGLHRC") == []
    assert found(Organization.objects.published(), "GLHRC") == [organization.pk]
    alias.delete()
    assert found(Organization.objects.published(), "GLHRC") == []


def test_partial_save_keeps_the_search_document_current():
    organization = OrganizationFactory(name_en="Old Name")
    organization.name_en = "Fresh Name"
    organization.save(update_fields=["name_en"])
    assert found(Organization.objects.published(), "fresh") == [organization.pk]


def test_snippet_marks_the_original_words_with_their_diacritics():
    PassageFactory(text_ar="أطلقت الشبكةُ حَمَلاتٍ كثيرة في المدن.", text_en="The network launched many campaigns.")
    results = search_everything(query="حملة", language="ar")
    assert "<mark>حَمَلاتٍ</mark>" in results.hits[0].snippet
    english = search_everything(query="campaigning", language="en")
    assert "<mark>campaigns</mark>" in english.hits[0].snippet


def test_snippet_uses_the_other_language_when_only_it_matches():
    PassageFactory(text_ar="نص عربي فقط.", text_en="Solidarity across borders.")
    hit = search_everything(query="solidarity", language="ar").hits[0]
    assert hit.snippet_language == "en"
    assert "<mark>Solidarity</mark>" in hit.snippet


def test_snippet_escapes_html():
    PassageFactory(text_en="<script>alert(1)</script> campaign", text_ar="نص")
    hit = search_everything(query="campaign", language="en").hits[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet


def test_counts_per_type_and_type_filter():
    OrganizationFactory(name_en="Solidarity Fund", name_ar="صندوق التضامن")
    PassageFactory(text_en="Solidarity across borders.", text_ar="التضامن عبر الحدود")
    PassageFactory(text_en="More solidarity.", text_ar="مزيد من التضامن")
    results = search_everything(query="التضامن", language="ar")
    assert results.counts["organization"] == 1 and results.counts["passage"] == 2
    only_passages = search_everything(query="solidarity", kind="passage", language="en")
    assert {hit.kind.key for hit in only_passages.hits} == {"passage"}


def test_filters_by_region_strategy_and_source():
    region = RegionFactory(slug="eurasia")
    strategy = StrategyFactory(slug="coalitions")
    claim = EvidenceFactory(strategy=strategy)
    claim.regions.add(region)
    cited = PassageFactory(text_en="Coalition work across borders.", text_ar="نص")
    EvidencePassageFactory(evidence=claim, passage=cited, quote_en="Coalition work", quote_ar="نص")
    PassageFactory(text_en="Coalition work at home.", text_ar="نص")
    for filters in ({"region": "eurasia"}, {"strategy": "coalitions"}, {"source": cited.source.slug}):
        results = search_everything(query="coalition", filters=filters, kind="passage", language="en")
        assert [hit.record for hit in results.hits] == [cited], filters


def test_a_region_filter_reads_the_records_it_selects_once_until_a_record_changes():
    region = RegionFactory(slug="eurasia")
    claim = EvidenceFactory(organization=OrganizationFactory(name_en="Coalition of the East"))
    claim.regions.add(region)
    OrganizationFactory(name_en="Coalition elsewhere")
    cited = PassageFactory(text_en="Coalition work across borders.", text_ar="نص")
    hidden = PassageFactory(text_en="Coalition work in secret.", text_ar="نص", published=False)
    for passage in (cited, hidden):
        EvidencePassageFactory(evidence=claim, passage=passage, quote_en="Coalition work", quote_ar="نص")

    def searched(query):
        # The search columns' statistics are read each time, so the counts differ by the kept records alone.
        backends._kept_in_process.clear()
        with CaptureQueriesContext(connection) as captured:
            results = search_everything(query=query, filters={"region": "eurasia"}, language="en")
        return sorted((hit.kind.key, hit.record.pk) for hit in results.hits), len(captured)

    hits, queries = searched("coalition")
    # The organization with a claim there, its claim and the public passage it cites; not the other organization.
    assert hits == sorted([("organization", claim.organization.pk), ("claim", claim.pk), ("passage", cited.pk)])
    # Another search in the same region reads the organizations working there, their claims and the
    # passages those cite from the cache: three queries fewer.
    assert searched("coalition") == (hits, queries - 3)
    # A passage cited from now on is found at once: the citation's save makes the kept lists stale.
    newly = PassageFactory(text_en="Coalition work in the capital.", text_ar="نص")
    EvidencePassageFactory(evidence=claim, passage=newly, quote_en="Coalition work", quote_ar="نص")
    passages = search_everything(query="coalition", filters={"region": "eurasia"}, kind="passage", language="en")
    assert sorted((hit.record for hit in passages.hits), key=lambda passage: passage.pk) == [cited, newly]


@pytest.mark.parametrize("few_claims", [1000, 0], ids=["claims-by-id", "claims-as-subquery"])
def test_a_source_filter_finds_the_claims_citing_it_whether_few_or_many(monkeypatch, few_claims):
    monkeypatch.setattr(service, "FEW_CLAIMS", few_claims)
    citing, other = EvidenceFactory(summary_en="Coalition building"), EvidenceFactory(summary_en="Coalition building")
    for claim in (citing, other):
        passage = PassageFactory(text_en="Coalition work.", text_ar="نص")
        EvidencePassageFactory(evidence=claim, passage=passage, quote_en="Coalition work", quote_ar="نص")
    source = citing.citations.get().passage.source
    results = search_everything(query="coalition", filters={"source": source.slug}, kind="claim", language="en")
    assert [hit.record for hit in results.hits] == [citing]


def test_source_filter_is_a_title_typed_in_a_text_box(client):
    wanted = SourceFactory(
        title_en="Report on coalition work", title_ar="تقرير عن عمل التحالفات", slug="coalitions-report"
    )
    other = SourceFactory(title_en="Another report", title_ar="تقرير آخر")
    SourceFactory(title_en="Unpublished coalition diary", title_ar="يوميات", published=False)
    cited = PassageFactory(source=wanted, text_en="Coalition work across borders.", text_ar="نص")
    PassageFactory(source=other, text_en="Coalition work at home.", text_ar="نص")

    for value in ("coalitions-report", "coalition", "عمل التحالفات", "  Coalition Work "):
        results = search_everything(query="coalition", filters={"source": value}, kind="passage", language="en")
        assert [hit.record for hit in results.hits] == [cited], value
        assert not results.notices

    several = search_everything(query="coalition", filters={"source": "report"}, kind="passage", language="en")
    assert len(several.hits) == 2 and [str(notice) for notice in several.notices] == [str(NOTICE_SEVERAL_SOURCES)]
    hidden = search_everything(query="coalition", filters={"source": "diary"}, kind="passage", language="en")
    assert len(hidden.hits) == 2 and [str(notice) for notice in hidden.notices] == [str(NOTICE_UNKNOWN_FILTER)]

    page = client.get("/en/search/", {"q": "coalition", "source": "report"}).content.decode()
    assert 'name="source" value="report"' in page and "<option" not in page.split('name="source"')[1][:200]
    assert str(NOTICE_SEVERAL_SOURCES) in page.replace("&#x27;", "'")
    page = client.get("/ar/search/", {"q": "coalition", "source": "التحالفات"}).content.decode()
    assert cited.get_absolute_url().replace("/en/", "/ar/") in page and f"/sources/{other.slug}/" not in page


def test_pagination():
    for number in range(25):
        PassageFactory(text_en=f"Campaign report {number}.", text_ar="نص")
    first = search_everything(query="campaign", kind="passage", language="en")
    second = search_everything(query="campaign", kind="passage", page=2, language="en")
    assert len(first.hits) == 20 and first.has_next
    assert len(second.hits) == 5 and not second.has_next
    assert not {hit.record.pk for hit in first.hits} & {hit.record.pk for hit in second.hits}


def test_typos_suggest_close_names_in_both_scripts():
    amnesty = OrganizationFactory(name_en="Amnesty International", name_ar="منظمة العفو الدولية")
    strategy = StrategyFactory(name_en="Coalition building", name_ar="بناء التحالفات")
    assert search_everything(query="Amnesty Internatonal", language="en").suggestions == [amnesty]
    assert strategy in search_everything(query="Coalitoin buildng", language="en").suggestions
    assert amnesty in search_everything(query="منظمة العفوو", language="ar").suggestions


@pytest.mark.parametrize(
    "raw",
    [
        "hu\x00man",
        "x" * 10_000,
        "!!! ??? ...",
        '"unbalanced quote',
        "\u200f\u202eحملة\u202c",
        "'; DROP TABLE sources_passage; --",
        "1' OR '1'='1",
        "%_\\",
        "a & b | !c <-> d:*",
    ],
)
def test_bad_input_gets_a_clear_page(client, raw):
    PassageFactory(text_en="A campaign text.", text_ar="حملة")
    response = client.get("/en/search/", {"q": raw})
    assert response.status_code == 200
    assert Passage.objects.count() == 1


def test_long_query_is_cut_and_the_page_says_so(client):
    response = client.get("/en/search/", {"q": "campaign " * 100})
    assert response.status_code == 200
    assert str(NOTICE_TRUNCATED % {"limit": 200}) in response.content.decode()


def test_punctuation_only_says_there_is_nothing_to_look_for(client):
    response = client.get("/en/search/", {"q": "?!."})
    assert str(NOTICE_NO_WORDS) in response.content.decode()


def test_empty_query_shows_help(client):
    response = client.get("/ar/search/")
    assert response.status_code == 200
    assert 'id="search-help-title"' in response.content.decode()


def test_bad_page_and_filter_values_do_not_fail(client):
    response = client.get("/en/search/", {"q": "campaign", "page": "x9", "region": "nowhere", "type": "bogus"})
    assert response.status_code == 200


def test_a_page_past_the_last_page_of_results_is_not_found(client):
    for n in range(21):
        PassageFactory(text_en=f"A campaign in town {n}.", text_ar="نص")
    second = client.get("/en/search/", {"q": "campaign", "page": 2}).content.decode()
    assert "21 results" in second and "Nothing matches" not in second
    for page in (3, 999):
        assert client.get("/en/search/", {"q": "campaign", "page": page}).status_code == 404
    # A search that finds nothing keeps its page, which says so.
    assert "Nothing matches" in client.get("/en/search/", {"q": "zanzibar"}).content.decode()


def test_page_shows_highlighted_results_without_inline_style(client):
    StrategyFactory(name_en="Social media campaigns", name_ar="حملات وسائل التواصل الاجتماعي")
    html = client.get("/ar/search/", {"q": "وسائل التواصل"}).content.decode()
    assert "<mark>وسائل</mark>" in html
    assert "style=" not in html and "<script>" not in html


def test_page_query_count_does_not_grow_with_results(client):
    def queries(n):
        for _ in range(n):
            organization = OrganizationFactory(name_en="Campaign group", description_en="A campaign.")
            OrganizationNameFactory(organization=organization)
            StrategyFactory(name_en="Campaign strategy")
            PassageFactory(text_en="campaign", text_ar="حملة")
        with CaptureQueriesContext(connection) as context:
            assert client.get("/en/search/", {"q": "campaign"}).status_code == 200
        return len(context.captured_queries)

    few = queries(2)
    many = queries(12)
    # One query per kind shown on the page, never one per result.
    assert many <= few <= 20


def test_a_passage_result_on_the_arabic_page_gives_its_position_in_arabic_digits(client):
    call_command("load_seed", stdout=StringIO())
    page = client.get("/ar/search/", {"q": "الحكومات", "type": "passage"}).content.decode()
    assert 'search-result__position">§٢<' in page
    english = client.get("/en/search/", {"q": "governments", "type": "passage"}).content.decode()
    assert 'search-result__position">§2<' in english


def test_the_filter_choices_offer_a_region_once_published_and_never_a_hidden_one(client):
    # The choices are kept until a record changes: a new region is offered on the next search.
    assert '<option value="newly-named"' not in client.get("/ar/search/?q=rights").content.decode()
    RegionFactory(slug="newly-named", name_en="Newly named", name_ar="مسمّاة حديثاً")
    RegionFactory(slug="hidden-place", published=False)
    page = client.get("/ar/search/?q=rights").content.decode()
    assert '<option value="newly-named">مسمّاة حديثاً</option>' in page
    assert "hidden-place" not in page
