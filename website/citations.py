"""`format=ris`, `bibtex` or `csljson` on a claim, a source or the evidence list: the citations to download.

A claim cites its source once per quoted passage: the passage as locator, the quote and the claim's
page in the note. A source cites itself.
"""

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext

from core.citations import FORMATS, Reference, citation_chunks
from core.languages import pick
from website.csv.views import FORMAT_PARAMETER, base_url

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


def claim_references(claim, *, site):
    """Return a claim's references: its source per quoted passage, the passage as locator, the quote as note."""
    references = []
    for citation in claim.citations.all():
        passage = citation.passage
        source = source_reference(passage.source, site=site)
        note = gettext("“%(quote)s” (claim: %(organization)s uses %(strategy)s, %(url)s)") % {
            "quote": pick(citation, "quote")[0],
            "organization": pick(claim.organization, "name")[0],
            "strategy": pick(claim.strategy, "name")[0],
            "url": site + claim.get_absolute_url(),
        }
        references.append(
            Reference(
                key=f"claim{claim.pk}-{passage.source.slug}-p{passage.position}",
                kind=source.kind,
                title=source.title,
                authors=source.authors,
                issued=source.issued,
                url=source.url,
                language=source.language,
                locator=gettext("passage %(position)s") % {"position": passage.position},
                note=note,
            )
        )
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
