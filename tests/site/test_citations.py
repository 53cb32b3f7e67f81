"""Citation downloads (RIS, BibTeX, CSL-JSON) of a claim, a source and the evidence list, read back with
maintained parsers: rispy, bibtexparser, and citeproc-py, which formats the CSL-JSON as a bibliography."""

import datetime
import json
import re

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from tests.factories import EvidenceFactory, EvidencePassageFactory, PassageFactory

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, b"".join(response.streaming_content).decode("utf-8")


def ris(client, url):
    response, text = download(client, url)
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert response["Content-Disposition"].endswith('.ris"')
    return rispy.loads(text)


def bibtex(client, url):
    response, text = download(client, url)
    assert response["Content-Type"].startswith("application/x-bibtex")
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library.entries


def csl(client, url):
    response, text = download(client, url)
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    items = json.loads(text)
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return items, [str(entry) for entry in bibliography.bibliography()]


@pytest.fixture
def dated(kb):
    kb.source.date = datetime.date(2021, 3, 4)
    kb.source.author_en = "Research Desk"
    kb.source.author_ar = "مكتب البحث"
    kb.source.kind = "report"
    kb.source.save()
    return kb


def test_a_claim_cites_its_source_per_quote_with_the_passage_as_locator_and_the_quote_as_note_in_ris(client, dated):
    kb = dated
    records = ris(client, f"/en/evidence/{kb.alpha_social.pk}/?format=ris")
    assert len(records) == 1  # the sensitive passage's citation is left out
    record = records[0]
    assert record["type_of_reference"] == "RPRT"
    assert record["title"] == "A report"
    assert record["authors"] == ["Research Desk"]
    assert record["year"] == "2021" and record["date"] == "2021/03/04/"
    assert record["section"] == "passage 1"
    assert record["language"] == "ar"
    note = record["notes"][0]
    assert "“local activists”" in note and f"http://testserver/en/evidence/{kb.alpha_social.pk}/" in note
    assert "Alpha Network" in note and "Social media campaigns" in note


def test_a_claim_in_arabic_cites_in_arabic(client, dated):
    kb = dated
    record = ris(client, f"/ar/evidence/{kb.alpha_social.pk}/?format=ris")[0]
    assert record["title"] == "تقرير"
    assert record["authors"] == ["مكتب البحث"]
    assert "النشطاء المحليين" in record["notes"][0] and "ألفا" in record["notes"][0]
    assert record["section"] == "المقطع 1"


def test_a_claim_in_bibtex_reads_back_with_its_fields(client, dated):
    kb = dated
    entries = bibtex(client, f"/en/evidence/{kb.alpha_social.pk}/?format=bibtex")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.entry_type == "techreport"
    assert entry.key == f"claim{kb.alpha_social.pk}-report-p1"
    assert entry["title"] == "A report"
    assert entry["author"] == "Research Desk"
    assert entry["year"] == "2021"
    assert entry["pages"] == "passage 1"
    assert "“local activists”" in entry["note"]


def test_a_claim_in_csl_json_formats_as_a_bibliography(client, dated):
    kb = dated
    items, bibliography = csl(client, f"/en/evidence/{kb.alpha_social.pk}/?format=csljson")
    assert len(items) == 1
    assert items[0]["type"] == "report"
    assert items[0]["issued"] == {"date-parts": [[2021, 3, 4]]}
    assert items[0]["section"] == "passage 1"
    assert "“local activists”" in items[0]["note"]
    assert bibliography == ["Research Desk (2021) A report. Available at: http://testserver/en/sources/report/."]


def test_a_source_cites_itself_in_each_format(client, dated):
    kb = dated
    kb.source.url = "https://example.org/report?id=1&part=2"
    kb.source.save()
    record = ris(client, "/en/sources/report/?format=ris")[0]
    assert (record["title"], record["urls"]) == ("A report", ["https://example.org/report?id=1&part=2"])
    assert "section" not in record and "notes" not in record
    entry = bibtex(client, "/en/sources/report/?format=bibtex")[0]
    assert entry.key == "report" and entry["title"] == "A report"
    items, bibliography = csl(client, "/en/sources/report/?format=csljson")
    assert items[0]["URL"] == "https://example.org/report?id=1&part=2"
    assert bibliography[0].startswith("Research Desk (2021) A report.")


