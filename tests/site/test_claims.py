"""A page per claim, every link to a claim pointing there, and quotes marked in their passages."""

import csv
import io
import re

import pytest

from strategies.models import Evidence
from tests.factories import EvidenceFactory, EvidencePassageFactory, PassageFactory

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def claim_of(kb, organization, strategy):
    return Evidence.objects.get(organization=organization, strategy=strategy)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_claim_page_shows_the_claim_and_each_quote_marked_in_its_passage_in_both_languages(client, kb, language):
    claim = kb.alpha_social
    response = client.get(f"/{language}/evidence/{claim.pk}/")
    assert response.status_code == 200
    body = html(response)
    assert f'<html lang="{language}"' in body
    for text in ("/organizations/alpha/", "/strategies/social-media/", "/regions/kenya/"):
        assert f'href="/{language}{text}"' in body
    assert claim.get_status_display() in body
    # The passage in both languages, the quoted words marked in each, the original named.
    assert "Alpha works with <mark>local activists</mark> through social media." in body
    assert "تعمل ألفا مع <mark>النشطاء المحليين</mark> عبر وسائل التواصل." in body
    assert 'lang="ar" dir="rtl"' in body and 'lang="en" dir="ltr"' in body
    citation = claim.citations.get(passage=kb.p1)
    assert f'href="/{language}/sources/report/#q{citation.pk}"' in body
    assert f'href="/{language}/sources/report/#p1"' in body


def test_a_claim_page_names_the_original_language_of_each_text(client, kb):
    body = html(client.get(f"/en/evidence/{kb.alpha_social.pk}/"))
    texts = re.findall(r'class="passage-text__label">([^<]*)<', body)
    assert texts == ["Translation · English", "Original · Arabic"]


def test_a_claim_page_never_shows_a_hidden_citation(client, kb):
    for claim in (kb.alpha_social, kb.beta_litigation):
        for language in ("ar", "en"):
            body = html(client.get(f"/{language}/evidence/{claim.pk}/"))
            for text in ("A very sensitive text", "نص حساس جدا", "Secret draft", "مسودة سرية", "Draft notes"):
                assert text not in body
            assert "/sources/draft/" not in body


def hidden_claims(kb):
    return [
        claim_of(kb, kb.alpha, kb.hidden_strategy),
        claim_of(kb, kb.hidden_org, kb.litigation),
        claim_of(kb, kb.sensitive_org, kb.social),
        claim_of(kb, kb.beta, kb.awareness),
    ]


def test_a_hidden_claim_answers_exactly_like_an_unknown_one(client, kb):
    unknown = client.get("/en/evidence/999999/")
    assert unknown.status_code == 404
    for claim in hidden_claims(kb):
        response = client.get(f"/en/evidence/{claim.pk}/")
        assert response.status_code == 404
        assert html(response) == html(unknown)


@pytest.mark.parametrize("path", ["abc/", "-1/", "1.5/", "0/", f"{10**30}/", f"{2**63}/", f"{2**31}/", "%00/"])
def test_a_malformed_or_huge_claim_id_is_not_found(client, kb, path):
    assert client.get(f"/en/evidence/{path}").status_code == 404


def claim_links(body):
    return set(re.findall(r'href="/en/evidence/(\d+)/"', body))


@pytest.mark.parametrize(
    "page",
    ["organizations/alpha/", "strategies/public-awareness/", "regions/africa/", "sources/report/", "evidence/"],
)
def test_every_page_listing_a_claim_links_to_its_page(client, kb, page):
    body = html(client.get(f"/en/{page}"))
    assert str(kb.alpha_social.pk) in claim_links(body), page
    for claim in hidden_claims(kb):
        assert str(claim.pk) not in claim_links(body)


def test_a_matrix_cell_lists_claims_that_each_link_to_their_page(client, kb):
    body = html(client.get("/en/matrix/"))
    cell = re.search(r'<td class="cell[^"]*"><a href="([^"]+)"', body).group(1).replace("&amp;", "&")
    listed = html(client.get(cell))
    assert claim_links(listed)
    for pk in claim_links(listed):
        assert client.get(f"/en/evidence/{pk}/").status_code == 200


