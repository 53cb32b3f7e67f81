"""What the home page counts, kept in the cache until a record changes.

Counting a million passages and grouping fifty thousand claims takes hundreds of milliseconds;
the home page reads the counts from the cache instead. Any save or delete of a record of the
knowledge base (a change of a many-to-many link too) empties it, and it expires after
SUMMARY_SECONDS whatever happens, for writes that send no signal (QuerySet.update(), COPY).
Production keeps the cache in a database table (settings/production.py), so every worker and
app server reads what one counted, and one write empties it for all of them.
"""

from django.core.cache import cache

from core.trees import Tree
from orgs.models import Organization, Region
from sources.models import Passage, Source
from strategies.models import Evidence, Strategy
from website.caching import GENERATION_KEY
from website.visuals.charts import count_by_strategy_and_status, count_strategies_by_region, top_regions

CACHE_KEY = "home-summary"
SUMMARY_SECONDS = 60
# The apps whose records the summary counts.
COUNTED_APPS = ("sources", "orgs", "strategies")


def summary():
    """Return (counts by kind of record, [(strategy category, its claims)], the charts' counts) of public records."""
    return cache.get_or_set(CACHE_KEY, summary_counted, SUMMARY_SECONDS)


def summary_counted():
    """Count the public records (9 queries)."""
    strategies = Tree(Strategy.objects.published())
    claims = Evidence.objects.published()
    by_strategy, by_status = count_by_strategy_and_status(claims)
    counts = {
        "organizations": Organization.objects.published().count(),
        "strategies": len(strategies.nodes),
        "regions": Region.objects.published().count(),
        "sources": Source.objects.published().count(),
        "passages": Passage.objects.published().count(),
        "evidence": sum(by_status.values()),
    }
    categories = [
        (node, sum(by_strategy[pk] for pk in strategies.subtree_ids(node.pk)))
        for node in sorted(strategies.roots, key=lambda n: n.slug)
    ]
    regions = Tree.of(Region)
    charts = {
        "regions": count_strategies_by_region(
            claims=claims, regions=regions, strategies=strategies, rows=top_regions(regions)
        ),
        "status": by_status,
    }
    return counts, categories, charts


def summary_forget(sender, **kwargs):
    """Empty the cached summary and renew the kept values' generation (website/caching.py): a record changed."""
    if sender._meta.app_label in COUNTED_APPS:
        cache.delete_many([CACHE_KEY, GENERATION_KEY])
