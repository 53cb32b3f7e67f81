"""The passage and evidence exports written by PostgreSQL's COPY are byte for byte the row-by-row files.

COPY (core/csv/copy.py) makes the cells in SQL: the formula guard, empty cells, dates, addresses
and the rows' order are written twice, once in Python and once in SQL, and must agree on every
odd value. Both files are also read back with the csv module.
"""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.csv.copy import copy_stream
from core.csv.streaming import public_queryset
from core.csv.writer import CHUNK_BYTES, csv_bytes
from sources.models import Source
from sources.resources import SourceResource
from strategies.models import Evidence
from strategies.resources import EvidenceResource
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    PassageFactory,
    RegionFactory,
    SourceFactory,
    StrategyFactory,
)
from website.filters.sources import SourceFilter
from website.filters.strategies import EvidenceFilter

pytestmark = pytest.mark.django_db

BASE_URL = "https://example.org"
# Cells a spreadsheet would run, or that look like ones already guarded, and cells csv must quote.
ODD_TEXTS = [
    "=SUM(A1:A9)",
    "+1",
    "-2",
    "@cmd",
    "\tindented",
    "\rreturn",
    "'=already quoted",
    "''+twice",
    "'plain quote",
    'a "quoted" word, and a comma',
    "two\nlines",
    "windows\r\nlines",
    "",
    " spaces around ",
    "حقوق = مساواة",
]


@pytest.fixture
def odd_knowledge_base():
    texts = iter(ODD_TEXTS * 4)
    plain = SourceFactory(slug="a-plain", date=datetime.date(2021, 3, 4), url="https://example.com/=x")
    odd = SourceFactory(slug="b-odd", title_en=next(texts), author_ar=next(texts), notes_en=next(texts), date=None)
    SourceFactory(slug="c-no-public-passage", research_question_en="", notes_ar="-1")
    SourceFactory(slug="d-hidden", sensitive=True)
    for position, text in zip((1, 2, 3, 100, 150, 250), texts, strict=False):
        PassageFactory(source=odd, position=position, text_en=text or "empty English", text_ar=next(texts) or "ن")
    PassageFactory(source=plain, position=1, text_en="=formula, with the quote inside")
    PassageFactory(source=plain, position=2, sensitive=True)
    PassageFactory(source=plain, position=3, published=False)
    PassageFactory(source=Source.objects.get(slug="c-no-public-passage"), position=1, published=False)
    PassageFactory(source=Source.objects.get(slug="d-hidden"), position=1)

    cited = PassageFactory(source=odd, position=101, text_en='Say "no", twice.', text_ar="قل لا")
    quoted = PassageFactory(source=plain, position=4, text_en="Activists @ work on +rights.", text_ar="نشطاء")
    hidden_passage = PassageFactory(source=plain, position=5, sensitive=True, text_en="A named activist.")
    in_hidden_source = Source.objects.get(slug="d-hidden").passages.get()
    in_draft_source = PassageFactory(source=SourceFactory(slug="e-draft", published=False), position=1)
    region_z, region_a = RegionFactory(slug="z-region"), RegionFactory(slug="-a-region")
    hidden_region = RegionFactory(slug="hidden-region", published=False)
    organization = OrganizationFactory(slug="org", name_en="=ORG()", name_ar="منظمة")
    strategy = StrategyFactory(slug="strategy", name_en="-strategy")
    claim = EvidenceFactory(
        organization=organization,
        strategy=strategy,
        summary_en="+summary\nover two lines",
        period_start=datetime.date(1999, 1, 31),
        status=Evidence.Status.DISPUTED,
        status_note_ar="ملاحظة",
        status_note_en="=note",
        status_source_ar="مصدر",
        status_source_en="A source, quoted",
        status_source_date=datetime.date(2020, 12, 1),
        status_source_url="https://example.com/dispute",
    )
    claim.regions.add(region_z, region_a, hidden_region, RegionFactory(slug="sensitive-region", sensitive=True))
    EvidencePassageFactory(evidence=claim, passage=quoted, quote_en="@ work on +rights", quote_ar="نشطاء")
    EvidencePassageFactory(evidence=claim, passage=cited, quote_en='"no", twice', quote_ar="لا")
    EvidencePassageFactory(evidence=claim, passage=hidden_passage, quote_en="named activist")
    EvidencePassageFactory(evidence=claim, passage=in_hidden_source)
    EvidencePassageFactory(evidence=claim, passage=in_draft_source)
    EvidencePassageFactory(evidence=claim, passage=plain.passages.get(position=3))
    later = PassageFactory(source=plain, position=120, text_en="Later words.", text_ar="كلمات")
    EvidencePassageFactory(evidence=claim, passage=later, quote_en="Later", quote_ar="كلمات")
    EvidencePassageFactory(
        evidence=claim, passage=plain.passages.get(position=1), quote_en="the quote", published=False
    )
    EvidenceFactory(organization=organization, strategy=StrategyFactory(slug="another"), summary_en="")
    EvidenceFactory(organization=OrganizationFactory(slug="secret", sensitive=True), strategy=strategy)
    return claim


