"""What each API record holds: both languages of every text, stable ids and slugs, public related records only.

The querysets in views.py load every related record these read (select_related and public
Prefetches), so a page of results costs the same number of queries whatever its size.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.models import Language
from orgs.models import Identification, Organization, OrganizationName, Region, Relationship
from sources.models import Passage, Source
from strategies.models import Evidence

from .fields import PagesField, PublicRef, TranslatedField

ID_HELP = _("Stable number of the record; it never changes.")
SLUG_HELP = _("Stable ASCII identifier of the record, used in its addresses; it never changes.")


def id_field():
    return serializers.IntegerField(label=_("id"), help_text=ID_HELP)


def slug_field():
    return serializers.SlugField(label=_("slug"), help_text=SLUG_HELP)


class RegionRef(PublicRef):
    id = id_field()
    slug = slug_field()
    name = TranslatedField(label=_("name"), help_text=_("The region's name in each language."))


class StrategyRef(PublicRef):
    id = id_field()
    slug = slug_field()
    name = TranslatedField(label=_("name"), help_text=_("The strategy's name in each language."))


class OrganizationRef(PublicRef):
    id = id_field()
    slug = slug_field()
    name = TranslatedField(label=_("name"), help_text=_("The organization's name in each language."))


class SourceRef(PublicRef):
    id = id_field()
    slug = slug_field()
    title = TranslatedField(label=_("title"), help_text=_("The source's title in each language."))


class PassageRef(serializers.Serializer):
    id = id_field()
    position = serializers.IntegerField(label=_("position"), help_text=_("Order of the passage in its source, from 1."))
    source = SourceRef(label=_("source"), help_text=_("The source the passage belongs to."))
    pages = PagesField()


class CitationSerializer(serializers.Serializer):
    id = id_field()
    quote = TranslatedField(
        label=_("quote"), help_text=_("The exact words of the passage that support the record, in each language.")
    )
    passage = PassageRef(label=_("passage"), help_text=_("The quoted passage and its source."))
    pages = PagesField(help_text=_("The quote marked in its source's page, in each language."))


class OtherNameSerializer(serializers.Serializer):
    name = serializers.CharField(label=_("name"), help_text=_("Another name the organization is known by."))
    kind = serializers.ChoiceField(
        choices=OrganizationName.Kind.choices, label=_("kind"), help_text=_("Acronym, alias or former name.")
    )
    language = serializers.ChoiceField(
        choices=[("", _("Not given")), *Language.choices],
        label=_("language"),
        help_text=_("The language of the name, when known."),
    )
    used_until = serializers.IntegerField(
        allow_null=True, label=_("used until"), help_text=_("For a former name: the year it was dropped.")
    )


class RecordSerializer(serializers.Serializer):
    """The fields every record has."""

    id = id_field()
    pages = PagesField()
    created_at = serializers.DateTimeField(label=_("created"), help_text=_("When the record was added."))
    updated_at = serializers.DateTimeField(label=_("updated"), help_text=_("When the record last changed."))


class OrganizationSerializer(RecordSerializer):
    slug = slug_field()
    name = TranslatedField(label=_("name"), help_text=_("The organization's name in each language."))
    other_names = OtherNameSerializer(
        many=True, label=_("other names"), help_text=_("Acronyms, aliases and former names.")
    )
    kind = serializers.ChoiceField(
        choices=Organization.Kind.choices, label=_("kind"), help_text=_("What sort of actor the organization is.")
    )
    description = TranslatedField(label=_("description"), help_text=_("What the organization is and does."))
    country = RegionRef(
        allow_null=True, label=_("based in"), help_text=_("Where the organization has its seat; null when not given.")
    )
    regions = RegionRef(many=True, label=_("active in"), help_text=_("The regions the organization works in."))
    website = serializers.CharField(label=_("website"), help_text=_("The organization's own website, if any."))
    founded = serializers.IntegerField(
        allow_null=True, label=_("founded"), help_text=_("The year the organization was founded, when known.")
    )
    identification = serializers.ChoiceField(
        choices=Identification.choices,
        label=_("identification"),
        help_text=_("How sure the editors are that the name in the sources is this organization."),
    )
    identification_note = TranslatedField(
        label=_("note on the identification"),
        help_text=_("Why the editors link the name in the sources to this organization, or not."),
    )
    facts_source = TranslatedField(
        label=_("source of the general facts"),
        help_text=_("Where the name, seat, website and founding year come from, when no passage says so."),
    )


class StrategySerializer(RecordSerializer):
    slug = slug_field()
    name = TranslatedField(label=_("name"), help_text=_("The strategy's name in each language."))
    description = TranslatedField(label=_("description"), help_text=_("What the strategy consists of."))
    parent = StrategyRef(
        allow_null=True, label=_("category"), help_text=_("The broader strategy this one belongs to; null at the top.")
    )


class RegionSerializer(RecordSerializer):
    slug = slug_field()
    name = TranslatedField(label=_("name"), help_text=_("The region's name in each language."))
    kind = serializers.ChoiceField(
        choices=Region.Kind.choices, label=_("kind"), help_text=_("World, continent, sub-region, country or city.")
    )
    iso_code = serializers.CharField(
        label=_("ISO 3166-1 code"), help_text=_("Two-letter country code, for countries; empty otherwise.")
    )
    parent = RegionRef(
        allow_null=True, label=_("inside"), help_text=_("The larger region this one belongs to; null at the top.")
    )
    also_in = RegionRef(
        many=True, label=_("also in"), help_text=_("Other groupings the region belongs to besides its parent.")
    )


class SourceSerializer(RecordSerializer):
    slug = slug_field()
    title = TranslatedField(label=_("title"), help_text=_("The source's title in each language."))
    kind = serializers.ChoiceField(
        choices=Source.Kind.choices, label=_("kind"), help_text=_("What sort of document the source is.")
    )
    author = TranslatedField(label=_("author or publisher"), help_text=_("Who wrote or published the source."))
    date = serializers.DateField(allow_null=True, label=_("date"), help_text=_("When the source was published."))
    url = serializers.CharField(label=_("URL"), help_text=_("Where the source can be read, if it is online."))
    original_language = serializers.ChoiceField(
        choices=Language.choices, label=_("original language"), help_text=_("The language the source was written in.")
    )
    research_question = TranslatedField(
        label=_("research question"), help_text=_("The question the source sets out to answer.")
    )
    notes = TranslatedField(label=_("notes"), help_text=_("Provenance and how the source was curated."))


class PassageSerializer(RecordSerializer):
    source = SourceRef(label=_("source"), help_text=_("The source the passage belongs to."))
    position = serializers.IntegerField(label=_("position"), help_text=_("Order of the passage in its source, from 1."))
    kind = serializers.ChoiceField(
        choices=Passage.Kind.choices, label=_("kind"), help_text=_("Paragraph, research question or answer.")
    )
    text = TranslatedField(
        label=_("text"), help_text=_("The passage in each language: the original and a translation.")
    )
    original_language = serializers.ChoiceField(
        choices=Language.choices,
        label=_("original language"),
        help_text=_("The language the passage was written in; the other is a translation."),
    )


class ClaimSerializer(RecordSerializer):
    organization = OrganizationRef(label=_("organization"), help_text=_("The organization the claim is about."))
    strategy = StrategyRef(label=_("strategy"), help_text=_("The strategy the organization uses."))
    regions = RegionRef(many=True, label=_("regions"), help_text=_("Where the organization uses it."))
    status = serializers.ChoiceField(
        choices=Evidence.Status.choices,
        label=_("status"),
        help_text=_("Reported by the source, corroborated, or disputed."),
    )
    summary = TranslatedField(label=_("summary"), help_text=_("The claim in a sentence, in each language."))
    period_start = serializers.DateField(
        allow_null=True, label=_("period start"), help_text=_("When the use of the strategy began, when known.")
    )
    period_end = serializers.DateField(
        allow_null=True, label=_("period end"), help_text=_("When the use of the strategy ended, when known.")
    )
    status_note = TranslatedField(
        label=_("editors' note on the status"), help_text=_("For a disputed claim: what contradicts it.")
    )
    status_source = TranslatedField(
        label=_("source of the note"), help_text=_("The named public source that contradicts the claim.")
    )
    status_source_date = serializers.DateField(
        allow_null=True, label=_("date of that source"), help_text=_("When that source was published or decided.")
    )
    status_source_url = serializers.CharField(label=_("link to that source"), help_text=_("Where to read that source."))
    citations = CitationSerializer(
        many=True, label=_("citations"), help_text=_("The quoted passages that support the claim.")
    )


class RelationshipSerializer(RecordSerializer):
    subject = OrganizationRef(label=_("organization"), help_text=_("The organization the link starts from."))
    kind = serializers.ChoiceField(
        choices=Relationship.Kind.choices,
        label=_("kind"),
        help_text=_("How the two organizations are linked, read as: organization, kind, other organization."),
    )
    target = OrganizationRef(label=_("other organization"), help_text=_("The organization the link points to."))
    description = TranslatedField(label=_("description"), help_text=_("The link in the editors' words."))
    citations = CitationSerializer(
        many=True, label=_("citations"), help_text=_("The quoted passages that support the link.")
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(label=_("detail"), help_text=_("What went wrong, in words."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        label=_("errors"),
        help_text=_("For a refused parameter: its name and what is wrong with its value."),
    )
