"""Public pages of organizations and regions."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.languages import page_language
from core.trees import Tree
from orgs.models import Organization, Region, Relationship, RelationshipPassage
from orgs.resources import OrganizationResource, RegionResource
from sources.models import Source
from strategies.models import Evidence, EvidencePassage, Strategy
from website import linked_data
from website.caching import cached_per_filters, cached_until_change
from website.csv.views import csv_export
from website.filters.organizations import OrganizationFilter
from website.pages import facet, list_page, paginate
from website.visuals.charts import (
    count_by_strategy_and_status,
    count_strategies_by_region,
    status_chart,
    strategy_chart,
)
from website.visuals.network import neighbourhood, sharing_strategies
from website.visuals.views import chart_csv

# An organization's page lists its claims by strategy name, this many a page.
ORGANIZATION_CLAIMS_PER_PAGE = 20
# A region page lists its claims (those of the regions inside it too) with their quotes, a page at a time.
REGION_CLAIMS_PER_PAGE = 10
# ... and its first organizations by name; the organization list filtered by the region holds them all.
REGION_ORGANIZATIONS_SHOWN = 60


@require_safe
def organization_list(request):
    """List organizations with facets by kind, region and strategy, and their counts."""
    return list_page(
        request,
        filterset=OrganizationFilter(request.GET),
        resource_class=OrganizationResource,
        what="organizations",
        template="orgs/organization_list.html",
        heading=_("Organizations"),
        extra=lambda filterset: {"facets": organization_facets(request, filterset)},
    )


def organization_facets(request, filterset):
    """Count the filtered organizations per kind, region and strategy (a node counts its subtree).

    The counts are kept in the cache per filter value until a record changes, so paging through a
    list of ten thousand organizations counts them once.
    """
    if not filterset.understood:
        return None
    regions, strategies = filterset.tree(Region), filterset.tree(Strategy)
    kinds, by_region, by_strategy = cached_per_filters(
        "organization-facets", filterset, lambda: facet_counts(filterset, regions=regions, strategies=strategies)
    )
    labels = dict(Organization.Kind.choices)
    return [
        (_("Kind"), facet(request, "kind", [(str(labels[kind]), kind, 0, n) for kind, n in kinds])),
        (_("Region"), tree_facet(request, "region", regions, by_region)),
        (_("Strategy"), tree_facet(request, "strategy", strategies, by_strategy)),
    ]


def facet_counts(filterset, *, regions, strategies):
    """Return [(kind, organizations)], and organizations per region and per strategy, subtrees included (4 queries)."""
    filtered = Organization.objects.filter(pk__in=filterset.qs.values("pk"))
    kinds = list(filtered.values_list("kind").annotate(n=Count("pk")).order_by("kind"))
    used = Evidence.objects.published().filter(organization__in=filtered).values_list("organization_id", "strategy_id")
    return kinds, regions.subtree_counts(filtered.region_pairs()), strategies.subtree_counts(used)


def tree_facet(request, key, tree, counts):
    """Return a facet over a tree: each public node with its count of distinct items under it."""
    return facet(request, key, [(node, node.slug, depth, count) for node, depth, count in tree.counted_rows(counts)])


def public_relationships(lookup, *, other, name):
    """Prefetch an organization's public relationships one way, with the organization at the other end."""
    return Prefetch(
        lookup,
        queryset=Relationship.objects.published()
        .select_related(other)
        .prefetch_related(Prefetch("citations", queryset=RelationshipPassage.objects.published().in_source_order()))
        .order_by("kind", f"{other}__{name}"),
        to_attr=f"public_{lookup}",
    )


