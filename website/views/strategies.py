"""Public pages of strategies and of the evidence (claims)."""

from collections import defaultdict

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.languages import page_language
from core.trees import Tree
from orgs.models import Region
from strategies.models import Evidence, Strategy
from strategies.resources import EvidenceResource, StrategyResource
from website import linked_data
from website.caching import cached_until_change
from website.citations import claim_citations, claims_citations
from website.csv.views import csv_export
from website.filters.strategies import REGION_NOT_GIVEN, EvidenceFilter
from website.marks import Mark, marked_texts
from website.pages import list_page, list_url, paginate
from website.visuals.charts import count_by_strategy_and_status

# Ids above PostgreSQL's bigint never name a claim; they answer 404 like any unknown id.
LARGEST_ID = 2**63 - 1
# A strategy's page shows this many claims per region; the evidence list holds the rest.
SHOWN_PER_REGION = 5
# and this many regions per page, so a strategy used in every region is read a page at a time.
REGIONS_PER_PAGE = 10


@require_safe
def strategy_list(request):
    """Show the tree of strategies with the claims of each (sub-strategies included)."""
    if response := csv_export(
        request, queryset=Strategy.objects.published(), resource_class=StrategyResource, what="strategies"
    ):
        return response
    tree = Tree.of(Strategy)
    # Public claims per strategy, kept until a record changes: counting fifty thousand claims costs
    # hundreds of milliseconds. A claim has one strategy, so a category's count is its subtree's sum.
    by_strategy = cached_until_change(
        "strategy-claims", lambda: count_by_strategy_and_status(Evidence.objects.published())[0]
    )
    totals = {pk: sum(by_strategy[i] for i in tree.subtree_ids(pk)) for pk in tree.nodes}
    return render(request, "strategies/strategy_list.html", {"nested": tree.nested(), "totals": totals})


@require_safe
def strategy_detail(request, slug):
    """Show a strategy and the organizations using it (sub-strategies included), grouped by region.

    Each region shows its first claims by organization name and links to the rest in the evidence
    list, ten regions a page, so the page costs the same whether a strategy has ten claims or ten
    thousand, in one region or in every one.
    """
    tree = Tree.of(Strategy)
    strategy = tree.by_slug.get(slug)
    if strategy is None:
        raise Http404(slug)
    claims = Evidence.objects.published().filter(strategy_id__in=tree.subtree_ids(strategy.pk))
    regions = Tree.of(Region)
    name = f"name_{page_language()}"
    placed = Evidence.regions.through.objects.filter(evidence__in=claims, region_id__in=list(regions.nodes))
    unplaced = claims.exclude(pk__in=placed.values("evidence_id"))

    def counted():
        """Return the claims per public region (None: naming none), and the claims and organizations in all."""
        totals = dict(placed.values_list("region_id").annotate(count=Count("evidence_id")).order_by())
        totals[None] = unplaced.count()
        return totals, claims.aggregate(claims=Count("pk"), organizations=Count("organization_id", distinct=True))

    # Kept until a record changes: counting a strategy used in every region costs a hundred milliseconds.
    totals, counts = cached_until_change(f"strategy-regions:{strategy.pk}", counted)
    # Regions by name, then the claims that name no region: REGIONS_PER_PAGE groups on each page.
    placed_regions = [pk for pk in totals if pk is not None]
    groups = sorted(placed_regions, key=lambda pk: getattr(regions.nodes[pk], name) or regions.nodes[pk].slug)
    if totals[None]:
        groups.append(None)
    page = paginate(request, groups, per_page=REGIONS_PER_PAGE)
    shown_regions = [pk for pk in page.object_list if pk is not None]
    shown = (
        placed.filter(region_id__in=shown_regions)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("region_id"),
                order_by=[F(f"evidence__organization__{name}").asc(), F("evidence_id").asc()],
            )
        )
        .filter(rank__lte=SHOWN_PER_REGION)
    )
    first_ids = defaultdict(list)
    for region_id, claim_id in shown.order_by("region_id", "rank").values_list("region_id", "evidence_id"):
        first_ids[region_id].append(claim_id)
    if None in page.object_list:
        first_ids[None] = list(
            unplaced.order_by(f"organization__{name}", "pk").values_list("pk", flat=True)[:SHOWN_PER_REGION]
        )
    displayed = Evidence.objects.published().for_display().in_bulk([pk for ids in first_ids.values() for pk in ids])

    def group(region_id):
        if region_id is None:
            more = list_url("evidence-list", strategy=strategy.slug, region_given=REGION_NOT_GIVEN)
        else:
            more = list_url("evidence-list", strategy=strategy.slug, region=regions.nodes[region_id].slug)
        return {
            "region": regions.nodes.get(region_id),
            "claims": [displayed[pk] for pk in first_ids[region_id]],
            "count": totals[region_id],
            "more": more,
        }

    context = {
        "strategy": strategy,
        "ancestors": list(reversed(tree.lineage(strategy.pk))),
        "children": sorted(tree.children.get(strategy.pk, []), key=lambda n: n.slug),
        "groups": [group(region_id) for region_id in page.object_list],
        "page": page,
        "organization_count": counts["organizations"],
        "claim_count": counts["claims"],
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
