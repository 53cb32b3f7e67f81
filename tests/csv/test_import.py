"""Import: a dry run reports every row, a confirmed import saves all rows or none, a round trip changes nothing."""

import pytest
from django.contrib.auth.models import Group, User

from core.csv.formats import KnowledgeBaseCSV
from core.csv.reader import csv_read
from core.csv.resources import ERROR_LANGUAGE_MISSING, ERROR_PUBLISH_FORBIDDEN, ERROR_UNKNOWN_SLUG
from core.models import Language
from orgs.models import Organization, OrganizationName, Region
from orgs.resources import OrganizationResource, RegionResource
from sources.models import Passage, Source
from sources.quotes import ERROR_QUOTE_NOT_IN_PASSAGE
from sources.resources import SourceResource
from strategies.models import Evidence, EvidencePassage, Strategy
from strategies.resources import EvidenceResource, StrategyResource
from tests.factories import (
    EvidencePassageFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    PassageFactory,
    RegionFactory,
    SourceFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

RESOURCES = [
    (RegionResource, Region),
    (OrganizationResource, Organization),
    (StrategyResource, Strategy),
    (SourceResource, Source),
    (EvidenceResource, Evidence),
]


@pytest.fixture
def knowledge_base():
    """A small linked knowledge base, with awkward values: formulas, empty translations, hidden rows."""
    world = RegionFactory(slug="world", name_ar="العالم", name_en="World", kind=Region.Kind.WORLD)
    russia = RegionFactory(slug="russia", name_ar="روسيا", name_en="Russia", iso_code="RU", parent=world)
    RegionFactory(slug="hidden-place", published=False)
    organization = OrganizationFactory(
        slug="outright", name_en="OutRight Action International", country=russia, founded=1990, website="https://x.org"
    )
    organization.regions.add(world, russia)
    OrganizationNameFactory(organization=organization, name="IGLHRC", kind="former", language="en", used_until=2015)
    OrganizationNameFactory(organization=organization, name="=cmd", kind="alias", language="")
    OrganizationFactory(slug="secret-group", sensitive=True, description_en="-dash first")
    parent = StrategyFactory(slug="awareness")
    strategy = StrategyFactory(slug="social-media", parent=parent, description_en=None)
    passage = PassageFactory(source=SourceFactory(slug="essay-000"), position=1)
    PassageFactory(source=passage.source, position=2, sensitive=True, text_en="+ a hidden passage", text_ar="مخفي")
    citation = EvidencePassageFactory(passage=passage, evidence__organization=organization, evidence__strategy=strategy)
    citation.evidence.regions.add(russia)
    return citation


def history_count():
    models = [Region, Organization, OrganizationName, Strategy, Source, Passage, Evidence, EvidencePassage]
    return sum(model.history.count() for model in models)


def admin_file(resource_class, model):
    """Export every record the way the admin does, as bytes."""
    dataset = resource_class(base_url="http://testserver/").export(model.objects.all())
    return KnowledgeBaseCSV().export_data(dataset)


def import_file(resource_class, data, *, user=None, dry_run=False):
    resource = resource_class(user=user)
    dataset = csv_read(data=data, columns=resource.import_columns(), required=resource.required_columns())
    return resource.import_data(dataset, dry_run=dry_run, rollback_on_validation_errors=True, use_transactions=True)


def errors_of(result):
    return {row.number: row.error_dict for row in result.invalid_rows}


@pytest.mark.parametrize(("resource_class", "model"), RESOURCES)
def test_importing_a_file_just_exported_changes_nothing(knowledge_base, staff, resource_class, model):
    data = admin_file(resource_class, model)
    before_history = history_count()
    before_file = data
    result = import_file(resource_class, data, user=staff)
    assert not result.has_errors() and not result.has_validation_errors(), errors_of(result)
    assert result.totals["skip"] == result.total_rows > 0
    assert sum(result.totals.values()) == result.total_rows
    assert history_count() == before_history
    assert admin_file(resource_class, model) == before_file


def test_dry_run_reports_each_row_and_saves_nothing(knowledge_base, staff):
    data = (
        "slug,name_ar,name_en,kind,parent\r\n"
        "russia,روسيا,Russian Federation,country,world\r\n"
        "beirut,بيروت,Beirut,city,lebanon\r\n"
        "cairo,القاهرة,,city,\r\n"
        "egypt,مصر,Egypt,country,world\r\n"
    ).encode()
    result = import_file(RegionResource, data, user=staff, dry_run=True)
    kinds = [row.import_type for row in result.valid_rows()]
    assert kinds == ["update", "new"]
    errors = errors_of(result)
    assert errors[2]["parent"] == [ERROR_UNKNOWN_SLUG % {"model": "region", "slugs": "lebanon"}]
    assert errors[3]["name_en"] == [ERROR_LANGUAGE_MISSING % {"language": "English"}]
    assert not Region.objects.filter(slug="egypt").exists()
    assert Region.objects.get(slug="russia").name_en == "Russia"


def test_confirmed_import_saves_all_rows_or_none(knowledge_base, staff):
    data = (
        "slug,name_ar,name_en,kind,regions\r\n"
        "new-one,منظمة جديدة,New one,grassroots,russia\r\n"
        "new-two,منظمة ثانية,New two,grassroots,russia | atlantis\r\n"
    ).encode()
    result = import_file(OrganizationResource, data, user=staff)
    assert errors_of(result)[2]["regions"] == [ERROR_UNKNOWN_SLUG % {"model": "region", "slugs": "atlantis"}]
    assert not Organization.objects.filter(slug__startswith="new-").exists()

    good = data.replace(b" | atlantis", b"")
    result = import_file(OrganizationResource, good, user=staff)
    assert not result.has_validation_errors()
    two = Organization.objects.get(slug="new-two")
    assert [region.slug for region in two.regions.all()] == ["russia"]
    assert two.published is False


def test_other_names_are_read_back_with_kind_language_and_year(knowledge_base, staff):
    data = (
        "slug,name_ar,name_en,kind,other_names\r\n"
        "outright,منظمة,OutRight Action International,international_ngo,"
        "IGLHRC [former en 2015] | OutRight [acronym]\r\n"
    ).encode()
    import_file(OrganizationResource, data, user=staff)
    names = {n.name: (n.kind, n.language, n.used_until) for n in OrganizationName.objects.all()}
    assert names == {"IGLHRC": ("former", "en", 2015), "OutRight": ("acronym", "", None)}


def test_evidence_import_checks_that_the_quote_is_in_its_passage(knowledge_base, staff):
    header = "organization,strategy,regions,status,source,passage,quote_ar,quote_en\r\n"
    data = (
        header + "outright,awareness,russia,reported,essay-000,1,النشطاء المحليين,local activists\r\n"
        "outright,awareness,russia,reported,essay-000,1,,words that are not there\r\n"
        "outright,awareness,,reported,essay-000,9,,local activists\r\n"
    ).encode()
    result = import_file(EvidenceResource, data, user=staff)
    errors = errors_of(result)
    assert errors[2]["quote_en"] == [ERROR_QUOTE_NOT_IN_PASSAGE % {"language": Language.EN.label}]
    assert errors[3]["passage"] == ["Source “essay-000” has no passage 9."]
    assert not Evidence.objects.filter(strategy__slug="awareness").exists()


def test_evidence_import_creates_a_claim_with_one_citation_per_row(knowledge_base, staff):
    second = PassageFactory(source=knowledge_base.passage.source, position=3, text_en="They ran a campaign online.")
    header = "organization,strategy,regions,status,summary_en,source,passage,quote_ar,quote_en\r\n"
    data = (
        header + "outright,awareness,russia,corroborated,Runs campaigns,essay-000,1,,local activists\r\n"
        f"outright,awareness,russia,corroborated,Runs campaigns,essay-000,{second.position},,a campaign online\r\n"
    ).encode()
    result = import_file(EvidenceResource, data, user=staff)
    assert [row.import_type for row in result.rows] == ["new", "update"], (
        result.row_errors()[:1] and result.row_errors()[0][1][0].traceback
    )
    claim = Evidence.objects.get(strategy__slug="awareness")
    assert claim.status == "corroborated"
    assert sorted(c.quote_en for c in claim.citations.all()) == ["a campaign online", "local activists"]


def test_source_import_creates_the_source_with_its_passages(staff):
    header = "slug,title_ar,title_en,kind,original_language,"
    header += "passage_position,passage_kind,passage_text_ar,passage_text_en\r\n"
    data = (
        header + "report-1,تقرير,A report,report,en,1,paragraph,الفقرة الأولى,The first paragraph\r\n"
        "report-1,تقرير,A report,report,en,2,question,السؤال,The question\r\n"
        "report-1,تقرير,A report,report,en,3,paragraph,,Only English\r\n"
    ).encode()
    result = import_file(SourceResource, data, user=staff)
    assert errors_of(result)[3]["passage_text_ar"] == [ERROR_LANGUAGE_MISSING % {"language": "Arabic"}]
    assert not Source.objects.filter(slug="report-1").exists()
    result = import_file(SourceResource, data.rsplit(b"report-1", 1)[0].rstrip(b"\r\n") + b"\r\n", user=staff)
    assert not result.has_validation_errors(), errors_of(result)
    source = Source.objects.get(slug="report-1")
    assert [(p.position, p.kind, p.text_en) for p in source.passages.order_by("position")] == [
        (1, "paragraph", "The first paragraph"),
        (2, "question", "The question"),
    ]


def test_a_curator_without_the_publish_right_cannot_publish_by_import(knowledge_base):
    curator = User.objects.create_user("editor", password="x", is_staff=True)
    group = Group.objects.filter(permissions__codename="add_region").exclude(permissions__codename="publish_region")
    curator.groups.add(*group)
    data = "slug,name_ar,name_en,kind,published\r\nnew-place,مكان,A place,city,1\r\n".encode()
    result = import_file(RegionResource, data, user=curator)
    assert errors_of(result)[1]["published"] == [ERROR_PUBLISH_FORBIDDEN % {"model": "regions"}]
    assert not Region.objects.filter(slug="new-place").exists()
