"""Every way of writing text keeps search true: update(), bulk_create() and bulk_update() as well as save()."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.search.indexing import search_index_rebuild
from orgs.models import Organization
from sources.models import Passage
from strategies.models import Evidence
from tests.factories import (
    EvidenceFactory,
    EvidencePassageFactory,
    OrganizationFactory,
    OrganizationNameFactory,
    PassageFactory,
    RegionFactory,
    SourceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def found(model, query):
    return set(model.objects.published().search(query).values_list("pk", flat=True))


def test_a_queryset_update_of_a_passage_text_is_found_and_the_old_words_are_not():
    passage = PassageFactory(text_en="Activists lobby the parliament.", text_ar="نص")
    Passage.objects.filter(pk=passage.pk).update(text_en="Volunteers run a zebra hotline.", text_ar="خط ساخن")
    assert found(Passage, "zebra") == {passage.pk}
    assert found(Passage, "خط") == {passage.pk}
    assert found(Passage, "parliament") == set()


def test_a_queryset_update_of_an_organization_name_is_found():
    organization = OrganizationFactory(name_en="Old Name Collective", name_ar="تجمع الاسم القديم")
    Organization.objects.filter(pk=organization.pk).update(name_en="Quokka Alliance")
    assert found(Organization, "quokka") == {organization.pk}
    assert found(Organization, "collective") == set()


def test_an_update_of_flags_only_does_not_reread_the_rows(django_assert_num_queries):
    PassageFactory(text_en="Media campaigns.", text_ar="نص")
    with django_assert_num_queries(1):
        Passage.objects.update(sensitive=True)
    assert found(Passage, "media") == set()


def test_bulk_created_and_bulk_updated_passages_are_found():
    source = SourceFactory()
    created = Passage.objects.bulk_create(
        [
            Passage(
                source=source,
                position=1,
                text_en="A wombat survey.",
                text_ar="مسح",
                original_language="en",
                published=True,
            ),
            Passage(
                source=source, position=2, text_en="Another text.", text_ar="نص", original_language="en", published=True
            ),
        ]
    )
    assert {passage.position for passage in Passage.objects.filter(pk__in=found(Passage, "wombat"))} == {1}
    second = Passage.objects.get(source=source, position=2)
    second.text_en = "A platypus census."
    Passage.objects.bulk_update([second], ["text_en"])
    assert found(Passage, "platypus") == {second.pk}
    assert len(created) == 2


def test_search_reindex_restores_documents_written_around_the_orm_and_reports_its_rate():
    passage = PassageFactory(text_en="Activists lobby the parliament.", text_ar="نص")
    Passage._base_manager.filter(pk=passage.pk).update(text_en="An ibex festival.")
    assert found(Passage, "ibex") == set()
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert found(Passage, "ibex") == {passage.pk}
    report = out.getvalue()
    assert "1/1" in report and "rows per second" in report
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert ", 0 rewritten," in out.getvalue()


def claims_with_related_texts(count):
    """Claims whose documents read their organization's names, strategy, regions and quotes."""
    region = RegionFactory(name_en="Andes", parent=RegionFactory(name_en="Americas"))
    claims = []
    for number in range(count):
        claim = EvidenceFactory(organization=OrganizationFactory(name_en=f"Group {number}"))
        claim.regions.set([region])
        OrganizationNameFactory(organization=claim.organization, name=f"G{number}", kind="acronym", language="en")
        EvidencePassageFactory(evidence=claim, quote_en="local activists")
        claims.append(claim)
    return claims


def test_rebuilding_claims_reads_their_related_texts_in_queries_that_do_not_grow_with_them():
    claims = claims_with_related_texts(3)
    saved = {claim.pk: claim.search_document for claim in Evidence.objects.filter(pk__in=[c.pk for c in claims])}
    with CaptureQueriesContext(connection) as few:
        search_index_rebuild(models_=[Evidence])
    claims_with_related_texts(12)
    with CaptureQueriesContext(connection) as many:
        search_index_rebuild(models_=[Evidence])
    assert len(many) == len(few)
    # The same documents as each claim's own save wrote: the organization's names, the regions and the quote.
    rebuilt = dict(Evidence.objects.filter(pk__in=saved).values_list("pk", "search_document"))
    assert rebuilt == saved
    for document in rebuilt.values():
        assert "andes" in document and "america" in document and "activist" in document, document  # stemmed
