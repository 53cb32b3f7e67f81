"""Atom feeds of new and changed public claims: all of them, and those of one organization, strategy or region."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from core.languages import pick
from core.trees import Tree
from orgs.models import Organization, Region
from strategies.models import Evidence, Strategy

# A feed reader asks again and again: the newest changes are enough, and the cost stays fixed.
FEED_ENTRIES = 50


def feed_address(name, record=None):
    """Return the address of a feed: the overall one, or the one of a record (by its slug)."""
    return reverse(name, kwargs={"slug": record.slug} if record is not None else None)


class ClaimsFeed(Feed):
    """The newest created or changed public claims, newest first."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Readers and browsers need the charset; Atom1Feed's own type names it.
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response

    def title(self, obj=None):
        return str(_("New and changed claims"))

    def subtitle(self, obj=None):
        return str(_("Claims of the advocacy networks knowledge base, newest change first."))

    def link(self, obj=None):
        return reverse("evidence-list")

    def feed_url(self, obj=None):
        return feed_address("feed-claims")

    def claims(self, obj):
        """Return the public claims this feed follows."""
        return Evidence.objects.published()

    def items(self, obj=None):
        return self.claims(obj).select_related("organization", "strategy").order_by("-updated_at", "-pk")[:FEED_ENTRIES]

    def item_title(self, claim):
        return f"{pick(claim.organization, 'name')[0]}: {pick(claim.strategy, 'name')[0]}"

    def item_description(self, claim):
        summary = pick(claim, "summary")[0]
        # The feed's entries are HTML: the claim's text is escaped, never read as markup.
        return (
            format_html("<p>{}</p><p>{}</p>", summary, claim.get_status_display())
            if summary
            else escape(claim.get_status_display())
        )

    def item_link(self, claim):
        return claim.get_absolute_url()

    def item_pubdate(self, claim):
        return claim.created_at

    def item_updateddate(self, claim):
        return claim.updated_at


class OrganizationClaimsFeed(ClaimsFeed):
    """The claims about one public organization."""

    def get_object(self, request, slug):
        return get_object_or_404(Organization.objects.published(), slug=slug)

    def title(self, obj=None):
        return str(_("Claims about %(name)s") % {"name": pick(obj, "name")[0]})

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return feed_address("feed-organization", obj)

    def claims(self, obj):
        return Evidence.objects.published().filter(organization=obj)


class TreeClaimsFeed(ClaimsFeed):
    """The claims under one public node of a tree (a strategy or a region), the nodes below it included."""

    model = None

    def get_object(self, request, slug):
        tree = Tree.of(self.model)
        node = tree.by_slug.get(slug)
        if node is None:
            raise Http404("no such record")
        node.subtree = tree.subtree_ids(node.pk)
        return node

    def link(self, obj=None):
        return obj.get_absolute_url()


class StrategyClaimsFeed(TreeClaimsFeed):
    """The claims of one public strategy and the strategies below it."""

    model = Strategy

    def title(self, obj=None):
        return str(_("Claims of the strategy %(name)s") % {"name": pick(obj, "name")[0]})

    def feed_url(self, obj=None):
        return feed_address("feed-strategy", obj)

    def claims(self, obj):
        return Evidence.objects.published().filter(strategy_id__in=obj.subtree)


class RegionClaimsFeed(TreeClaimsFeed):
    """The claims in one public region and the regions inside it."""

    model = Region

    def title(self, obj=None):
        return str(_("Claims in %(name)s") % {"name": pick(obj, "name")[0]})

    def feed_url(self, obj=None):
        return feed_address("feed-region", obj)

    def claims(self, obj):
        tagged = Evidence.objects.filter(regions__in=obj.subtree).values("pk")
        return Evidence.objects.published().filter(pk__in=tagged)