def both_files(resource_class, queryset):
    resource = resource_class(base_url=BASE_URL, public=True)
    queryset = public_queryset(queryset)
    statement, params = resource.copy_statement(queryset)
    header = resource.export_header()
    copied = b"".join(copy_stream(header=header, statement=statement, params=params, using=connection.alias))
    written = csv_bytes(header=header, rows=resource.export_values(queryset))
    return copied, written


def rows(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("resource_class", "queryset"),
    [
        (SourceResource, lambda: Source.objects.all()),
        (SourceResource, lambda: SourceFilter({"kind": "essay"}).qs),
        (EvidenceResource, lambda: Evidence.objects.all()),
        (EvidenceResource, lambda: EvidenceFilter({"organization": "org"}).qs),
    ],
    ids=["sources", "sources-filtered", "evidence", "evidence-filtered"],
)
def test_copy_writes_the_same_bytes_as_the_row_by_row_export(odd_knowledge_base, resource_class, queryset):
    copied, written = both_files(resource_class, queryset())
    assert copied == written
    assert copied.startswith(b"\xef\xbb\xbf") and copied.endswith(b"\r\n")
    assert len(rows(copied)) > 1


def test_the_copied_files_hold_the_guarded_cells_and_no_hidden_record(odd_knowledge_base):
    sources, _ = both_files(SourceResource, Source.objects.all())
    passages = rows(sources)
    assert [row["slug"] for row in passages].count("b-odd") == 7
    assert "d-hidden" not in {row["slug"] for row in passages}
    assert {row["slug"]: row["passage_position"] for row in passages}["c-no-public-passage"] == ""
    odd = [row for row in passages if row["slug"] == "b-odd"]
    assert odd[0]["title_en"] == "'=SUM(A1:A9)"
    assert odd[0]["author_ar"] == "'+1" and odd[0]["notes_en"] == "'-2"
    assert [row["passage_url"] for row in odd][-4:] == [
        "https://example.org/en/sources/b-odd/#p100",
        "https://example.org/en/sources/b-odd/?page=2#p101",
        "https://example.org/en/sources/b-odd/?page=2#p150",
        "https://example.org/en/sources/b-odd/?page=3#p250",
    ]
    plain = [row for row in passages if row["slug"] == "a-plain"]
    assert [row["passage_position"] for row in plain] == ["1", "4", "120"]
    assert plain[0]["date"] == "2021-03-04" and plain[0]["source_url"] == "https://example.com/=x"

    evidence, _ = both_files(EvidenceResource, Evidence.objects.all())
    citations = rows(evidence)
    # By source, then position: a-plain's 4 and 120 before b-odd's 101.
    assert [(row["strategy"], row["passage"]) for row in citations] == [
        ("another", ""),
        ("strategy", "4"),
        ("strategy", "120"),
        ("strategy", "101"),
    ]
    disputed = citations[1]
    assert disputed["regions"] == "'-a-region | z-region"
    assert disputed["organization_name_en"] == "'=ORG()" and disputed["strategy_name_en"] == "'-strategy"
    assert disputed["quote_en"] == "'@ work on +rights"
    assert disputed["summary_en"] == "'+summary\nover two lines"
    assert disputed["status_source_date"] == "2020-12-01" and disputed["period_start"] == "1999-01-31"
    assert disputed["url"] == f"https://example.org/en/evidence/{odd_knowledge_base.pk}/"
    assert citations[3]["quote_en"] == '"no", twice' and citations[3]["source"] == "b-odd"
    assert len(citations) == 4
    assert "named activist" not in evidence.decode() and "secret" not in evidence.decode()


