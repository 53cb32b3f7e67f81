"""What the home page counts, kept in the cache until a record changes.

Counting a million passages and grouping fifty thousand claims takes hundreds of milliseconds;
the home page reads the counts from the cache instead. Any save or delete of a record of the
knowledge base (a change of a many-to-many link too) empties it, and it expires after
SUMMARY_SECONDS whatever happens, for writes that send no signal (QuerySet.update(), COPY) and
for the other app servers, whose caches are their own unless CACHES names a shared one.
"""

from django.core.cache import cache
from django.db.models import Count, Q

from core.trees import Tree
from orgs.models import Organization, Region
from sources.models import Passage, Source
from strategies.models import Evidence, Strategy

CACHE_KEY = "home-summary"
SUMMARY_SECONDS = 60
# The apps whose records the summary counts.
COUNTED_APPS = ("sources", "orgs", "strategies")


def summary():
    """Return (counts by kind of record, [(strategy category, its public claims)]) of the public records."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = summary_counted()
        cache.set(CACHE_KEY, found, SUMMARY_SECONDS)
    return found


def summary_counted():
    """Count the public records (7 queries)."""
    public_claims = Q(evidence__in=Evidence.objects.published())
    strategies = Tree(Strategy.objects.published().annotate(claims=Count("evidence", filter=public_claims)))
    counts = {
        "organizations": Organization.objects.published().count(),
        "strategies": len(strategies.nodes),
        "regions": Region.objects.published().count(),
        "sources": Source.objects.published().count(),
        "passages": Passage.objects.published().count(),
        "evidence": Evidence.objects.published().count(),
    }
    categories = [
        (node, sum(strategies.nodes[pk].claims for pk in strategies.subtree_ids(node.pk)))
        for node in sorted(strategies.roots, key=lambda n: n.slug)
    ]
    return counts, categories


def summary_forget(sender, **kwargs):
    """Empty the cached summary: a record of the knowledge base changed."""
    if sender._meta.app_label in COUNTED_APPS:
        cache.delete(CACHE_KEY)
