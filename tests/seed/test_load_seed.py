"""The seed knowledge base: it loads idempotently and stays faithful to its two documents."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from orgs.models import Organization, OrganizationName, Region, Relationship, RelationshipPassage
from sources.models import Passage, Source
from strategies.models import Evidence, EvidencePassage, Strategy
from website.seed.loader import DOCUMENTS_DIR, ERROR_UNKNOWN_REFERENCE, SeedReferenceError, seed_data, seed_load

pytestmark = pytest.mark.django_db

# What was curated from the two documents; a change to the data must change these on purpose.
EXPECTED_COUNTS = {
    Source: 2,
    Passage: 13,
    Organization: 14,
    OrganizationName: 24,
    Strategy: 23,
    Region: 11,
    Evidence: 24,
    EvidencePassage: 32,
    Relationship: 7,
    RelationshipPassage: 8,
}

TRANSLATED = {
    Region: ["name"],
    Organization: ["name", "description", "facts_source", "identification_note"],
    Relationship: ["description"],
    RelationshipPassage: ["quote"],
    Strategy: ["name", "description"],
    Evidence: ["summary", "status_note", "status_source"],
    EvidencePassage: ["quote"],
    Source: ["title", "author", "research_question", "notes"],
    Passage: ["text"],
}

# Fields that every seeded record must have in both languages, not merely in neither.
REQUIRED_BOTH = {
    Region: ["name"],
    Organization: ["name", "description"],
    Strategy: ["name", "description"],
    Evidence: ["summary"],
    EvidencePassage: ["quote"],
    Relationship: ["description"],
    RelationshipPassage: ["quote"],
    Source: ["title", "research_question", "notes"],
    Passage: ["text"],
}


def history_count():
    """Count the rows of every history table."""
    return sum(model.objects.count() for model in apps.get_models() if model.__name__.startswith("Historical"))


def counts():
    return {model: model.objects.count() for model in EXPECTED_COUNTS}


def document_lines(name):
    return (DOCUMENTS_DIR / name).read_text(encoding="utf-8").rstrip("\n").split("\n")


@pytest.fixture
def seeded():
    return seed_load()


@pytest.mark.smoke
def test_loading_twice_changes_nothing(seeded):
    assert seeded.changed
    before, history_before = counts(), history_count()
    assert history_before > 0

    out = StringIO()
    call_command("load_seed", stdout=out)

    assert counts() == before
    assert history_count() == history_before
    assert "nothing changed" in out.getvalue()
    assert "regions: 0 created, 0 updated, 11 unchanged" in out.getvalue()
    assert not seed_load().changed


def test_the_curated_counts_are_loaded(seeded):
    assert counts() == EXPECTED_COUNTS
    assert seeded.tallies["evidence"].created == EXPECTED_COUNTS[Evidence]


def test_every_translated_field_is_filled_in_both_languages_or_neither(seeded):
    for model, fields in TRANSLATED.items():
        for obj in model.objects.all():
            for name in fields:
                ar, en = getattr(obj, f"{name}_ar") or "", getattr(obj, f"{name}_en") or ""
                assert bool(ar.strip()) == bool(en.strip()), f"{model.__name__} {obj.pk} {name}"
    for model, fields in REQUIRED_BOTH.items():
        for obj in model.objects.all():
            for name in fields:
                assert getattr(obj, f"{name}_ar") and getattr(obj, f"{name}_en"), f"{model.__name__} {obj.pk} {name}"


def test_every_quote_occurs_in_its_passage_in_both_languages(seeded):
    citations = list(EvidencePassage.objects.select_related("passage")) + list(
        RelationshipPassage.objects.select_related("passage")
    )
    assert citations
    for citation in citations:
        assert citation.quote_ar in citation.passage.text_ar
        assert citation.quote_en in citation.passage.text_en


def test_every_passage_is_the_exact_line_of_its_document(seeded):
    for item in seed_data()["sources"]:
        lines = document_lines(item["document"])
        source = Source.objects.get(slug=item["slug"])
        passages = list(source.passages.order_by("position"))
        assert [p.position for p in passages] == list(range(1, len(lines) + 1))
        assert [p.text_ar for p in passages] == lines
        assert [p.kind for p in passages] == ["paragraph"] * (len(lines) - 2) + ["question", "answer"]
        assert {p.original_language for p in passages} == {"ar"}
        assert source.research_question_ar == lines[-2]
        assert source.research_question_en == passages[-2].text_en
        assert source.original_language == "ar" and source.kind == Source.Kind.ESSAY


def test_everything_seeded_is_public_with_ascii_slugs(seeded):
    for model in (Region, Organization, Strategy, Source, Evidence, Relationship):
        assert not model.objects.exclude(published=True, sensitive=False).exists(), model.__name__
    assert not Passage.objects.filter(sensitive=True).exists()
    for model in (Region, Organization, Strategy, Source):
        for slug in model.objects.values_list("slug", flat=True):
            assert slug.isascii(), slug


@pytest.mark.parametrize(
    ("other_name", "slug", "kind"),
    [
        ("HRC", "human-rights-campaign", OrganizationName.Kind.ACRONYM),
        ("Human Rights Campaign Fund", "human-rights-campaign", OrganizationName.Kind.FORMER),
        ("IGLHRC", "outright-action-international", OrganizationName.Kind.FORMER),
        ("OutRight Action International", "outright-action-international", OrganizationName.Kind.FORMER),
        ("اللجنة الدولية لحقوق الإنسان للمثليين والمثليات", "outright-action-international", "former"),
        ("Parents, Families and Friends of Lesbians and Gays", "pflag", OrganizationName.Kind.FORMER),
        ("UN", "united-nations", OrganizationName.Kind.ACRONYM),
    ],
)
def test_famous_aliases_resolve_to_one_organization(seeded, other_name, slug, kind):
    names = OrganizationName.objects.filter(name=other_name)
    assert [(n.organization.slug, n.kind) for n in names] == [(slug, kind)]


def test_the_documents_claims_are_tied_to_their_regions_and_partners(seeded):
    gji = Evidence.objects.get(organization__slug="global-justice-institute")
    assert gji.strategy.slug == "lobbying-governments-and-legislators"
    assert [r.slug for r in gji.regions.all()] == ["africa"]
    pride = Evidence.objects.get(organization__slug="moscow-pride")
    assert {r.slug for r in pride.regions.all()} == {"moscow", "eurasia"}
    assert str(pride.period_start) == "2013-01-01"
    partners = set(
        Relationship.objects.filter(subject__slug="human-rights-campaign").values_list("target__slug", flat=True)
    )
    assert partners == {
        "equality-federation",
        "pflag",
        "transgender-law-center",
        "amnesty-international",
        "outright-action-international",
    }
    assert Relationship.objects.filter(
        subject__slug="outright-action-international", target__slug="united-nations"
    ).exists()
    assert Region.objects.get(iso_code="RU").parent.slug == "eurasia"
    assert Region.objects.get(slug="moscow").parent.iso_code == "RU"


def test_a_changed_value_in_the_data_updates_only_that_record(seeded, tmp_path):
    data = seed_data()
    organization = next(o for o in data["organizations"] if o["slug"] == "pflag")
    organization["description_en"] += " Revised."
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    history_before = history_count()

    report = seed_load(path=path)

    assert report.tallies["organizations"].updated == 1
    assert sum(t.created + t.updated for t in report.tallies.values()) == 1
    assert Organization.objects.get(slug="pflag").description_en.endswith(" Revised.")
    assert history_count() == history_before + 1


def test_a_revised_passage_translation_replaces_the_quotes_it_breaks(seeded, tmp_path):
    data = seed_data()
    passage = data["sources"][0]["passages"][1]
    passage["text_en"] = passage["text_en"].replace("the Global Justice Institute", "the Global Institute for Justice")
    for evidence in data["evidence"]:
        for citation in evidence["citations"]:
            citation["quote_en"] = citation["quote_en"].replace(
                "the Global Justice Institute", "the Global Institute for Justice"
            )
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    report = seed_load(path=path)

    assert report.tallies["passages"].updated == 1
    assert report.removed_citations == 1
    quote = EvidencePassage.objects.get(evidence__organization__slug="global-justice-institute").quote_en
    assert "the Global Institute for Justice" in quote
    assert EvidencePassage.objects.count() == EXPECTED_COUNTS[EvidencePassage]


def test_an_unknown_reference_loads_nothing(tmp_path):
    data = seed_data()
    data["evidence"][-1]["strategy"] = "no-such-strategy"
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(SeedReferenceError) as error:
        seed_load(path=path)

    assert str(error.value) == ERROR_UNKNOWN_REFERENCE.format(what="strategy", key="no-such-strategy")
    assert not Organization.objects.exists()


@pytest.mark.smoke
def test_if_empty_loads_a_new_knowledge_base_but_keeps_curators_edits():
    call_command("load_seed", "--if-empty", stdout=StringIO())
    assert counts() == EXPECTED_COUNTS
    organization = Organization.objects.get(slug="human-rights-campaign")
    organization.description_en = "Edited by a curator."
    organization.save()
    out = StringIO()
    call_command("load_seed", "--if-empty", stdout=out)
    assert "was not loaded" in out.getvalue()
    organization.refresh_from_db()
    assert organization.description_en == "Edited by a curator."
