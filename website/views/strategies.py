"""Public pages of strategies and of the evidence (claims)."""

from collections import defaultdict

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.languages import page_language
from core.trees import Tree
from strategies.models import Evidence, Strategy
from strategies.resources import EvidenceResource, StrategyResource
from website import linked_data
from website.citations import claim_citations, claims_citations
from website.csv.views import csv_export
from website.filters.strategies import EvidenceFilter
from website.marks import Mark, marked_texts
from website.pages import list_page

# Ids above PostgreSQL's bigint never name a claim; they answer 404 like any unknown id.
LARGEST_ID = 2**63 - 1


@require_safe
def strategy_list(request):
    """Show the tree of strategies with the claims of each (sub-strategies included)."""
    if response := csv_export(
        request, queryset=Strategy.objects.published(), resource_class=StrategyResource, what="strategies"
    ):
        return response
    tree = Tree(
        Strategy.objects.published().annotate(
            claims=Count("evidence", filter=Q(evidence__in=Evidence.objects.published()), distinct=True)
        )
    )
    totals = {pk: sum(tree.nodes[i].claims for i in tree.subtree_ids(pk)) for pk in tree.nodes}
    return render(request, "strategies/strategy_list.html", {"nested": tree.nested(), "totals": totals})


@require_safe
def strategy_detail(request, slug):
    """Show a strategy and the organizations using it (sub-strategies included), grouped by region."""
    tree = Tree.of(Strategy)
    strategy = tree.by_slug.get(slug)
    if strategy is None:
        raise Http404(slug)
    claims = list(
        Evidence.objects.published()
        .filter(strategy_id__in=tree.subtree_ids(strategy.pk))
        .for_display()
        .order_by(f"organization__name_{page_language()}", "pk")
    )
    groups, unplaced = defaultdict(list), []
    for claim in claims:
        regions = claim.regions.all()
        for region in regions:
            groups[region].append(claim)
        if not regions:
            unplaced.append(claim)
    name = f"name_{page_language()}"
    by_region = sorted(groups.items(), key=lambda item: getattr(item[0], name) or item[0].slug)
    context = {
        "strategy": strategy,
        "ancestors": list(reversed(tree.lineage(strategy.pk))),
        "children": sorted(tree.children.get(strategy.pk, []), key=lambda n: n.slug),
        "by_region": by_region,
        "unplaced": unplaced,
        "organization_count": len({claim.organization_id for claim in claims}),
        "claim_count": len(claims),
        "linked_data": linked_data.script(linked_data.strategy(request, strategy, parent=tree.parent(strategy.pk))),
    }
    return render(request, "strategies/strategy_detail.html", context)


@require_safe
def evidence_list(request):
    """List claims with their quotes, filtered by organization, strategy, region, source, status."""
    filterset = EvidenceFilter(request.GET)
    if response := claims_citations(request, filterset):
        return response
    return list_page(
        request,
        filterset=filterset,
        resource_class=EvidenceResource,
        what="evidence",
        template="strategies/evidence_list.html",
        heading=_("Evidence"),
    )


@require_safe
def evidence_detail(request, pk):
    """Show one claim: organization, strategy, regions, period, status, and each quote marked in its passage."""
    if pk > LARGEST_ID:
        raise Http404("no such claim")
    claim = get_object_or_404(Evidence.objects.published().for_display(), pk=pk)
    if response := claim_citations(request, claim):
        return response
    citations = [
        (citation, marked_texts(citation.passage, quote_marks(citation))) for citation in claim.citations.all()
    ]
    sources = {citation.passage.source.pk: citation.passage.source for citation, _texts in citations}
    context = {
        "claim": claim,
        "citations": citations,
        "sources": sorted(sources.values(), key=lambda s: s.slug),
        "linked_data": linked_data.script(
            linked_data.claim(request, claim, citations=[citation for citation, _texts in citations])
        ),
    }
    return render(request, "strategies/evidence_detail.html", context)


def quote_marks(citation):
    """Return the marks of a citation's quote in each language, for its passage on the claim's page."""
    return lambda language, _shown: [Mark(quote=getattr(citation, f"quote_{language}") or "")]
