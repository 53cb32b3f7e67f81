"""JSON-LD (schema.org) of each detail page's record, built from what the page already loaded.

The views pass only public records (a hidden seat, region or quote is never handed over), so
the data here holds nothing a page does not show. `script()` writes it as a data block, which
browsers never run and the strict CSP leaves alone; `<`, `>` and `&` are escaped as in Django's
json_script, so a `</script>` in any text cannot end the block.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.languages import LANGUAGE_CODES, page_language, pick
from orgs.models import Region
from sources.models import Source

CONTEXT = "https://schema.org"
# The same escapes as django.utils.html.json_script: the JSON stays valid, the HTML cannot be broken.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
SOURCE_TYPES = {
    Source.Kind.BOOK: "Book",
    Source.Kind.ARTICLE: "Article",
    Source.Kind.ESSAY: "Article",
    Source.Kind.REPORT: "Report",
    Source.Kind.WEB_PAGE: "WebPage",
}
REGION_TYPES = {Region.Kind.CONTINENT: "Continent", Region.Kind.COUNTRY: "Country", Region.Kind.CITY: "City"}


def script(data):
    """Return data as a `<script type="application/ld+json">` block, safe to put in a page."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _absolute(request, path):
    return request.build_absolute_uri(path)


def _names(record, field):
    """Return (the name in the page's language, [the other language's name when it differs])."""
    name = pick(record, field)[0]
    others = [getattr(record, f"{field}_{code}", "") or "" for code in LANGUAGE_CODES]
    return name, [other for other in others if other and other != name]


def _named(record, field, kind, request, **more):
    name, alternates = _names(record, field)
    data = {"@type": kind, "name": name, "url": _absolute(request, record.get_absolute_url()), **more}
    if alternates:
        data["alternateName"] = alternates
    return data


def _place(region, request):
    data = _named(region, "name", REGION_TYPES.get(region.kind, "Place"), request)
    if region.iso_code:
        data["identifier"] = region.iso_code
    return data


def _source_type(source):
    return SOURCE_TYPES.get(source.kind, "CreativeWork")


def _text(record, field):
    return pick(record, field)[0]


def _with_context(data):
    return {"@context": CONTEXT, **data}


def organization(request, organization, *, country):
    """Return an organization as a schema.org Organization: its names, seat, regions, website, founding year."""
    data = _named(organization, "name", "Organization", request)
    data["alternateName"] = [*data.get("alternateName", []), *(name.name for name in organization.other_names.all())]
    if not data["alternateName"]:
        del data["alternateName"]
    if description := _text(organization, "description"):
        data["description"] = description
    if country is not None:
        data["location"] = _place(country, request)
    if regions := [_place(region, request) for region in organization.regions.all()]:
        data["areaServed"] = regions
    if organization.website:
        data["sameAs"] = [organization.website]
    if organization.founded:
        data["foundingDate"] = str(organization.founded)
    return _with_context(data)


def strategy(request, strategy, *, parent):
    """Return a strategy as a schema.org DefinedTerm in the set of strategies."""
    data = _named(strategy, "name", "DefinedTerm", request)
    if description := _text(strategy, "description"):
        data["description"] = description
    data["inDefinedTermSet"] = {"@type": "DefinedTermSet", "url": _absolute(request, reverse("strategy-list"))}
    if parent is not None:
        data["isPartOf"] = _named(parent, "name", "DefinedTerm", request)
    return _with_context(data)


def region(request, region, *, parent):
    """Return a region as a schema.org Place (Continent, Country, City), inside its public parent."""
    data = _place(region, request)
    if parent is not None:
        data["containedInPlace"] = _place(parent, request)
    return _with_context(data)


def source(request, source):
    """Return a source as a schema.org CreativeWork of its kind (Article, Book, Report, WebPage)."""
    data = _named(source, "title", _source_type(source), request)
    data["inLanguage"] = source.original_language
    if author := _text(source, "author"):
        data["creator"] = author
    if source.date:
        data["datePublished"] = source.date.isoformat()
    if source.url:
        data["sameAs"] = [source.url]
    if question := _text(source, "research_question"):
        data["abstract"] = question
    return _with_context(data)


def claim(request, claim, *, citations):
    """Return a claim as a schema.org Claim about its organization and strategy, citing its quotes."""
    language = page_language()
    data = {
        "@type": "Claim",
        "name": f"{pick(claim.organization, 'name')[0]}: {pick(claim.strategy, 'name')[0]}",
        "url": _absolute(request, claim.get_absolute_url()),
        "inLanguage": language,
        "about": [
            _named(claim.organization, "name", "Organization", request),
            _named(claim.strategy, "name", "DefinedTerm", request),
        ],
        "creativeWorkStatus": str(claim.get_status_display()),
    }
    if summary := _text(claim, "summary"):
        data["text"] = summary
    if regions := [_place(region, request) for region in claim.regions.all()]:
        data["spatialCoverage"] = regions
    if claim.period_start or claim.period_end:
        start = claim.period_start.isoformat() if claim.period_start else ".."
        end = claim.period_end.isoformat() if claim.period_end else ".."
        data["temporalCoverage"] = f"{start}/{end}"
    sources, quotes = {}, []
    for citation in citations:
        work = citation.passage.source
        sources[work.pk] = _named(work, "title", _source_type(work), request)
        quote, quote_language = pick(citation, "quote")
        quotes.append(
            {
                "@type": "Quotation",
                "text": quote,
                "inLanguage": quote_language,
                "url": _absolute(request, citation.get_absolute_url()),
                "isPartOf": sources[work.pk],
            }
        )
    if quotes:
        data["citation"] = quotes
        data["appearance"] = list(sources.values())
    return _with_context(data)
