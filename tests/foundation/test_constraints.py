"""The database itself rejects data that would make the knowledge base dishonest."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from core.models import Language
from orgs.models import ERROR_REGION_OWN_ANCESTOR, ERROR_SELF_RELATIONSHIP, Region, Relationship
from sources.models import Passage
from sources.quotes import ERROR_QUOTE_EMPTY, ERROR_QUOTE_NOT_IN_PASSAGE
from strategies.models import ERROR_PERIOD_ORDER, ERROR_STRATEGY_OWN_ANCESTOR, Evidence, EvidencePassage, Strategy
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    PassageFactory,
    RegionFactory,
    RelationshipFactory,
    RelationshipPassageFactory,
    SourceFactory,
    StrategyFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def rejected(create):
    """Assert the database refuses the write, and leaves nothing behind."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_an_organization_cannot_be_related_to_itself():
    organization = OrganizationFactory()
    rejected(lambda: Relationship.objects.create(subject=organization, target=organization, kind="funds"))
    with pytest.raises(ValidationError) as error:
        Relationship(subject=organization, target=organization, kind="funds").full_clean()
    assert ERROR_SELF_RELATIONSHIP in error.value.messages


def test_the_same_claim_cannot_be_recorded_twice():
    evidence = EvidenceFactory()
    rejected(lambda: Evidence.objects.create(organization=evidence.organization, strategy=evidence.strategy))
    assert Evidence.objects.count() == 1


def test_the_same_relationship_cannot_be_recorded_twice():
    relationship = RelationshipFactory()
    rejected(
        lambda: Relationship.objects.create(
            subject=relationship.subject, target=relationship.target, kind=relationship.kind
        )
    )


def test_a_quote_must_come_from_its_passage_in_each_language():
    passage = PassageFactory()
    evidence = EvidenceFactory()
    rejected(lambda: EvidencePassage.objects.create(evidence=evidence, passage=passage, quote_ar="كلمات مختلقة"))
    rejected(
        lambda: EvidencePassage.objects.create(
            evidence=evidence, passage=passage, quote_ar="النشطاء المحليين", quote_en="invented words"
        )
    )
    rejected(lambda: EvidencePassage.objects.create(evidence=evidence, passage=passage, quote_ar="", quote_en=""))
    assert not EvidencePassage.objects.exists()
    EvidencePassage.objects.create(evidence=evidence, passage=passage, quote_ar="النشطاء", quote_en="local activists")
    assert EvidencePassage.objects.count() == 1


def test_a_quote_cannot_be_changed_to_words_its_passage_lacks():
    citation = EvidencePassageFactory()
    citation.quote_en = "words the passage does not have"
    rejected(citation.save)
    relationship_citation = RelationshipPassageFactory()
    relationship_citation.quote_ar = "ليست في النص"
    rejected(relationship_citation.save)


def test_a_passage_text_cannot_drop_words_a_claim_quotes():
    citation = EvidencePassageFactory()
    passage = citation.passage
    passage.text_en = "Rewritten without the quoted words."
    rejected(passage.save)
    passage.refresh_from_db()
    passage.text_en = passage.text_en + " A sentence added after."
    passage.save()


def test_a_passage_text_cannot_drop_words_a_relationship_quotes():
    citation = RelationshipPassageFactory()
    passage = citation.passage
    passage.text_ar = "نص جديد بلا الكلمات المقتبسة"
    rejected(passage.save)
    rejected(lambda: Passage.objects.filter(pk=passage.pk).update(text_en="Nothing quoted is left."))
    passage.refresh_from_db()
    assert citation.quote_ar in passage.text_ar and citation.quote_en in passage.text_en


def test_full_clean_explains_a_quote_that_is_not_in_its_passage():
    citation = EvidencePassageFactory.build(passage=PassageFactory(), evidence=EvidenceFactory(), quote_en="nope")
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert str(ERROR_QUOTE_NOT_IN_PASSAGE % {"language": Language.EN.label}) in error.value.messages
    empty = EvidencePassageFactory.build(passage=citation.passage, evidence=citation.evidence, quote_ar="", quote_en="")
    with pytest.raises(ValidationError) as error:
        empty.full_clean()
    assert str(ERROR_QUOTE_EMPTY) in error.value.messages


def test_relationship_quotes_obey_the_same_rule():
    relationship = RelationshipFactory()
    passage = PassageFactory()
    from orgs.models import RelationshipPassage

    rejected(lambda: RelationshipPassage.objects.create(relationship=relationship, passage=passage, quote_ar="غير"))


def test_passages_of_a_source_have_distinct_positions_from_one():
    passage = PassageFactory(position=1)
    rejected(lambda: PassageFactory(source=passage.source, position=1))
    rejected(lambda: PassageFactory(source=passage.source, position=0))


def test_country_codes_are_two_capital_letters_and_unique():
    RegionFactory(iso_code="RU")
    rejected(lambda: RegionFactory(iso_code="RU"))
    rejected(lambda: RegionFactory(iso_code="ru"))
    rejected(lambda: RegionFactory(iso_code="R1"))
    RegionFactory(iso_code="")
    RegionFactory(iso_code="")
    assert Region.objects.filter(iso_code="").count() == 2


def test_a_region_or_strategy_cannot_be_its_own_parent():
    region = RegionFactory()
    region.parent = region
    rejected(region.save)
    strategy = StrategyFactory()
    strategy.parent = strategy
    rejected(strategy.save)


@pytest.mark.parametrize(
    ("factory", "model", "message"),
    [
        (RegionFactory, Region, ERROR_REGION_OWN_ANCESTOR),
        (StrategyFactory, Strategy, ERROR_STRATEGY_OWN_ANCESTOR),
    ],
    ids=["region", "strategy"],
)
def test_a_tree_node_cannot_be_put_inside_its_own_descendant(factory, model, message):
    top = factory()
    middle = factory(parent=top)
    bottom = factory(parent=middle)
    top.parent = bottom
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert str(message) in error.value.messages
    # The database refuses it too, however the write comes: save(), update() on a queryset.
    rejected(top.save)
    rejected(lambda: model.objects.filter(pk=top.pk).update(parent=middle))
    top.refresh_from_db()
    assert top.parent_id is None
    # A move that makes no loop is still allowed.
    bottom.parent = top
    bottom.save()
    assert model.objects.get(pk=bottom.pk).parent_id == top.pk


def test_a_region_may_be_grouped_under_a_region_it_contains():
    europe = RegionFactory(kind="continent")
    ukraine = RegionFactory(kind="country", parent=europe)
    europe.also_in.add(ukraine)
    assert list(europe.also_in.all()) == [ukraine]


def test_a_claim_period_cannot_end_before_it_starts():
    evidence = EvidenceFactory.build(
        organization=OrganizationFactory(),
        strategy=StrategyFactory(),
        period_start="2015-01-01",
        period_end="2014-01-01",
    )
    rejected(evidence.save)
    with pytest.raises(ValidationError) as error:
        evidence.full_clean()
    assert str(ERROR_PERIOD_ORDER) in error.value.messages


def test_deleting_records_that_evidence_rests_on_is_refused():
    citation = EvidencePassageFactory()
    evidence = citation.evidence
    with pytest.raises(ProtectedError):
        evidence.organization.delete()
    with pytest.raises(ProtectedError):
        evidence.strategy.delete()
    with pytest.raises(ProtectedError):
        citation.passage.source.delete()
    assert Passage.objects.filter(pk=citation.passage_id).exists()


def test_a_source_without_claims_deletes_with_its_passages():
    source = SourceFactory()
    PassageFactory(source=source)
    source.delete()
    assert not Passage.objects.exists()