def test_text_with_latex_and_line_breaks_survives_each_format(client, kb):
    passage = PassageFactory(
        source=kb.source,
        position=7,
        original_language="en",
        text_en="Costs rose 50% & {more}\nin #2 under the_law ~ $5 \\ end.",
        text_ar="ارتفعت التكاليف.",
    )
    claim = EvidenceFactory(organization=kb.beta, strategy=kb.social)
    quote = "50% & {more}\nin #2 under the_law ~ $5 \\ end"
    EvidencePassageFactory(evidence=claim, passage=passage, quote_en=quote, quote_ar="التكاليف")
    flat = "50% & {more} in #2 under the_law ~ $5 \\ end"
    assert flat in bibtex(client, f"/en/evidence/{claim.pk}/?format=bibtex")[0]["note"]
    assert flat in ris(client, f"/en/evidence/{claim.pk}/?format=ris")[0]["notes"][0]
    items, _bibliography = csl(client, f"/en/evidence/{claim.pk}/?format=csljson")
    assert flat in items[0]["note"]


@pytest.mark.parametrize("reader", [ris, bibtex, lambda client, url: csl(client, url)[0]])
def test_the_evidence_list_downloads_every_public_citation_of_its_filtered_claims(client, kb, reader):
    everything = reader(client, "/en/evidence/?format=" + {ris: "ris", bibtex: "bibtex"}.get(reader, "csljson"))
    assert len(everything) == 2  # alpha's and beta's public quotes; no hidden claim or passage
    text = json.dumps([dict(entry.items()) if hasattr(entry, "items") else entry for entry in everything], default=str)
    for hidden in ("sensitive", "Secret", "Hidden", "Draft"):
        assert hidden not in text
    filtered = reader(
        client, "/en/evidence/?organization=beta&format=" + {ris: "ris", bibtex: "bibtex"}.get(reader, "csljson")
    )
    assert len(filtered) == 1


def test_an_unknown_filter_downloads_an_empty_list_and_a_hidden_claim_nothing(client, kb):
    assert ris(client, "/en/evidence/?organization=hidden-org&format=ris") == []
    hidden = kb.hidden_org.evidence.get()
    assert client.get(f"/en/evidence/{hidden.pk}/?format=ris").status_code == 404


@pytest.mark.parametrize(
    "page", ["evidence/{claim}/", "sources/report/", "evidence/", "evidence/?organization=alpha&page=1"]
)
def test_claim_source_and_evidence_pages_offer_cite_in_each_format(client, kb, page):
    body = client.get("/en/" + page.format(claim=kb.alpha_social.pk)).content.decode()
    links = re.findall(r'<a href="\?([^"]*format=(ris|bibtex|csljson)[^"]*)" download>', body)
    assert {fmt for _query, fmt in links} == {"ris", "bibtex", "csljson"}
    for query, _fmt in links:
        assert "page=" not in query
        if "organization=alpha" in page:
            assert "organization=alpha" in query


def test_a_search_downloads_the_citations_of_its_claims_sources_and_passages(client, kb):
    entries = ris(client, "/en/search/?q=alpha&format=ris")
    # Alpha's claim (one public quote) and the passage that names Alpha; the organization is no work to cite.
    assert sorted(entry["id"] for entry in entries) == sorted([f"claim{kb.alpha_social.pk}-report-p1", "report-p1"])
    assert {entry["title"] for entry in entries} == {"A report"}
    assert {entry["section"] for entry in entries} == {"passage 1"}
    claim = next(entry for entry in entries if entry["id"].startswith("claim"))
    assert "“local activists”" in claim["notes"][0]
    text = json.dumps(entries)
    for hidden in ("sensitive", "Secret", "Hidden", "Draft"):
        assert hidden not in text
    assert len(bibtex(client, "/en/search/?q=alpha&format=bibtex")) == 2
    assert len(csl(client, "/en/search/?q=alpha&type=claim&format=csljson")[0]) == 1


def test_the_search_page_offers_cite_in_each_format(client, kb):
    body = client.get("/en/search/?q=alpha&page=1").content.decode()
    links = re.findall(r'<a href="\?([^"]*format=(ris|bibtex|csljson)[^"]*)" download>', body)
    assert {fmt for _query, fmt in links} == {"ris", "bibtex", "csljson"}
    assert all("q=alpha" in query and "page=" not in query for query, _fmt in links)
