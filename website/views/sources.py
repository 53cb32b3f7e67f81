"""Public pages of sources and their passages."""

from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.languages import pick
from orgs.models import Relationship, RelationshipPassage
from sources.models import PASSAGES_PER_PAGE, Passage, Source
from sources.resources import SourceResource
from strategies.models import Evidence, EvidencePassage
from website import linked_data
from website.citations import source_citation
from website.filters.sources import SourceFilter
from website.marks import Mark, marked_texts
from website.pages import list_page, paginate


@require_safe
def source_list(request):
    """List the sources, filterable by kind and original language."""
    return list_page(
        request,
        filterset=SourceFilter(request.GET),
        resource_class=SourceResource,
        what="sources",
        template="sources/source_list.html",
        heading=_("Sources"),
    )


@require_safe
def source_detail(request, slug):
    """Show a source, its research question and every public passage in order with the claims it supports."""
    source = get_object_or_404(Source.objects.published(), slug=slug)
    if response := source_citation(request, source):
        return response
    # Pages cut the positions into blocks (sources.models.passage_page), so that a passage's link
    # knows its page; a block whose passages are all hidden shows an empty page.
    last = Passage.objects.published().filter(source=source).aggregate(last=Max("position"))["last"] or 0
    page = paginate(request, range(1, last + 1), per_page=PASSAGES_PER_PAGE)
    passages = (
        Passage.objects.published()
        .filter(source=source, position__gte=page.object_list.start, position__lt=page.object_list.stop)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "evidence_citations",
                queryset=EvidencePassage.objects.published()
                .filter(evidence__in=Evidence.objects.published())
                .select_related("evidence__organization", "evidence__strategy"),
                to_attr="public_claims",
            ),
            Prefetch(
                "relationship_citations",
                queryset=RelationshipPassage.objects.published()
                .filter(relationship__in=Relationship.objects.published())
                .select_related("relationship__subject", "relationship__target"),
                to_attr="public_relationships",
            ),
        )
    )
    passages = list(passages)
    for passage in passages:
        texts = marked_texts(
            passage, lambda code, shown, p=passage: claim_marks(p, code, suffix="" if shown else f"-{code}")
        )
        passage.shown = texts[0] if texts else None
        passage.original_text = next((text for text in texts[1:] if text.original), None)
    context = {
        "source": source,
        "passages": passages,
        "page": page,
        "linked_data": linked_data.script(linked_data.source(request, source)),
    }
    return render(request, "sources/source_detail.html", context)


def claim_marks(passage, language, *, suffix):
    """Return the marks of the public claims quoting the passage in a language, each linking to its claim."""
    return [
        Mark(
            quote=getattr(citation, f"quote_{language}") or "",
            anchor=citation.mark_id + suffix,
            url=citation.evidence.get_absolute_url(),
            title=f"{pick(citation.evidence.organization, 'name')[0]} · {pick(citation.evidence.strategy, 'name')[0]}",
        )
        for citation in passage.public_claims
    ]
