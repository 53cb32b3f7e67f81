"""`format=ris`, `bibtex` or `csljson` on a claim, a source or the evidence list: the citations to download.

A claim cites its source once per quoted passage: the passage as locator, the quote and the claim's
page in the note. A source cites itself.
"""

from dataclasses import replace

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext

from core.citations import FORMATS, Reference, citation_chunks
from core.languages import pick
from website.csv.views import FORMAT_PARAMETER, base_url
from website.search.service import every_match

# The claims read at a time for the evidence list's download.
CHUNK_SIZE = 500


def citation_format(request):
    """Return the citation format the request asks for, or None."""
    value = request.GET.get(FORMAT_PARAMETER)
    return value if value in FORMATS else None


def source_reference(source, *, site):
    """Return the reference of a source: its own address when it has one, else its page here."""
    author = pick(source, "author")[0]
    return Reference(
        key=source.slug,
        kind=source.kind,
        title=pick(source, "title")[0],
        authors=(author,) if author else (),
        issued=source.date,
        url=source.url or site + source.get_absolute_url(),
        language=source.original_language,
    )


def passage_reference(passage, *, site):
    """Return the reference of a passage: its source, with the passage as locator."""
    source = source_reference(passage.source, site=site)
    return Reference(
        key=f"{passage.source.slug}-p{passage.position}",
        kind=source.kind,
        title=source.title,
        authors=source.authors,
        issued=source.issued,
        url=source.url,
        language=source.language,
        locator=gettext("passage %(position)s") % {"position": passage.position},
    )


def claim_references(claim, *, site):
    """Return a claim's references: its source per quoted passage, the passage as locator, the quote as note."""
    references = []
    for citation in claim.citations.all():
        passage = citation.passage
        note = gettext("“%(quote)s” (claim: %(organization)s uses %(strategy)s, %(url)s)") % {
            "quote": pick(citation, "quote")[0],
            "organization": pick(claim.organization, "name")[0],
            "strategy": pick(claim.strategy, "name")[0],
            "url": site + claim.get_absolute_url(),
        }
        reference = passage_reference(passage, site=site)
        references.append(replace(reference, key=f"claim{claim.pk}-{reference.key}", note=note))
    return references


def citation_response(format_name, chunks, *, filename):
    """Return the citations as a download named filename, with the format's extension."""
    content_type, extension = FORMATS[format_name]
    response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in chunks), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def claim_citations(request, claim):
    """Return the download of one claim's citations when the request asks for one."""
    if not (format_name := citation_format(request)):
        return None
    references = claim_references(claim, site=base_url(request))
    return citation_response(format_name, citation_chunks(format_name, references), filename=f"claim-{claim.pk}")


def source_citation(request, source):
    """Return the download of a source's reference when the request asks for one."""
    if not (format_name := citation_format(request)):
        return None
    references = [source_reference(source, site=base_url(request))]
    return citation_response(format_name, citation_chunks(format_name, references), filename=source.slug)


def claims_citations(request, filterset):
    """Return the download of every claim of a filtered list's citations when asked for, read in chunks."""
    if not (format_name := citation_format(request)):
        return None
    site, language = base_url(request), translation.get_language()
    claims = filterset.rows()

    def references():
        # The rows are read while the response streams, after the view has returned: keep its language.
        with translation.override(language):
            for claim in claims.iterator(chunk_size=CHUNK_SIZE):
                yield from claim_references(claim, site=site)

    return citation_response(format_name, citation_chunks(format_name, references()), filename="evidence")


def search_citations(request, *, query, filters, kind):
    """Return the download of a search's citable matches when asked for: its claims, sources and passages.

    Organizations, strategies and regions are not works to cite and are left out; each type holds
    its best matches, as the search CSV does.
    """
    if not (format_name := citation_format(request)):
        return None
    site, language = base_url(request), translation.get_language()
    cite = {
        "claim": lambda claims: (reference for claim in claims for reference in claim_references(claim, site=site)),
        "source": lambda sources: (source_reference(source, site=site) for source in sources),
        "passage": lambda passages: (passage_reference(passage, site=site) for passage in passages),
    }

    def references():
        with translation.override(language):
            for each, chunk in every_match(query=query, filters=filters, kind=kind, chunk_size=CHUNK_SIZE):
                if each.key in cite:
                    records = [record for record, _rank in chunk]
                    if each.key == "claim":
                        ids = [record.pk for record in records]
                        shown = each.model.objects.filter(pk__in=ids).for_display().in_bulk()
                        records = [shown[pk] for pk in ids if pk in shown]
                    yield from cite[each.key](records)

    return citation_response(format_name, citation_chunks(format_name, references()), filename="search")
