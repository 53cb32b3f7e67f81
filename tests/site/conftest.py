"""A small knowledge base with public and hidden records of every kind."""

from types import SimpleNamespace

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


@pytest.fixture
def kb(db):
    """Build public records and, next to each, hidden ones the public must never see."""
    world = RegionFactory(slug="world", name_ar="العالم", name_en="World", kind=Region.Kind.WORLD)
    africa = RegionFactory(slug="africa", name_ar="أفريقيا", name_en="Africa", kind=Region.Kind.CONTINENT, parent=world)
    kenya = RegionFactory(slug="kenya", name_ar="كينيا", name_en="Kenya", parent=africa, iso_code="KE")
    hidden_region = RegionFactory(slug="hidden-land", name_ar="أرض خفية", name_en="Hidden Land", published=False)

    awareness = StrategyFactory(slug="public-awareness", name_ar="التوعية العامة", name_en="Public awareness")
    social = StrategyFactory(
        slug="social-media", name_ar="حملات وسائل التواصل", name_en="Social media campaigns", parent=awareness
    )
    litigation = StrategyFactory(slug="litigation", name_ar="التقاضي", name_en="Strategic litigation")
    hidden_strategy = StrategyFactory(
        slug="secret-tactic", name_ar="تكتيك سري", name_en="Secret tactic", published=False
    )

    alpha = OrganizationFactory(slug="alpha", name_ar="ألفا", name_en="Alpha Network", country=kenya)
    alpha.regions.set([africa, hidden_region])
    beta = OrganizationFactory(slug="beta", name_ar="بيتا", name_en="Beta Collective", description_en="")
    hidden_org = OrganizationFactory(slug="hidden-org", name_ar="منظمة خفية", name_en="Hidden Org", published=False)
    sensitive_org = OrganizationFactory(slug="sensitive-org", name_en="Sensitive Org", sensitive=True)
    OrganizationNameFactory(organization=alpha, name="AN", kind="acronym", language="en")
    OrganizationNameFactory(organization=alpha, name="Old Alpha", kind="former", language="en", used_until=2010)

    source = SourceFactory(slug="report", title_ar="تقرير", title_en="A report", original_language="ar")
    p1 = PassageFactory(
        source=source,
        position=1,
        original_language="ar",
        text_ar="تعمل ألفا مع النشطاء المحليين عبر وسائل التواصل.",
        text_en="Alpha works with local activists through social media.",
    )
    p2 = PassageFactory(
        source=source,
        position=2,
        original_language="en",
        text_ar="رفعت بيتا قضايا أمام المحاكم.",
        text_en="Beta brought cases before the courts.",
    )
    secret_passage = PassageFactory(
        source=source, position=3, sensitive=True, text_ar="نص حساس جدا.", text_en="A very sensitive text."
    )
    hidden_source = SourceFactory(slug="draft", title_ar="مسودة", title_en="Draft notes", published=False)
    draft_passage = PassageFactory(source=hidden_source, position=1, text_ar="مسودة سرية.", text_en="Secret draft.")

    alpha_social = EvidenceFactory(organization=alpha, strategy=social)
    alpha_social.regions.set([kenya])
    EvidencePassageFactory(evidence=alpha_social, passage=p1, quote_ar="النشطاء المحليين", quote_en="local activists")
    EvidencePassageFactory(evidence=alpha_social, passage=secret_passage, quote_ar="حساس", quote_en="sensitive")
    beta_litigation = EvidenceFactory(organization=beta, strategy=litigation, summary_en="")
    EvidencePassageFactory(evidence=beta_litigation, passage=p2, quote_ar="قضايا", quote_en="cases")
    EvidencePassageFactory(evidence=beta_litigation, passage=draft_passage, quote_ar="سرية", quote_en="Secret")
    EvidenceFactory(organization=alpha, strategy=hidden_strategy).regions.set([kenya, hidden_region])
    EvidenceFactory(organization=hidden_org, strategy=litigation).regions.set([kenya])
    EvidenceFactory(organization=sensitive_org, strategy=social)
    EvidenceFactory(organization=beta, strategy=awareness, published=False)

    RelationshipFactory(subject=alpha, target=beta, kind="collaborates_with")
    RelationshipPassageFactory(
        relationship=RelationshipFactory(subject=beta, target=alpha, kind="funds"),
        passage=p2,
        quote_ar="قضايا",
        quote_en="cases",
    )
    RelationshipFactory(subject=alpha, target=hidden_org, kind="member_of")
    RelationshipFactory(subject=sensitive_org, target=beta, kind="funds")
    return SimpleNamespace(**locals())
