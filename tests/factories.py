"""factory_boy factories for every model; published, non-sensitive records by default."""

import factory

from orgs.models import Organization, OrganizationName, Region, Relationship, RelationshipPassage
from sources.models import Passage, Source
from strategies.models import Evidence, EvidencePassage, Strategy


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"region-{n}")
    name_ar = factory.Sequence(lambda n: f"منطقة {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    kind = Region.Kind.COUNTRY
    published = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name_ar = factory.Sequence(lambda n: f"منظمة {n}")
    name_en = factory.Sequence(lambda n: f"Organization {n}")
    description_ar = "منظمة تعمل من أجل حقوق الإنسان."
    description_en = "An organization working for human rights."
    kind = Organization.Kind.INTERNATIONAL_NGO
    published = True


class OrganizationNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationName

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"ORG{n}")
    kind = OrganizationName.Kind.ACRONYM
    language = "en"


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"strategy-{n}")
    name_ar = factory.Sequence(lambda n: f"استراتيجية {n}")
    name_en = factory.Sequence(lambda n: f"Strategy {n}")
    description_ar = "وصف الاستراتيجية."
    description_en = "A description of the strategy."
    published = True


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"source-{n}")
    title_ar = factory.Sequence(lambda n: f"مصدر {n}")
    title_en = factory.Sequence(lambda n: f"Source {n}")
    kind = Source.Kind.ESSAY
    original_language = "ar"
    research_question_ar = "ما هي الاستراتيجيات؟"
    research_question_en = "What are the strategies?"
    published = True


class PassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passage

    source = factory.SubFactory(SourceFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Passage.Kind.PARAGRAPH
    text_ar = "تعمل المنظمة مع النشطاء المحليين لتعزيز الحقوق."
    text_en = "The organization works with local activists to promote rights."
    original_language = "ar"
    published = True


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    organization = factory.SubFactory(OrganizationFactory)
    strategy = factory.SubFactory(StrategyFactory)
    status = Evidence.Status.REPORTED
    summary_ar = "تستخدم المنظمة هذه الاستراتيجية."
    summary_en = "The organization uses this strategy."
    published = True


class EvidencePassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidencePassage

    evidence = factory.SubFactory(EvidenceFactory)
    passage = factory.SubFactory(PassageFactory)
    quote_ar = "النشطاء المحليين"
    quote_en = "local activists"
    published = True


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    subject = factory.SubFactory(OrganizationFactory)
    target = factory.SubFactory(OrganizationFactory)
    kind = Relationship.Kind.COLLABORATES_WITH
    description_ar = "تتعاون المنظمتان."
    description_en = "The two organizations collaborate."
    published = True


class RelationshipPassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelationshipPassage

    relationship = factory.SubFactory(RelationshipFactory)
    passage = factory.SubFactory(PassageFactory)
    quote_ar = "النشطاء المحليين"
    quote_en = "local activists"
    published = True