def test_a_list_with_its_filters_downloads_through_copy(client, odd_knowledge_base):
    for path, resource_class, filterset in [
        ("/en/sources/?format=csv&kind=essay", SourceResource, SourceFilter({"kind": "essay"})),
        ("/en/evidence/?format=csv&organization=org", EvidenceResource, EvidenceFilter({"organization": "org"})),
    ]:
        resource = resource_class(base_url="http://testserver", public=True)
        assert resource.copy_statement(public_queryset(filterset.qs)) is not None
        downloaded = b"".join(client.get(path).streaming_content)
        written = csv_bytes(header=resource.export_header(), rows=resource.export_values(public_queryset(filterset.qs)))
        assert downloaded == written


def test_an_export_in_another_order_than_its_statement_is_written_row_by_row(odd_knowledge_base):
    resource = SourceResource(base_url=BASE_URL, public=True)
    backwards = public_queryset(Source.objects.order_by("-slug"))
    assert resource.copy_statement(backwards) is None
    assert resource.copy_statement(public_queryset(Source.objects.all())) is not None
    # A queryset ordered only by the model's Meta.ordering is in the statement's order; an unordered one is not.
    by_meta = Source.objects.all()
    by_meta.query.clear_ordering(force=True, clear_default=False)
    assert resource.copy_statement(public_queryset(by_meta)) is not None
    assert resource.copy_statement(public_queryset(Source.objects.order_by())) is None
    written = rows(csv_bytes(header=resource.export_header(), rows=resource.export_values(backwards)))
    assert [row["slug"] for row in written][:2] == ["c-no-public-passage", "b-odd"]


def test_the_downloads_rows_come_through_copy_not_through_djangos_queries(client, odd_knowledge_base):
    # Every row comes from the one COPY statement: no query Django runs reads a passage or a citation.
    for path, tables in [
        ("/en/sources/?format=csv", ['"sources_passage"']),
        ("/en/evidence/?format=csv", ['"strategies_evidencepassage"', '"strategies_evidence_regions"']),
    ]:
        with CaptureQueriesContext(connection) as queries:
            rows_read = rows(b"".join(client.get(path).streaming_content))
        assert rows_read
        read = [query["sql"] for query in queries.captured_queries if any(table in query["sql"] for table in tables)]
        assert read == [], path


def test_a_long_export_streams_in_chunks_of_bounded_size(odd_knowledge_base):
    source = SourceFactory(slug="f-long")
    for position in range(1, 301):
        PassageFactory(source=source, position=position, text_en=f"Passage {position}. " + "words " * 100)
    resource = SourceResource(base_url=BASE_URL, public=True)
    queryset = public_queryset(Source.objects.all())
    statement, params = resource.copy_statement(queryset)
    header = resource.export_header()
    chunks = list(copy_stream(header=header, statement=statement, params=params, using=connection.alias))
    longest_row = max(len(line) for line in b"".join(chunks).split(b"\r\n"))
    assert len(chunks) >= 4
    assert all(len(chunk) <= CHUNK_BYTES + longest_row + 2 for chunk in chunks)
    assert b"".join(chunks) == csv_bytes(header=header, rows=resource.export_values(queryset))