@require_safe
def organization_detail(request, slug):
    """Show an organization: names, regions, the strategies it uses with quotes, relationships, sources.

    Its claims come ORGANIZATION_CLAIMS_PER_PAGE a page, by strategy name, so the page costs the
    same whether it has three claims or three thousand; the sources are those of all of them.
    """
    name = f"name_{page_language()}"
    organization = get_object_or_404(
        Organization.objects.published()
        .select_related("country")
        .prefetch_related(
            "other_names",
            Prefetch("regions", queryset=Region.objects.published()),
            public_relationships("relationships_out", other="target", name=name),
            public_relationships("relationships_in", other="subject", name=name),
        ),
        slug=slug,
    )
    claims = Evidence.objects.published().filter(organization=organization)
    page = paginate(
        request, claims.for_display().order_by(f"strategy__{name}", "pk"), per_page=ORGANIZATION_CLAIMS_PER_PAGE
    )
    relationships = [*organization.public_relationships_out, *organization.public_relationships_in]
    sources = {c.passage.source.pk: c.passage.source for r in relationships for c in r.citations.all()}
    cited = EvidencePassage.objects.published().filter(evidence__in=claims).values("passage__source")
    sources.update((source.pk, source) for source in Source.objects.filter(pk__in=cited))
    country = organization.country if organization.country and organization.country.is_public else None
    # Kept until a record changes: for an organization using many strategies it groups most claims.
    sharing = cached_until_change(f"organization-sharing:{organization.pk}", lambda: sharing_strategies(organization))
    context = {
        "organization": organization,
        "claims": page.object_list,
        "page": page,
        "country": country,
        "sources": sorted(sources.values(), key=lambda s: s.slug),
        "linked_data": linked_data.script(linked_data.organization(request, organization, country=country)),
        "neighbourhood": neighbourhood(organization, sharing=sharing),
    }
    return render(request, "orgs/organization_detail.html", context)


@require_safe
def region_list(request):
    """Show the tree of regions with the number of organizations active in each."""
    if response := csv_export(
        request, queryset=Region.objects.published(), resource_class=RegionResource, what="regions"
    ):
        return response
    tree = Tree.of(Region)
    # Kept until a record changes: reading where ten thousand organizations work costs hundreds of milliseconds.
    counts = cached_until_change(
        "region-organizations", lambda: tree.subtree_counts(Organization.objects.published().region_pairs())
    )
    return render(request, "orgs/region_list.html", {"rows": [(n, d, counts.get(n.pk, 0)) for n, d in tree.walk()]})


def region_counts(region, *, claims, regions, strategies):
    """Return a region's claims per strategy (its subtree's), per status, and its chart's counts (2 queries)."""
    # A claim has one strategy, so a strategy's count is the sum over its subtree.
    by_strategy, statuses = count_by_strategy_and_status(claims)
    counts = {pk: sum(by_strategy[i] for i in strategies.subtree_ids(pk)) for pk in strategies.nodes}
    # The charts compare the regions inside this one, or show the region alone when nothing is inside.
    inside = sorted(regions.children.get(region.pk, []), key=lambda n: n.slug) or [region]
    charted = count_strategies_by_region(claims=claims, regions=regions, strategies=strategies, rows=inside)
    return counts, statuses, charted


@require_safe
def region_detail(request, slug):
    """Show a region: where it sits, sub-regions, organizations based or active there, claims with quotes."""
    tree = Tree.of(Region)
    region = tree.by_slug.get(slug)
    if region is None:
        raise Http404(slug)
    ids = tree.subtree_ids(region.pk)
    organizations = (
        Organization.objects.published()
        .filter(pk__in=Organization.objects.filter(Q(regions__in=ids) | Q(country_id__in=ids)).values("pk"))
        .order_by(f"name_{page_language()}", "pk")
    )
    strategies = Tree.of(Strategy)
    claims = Evidence.objects.published().filter(pk__in=Evidence.objects.filter(regions__in=ids).values("pk"))
    counts, statuses, charted = cached_until_change(
        f"region-counts:{region.pk}",
        lambda: region_counts(region, claims=claims, regions=tree, strategies=strategies),
    )
    if response := chart_csv(request, strategies=charted, statuses=statuses, region=region):
        return response
    organization_count = organizations.count()
    organizations = list(organizations[:REGION_ORGANIZATIONS_SHOWN])
    for organization in organizations:
        organization.based_here = organization.country_id in ids
    language = page_language()
    claims_page = paginate(
        request,
        claims.for_display().order_by(f"organization__name_{language}", f"strategy__name_{language}", "pk"),
        per_page=REGION_CLAIMS_PER_PAGE,
        count=sum(statuses.values()),
    )
    context = {
        "region": region,
        "ancestors": list(reversed(tree.lineage(region.pk))),
        "groupings": sorted(tree.groupings.get(region.pk, []), key=lambda n: n.slug),
        "children": sorted(tree.children.get(region.pk, []), key=lambda n: n.slug),
        "organizations": organizations,
        "organization_count": organization_count,
        "strategies": strategies.counted_rows(counts),
        "page": claims_page,
        "linked_data": linked_data.script(linked_data.region(request, region, parent=tree.parent(region.pk))),
        "charts": {"regions": strategy_chart(charted), "status": status_chart(statuses, region=region)},
    }
    return render(request, "orgs/region_detail.html", context)