def test_the_evidence_csv_url_is_the_claim_page(client, kb):
    response = client.get("/en/evidence/?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    urls = {row["url"] for row in rows}
    assert f"http://testserver/en/evidence/{kb.alpha_social.pk}/" in urls
    assert all(re.fullmatch(r"http://testserver/en/evidence/\d+/", url) for url in urls)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_source_page_marks_each_public_quote_with_a_link_to_its_claim(client, kb, language):
    body = html(client.get(f"/{language}/sources/report/"))
    alpha = kb.alpha_social.citations.get(passage=kb.p1)
    beta = kb.beta_litigation.citations.get(passage=kb.p2)
    shown = {"ar": ("النشطاء المحليين", "قضايا"), "en": ("local activists", "cases")}[language]
    for citation, words in zip((alpha, beta), shown, strict=True):
        claim_url = f"/{language}/evidence/{citation.evidence.pk}/"
        assert re.search(rf'<mark id="q{citation.pk}"><a href="{claim_url}" title="[^"]+">{words}</a></mark>', body), (
            words
        )
    # The original, under "Show the original", is marked too, with its own id.
    if language == "en":
        assert re.search(rf'<mark id="q{alpha.pk}-ar"><a href="/en/evidence/{kb.alpha_social.pk}/"', body)
    else:
        assert re.search(rf'<mark id="q{beta.pk}-en"><a href="/ar/evidence/{kb.beta_litigation.pk}/"', body)
    assert body.count("<mark") == 3


def test_a_source_page_marks_no_hidden_quote(client, kb):
    hidden = EvidenceFactory(organization=kb.hidden_org, strategy=kb.social)
    EvidencePassageFactory(evidence=hidden, passage=kb.p1, quote_en="through social media", quote_ar="وسائل التواصل")
    unreviewed = EvidenceFactory(organization=kb.beta, strategy=kb.social)
    EvidencePassageFactory(evidence=unreviewed, passage=kb.p1, quote_en="Alpha works", quote_ar="تعمل", published=False)
    body = html(client.get("/en/sources/report/"))
    assert "<mark>through" not in body and ">through social media</a>" not in body
    assert ">Alpha works</a>" not in body
    assert body.count("<mark") == 3


def test_passage_text_and_quotes_are_escaped_when_marked(client, kb):
    passage = PassageFactory(
        source=kb.source,
        position=9,
        original_language="en",
        text_en='Tags <script>alert("x")</script> & <b>bold</b> stay text.',
        text_ar="نص <i>مائل</i> هنا.",
    )
    claim = EvidenceFactory(organization=kb.beta, strategy=kb.social)
    EvidencePassageFactory(evidence=claim, passage=passage, quote_en="<b>bold</b>", quote_ar="<i>مائل</i>")
    for url in ("/en/sources/report/", f"/en/evidence/{claim.pk}/", f"/ar/evidence/{claim.pk}/"):
        body = html(client.get(url))
        assert "<script>alert" not in body and "<b>bold" not in body and "<i>مائل" not in body
        assert "&lt;b&gt;bold&lt;/b&gt;</" in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " in body


def test_overlapping_quotes_of_two_claims_are_each_marked_and_reachable(client, kb):
    other = EvidenceFactory(organization=kb.beta, strategy=kb.social)
    citation = EvidencePassageFactory(evidence=other, passage=kb.p1, quote_en="with local", quote_ar="مع النشطاء")
    body = html(client.get("/en/sources/report/"))
    first = kb.alpha_social.citations.get(passage=kb.p1)
    assert f'id="q{citation.pk}"' in body and f'id="q{first.pk}"' in body
    text = re.sub(r"<[^>]+>", "", re.search(r'<li id="p1".*?</li>', body, re.S).group(0))
    assert "Alpha works with local activists through social media." in text


def test_the_claim_page_uses_no_inline_script_or_style_attribute(client, kb):
    body = html(client.get(f"/en/evidence/{kb.alpha_social.pk}/"))
    assert " style=" not in body
    # A JSON-LD data block is never run, so the strict policy allows it; any other script must be a file.
    assert re.search(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/ld\+json")', body) is None
