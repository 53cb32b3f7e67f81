"""Counts and drawings kept in the cache until a record of the knowledge base changes.

Every key carries the current generation, a value that any save or delete of a record renews
(website/summary.py's summary_forget, connected in website/apps.py), so one write makes every kept
value stale at once. A value expires after KEPT_SECONDS whatever happens, for writes that send no
signal (QuerySet.update(), COPY). Production keeps the cache in a database table
(settings/production.py), so every worker and app server reads what one computed.
"""

import hashlib
import uuid

from django.core.cache import cache

GENERATION_KEY = "visuals-generation"
# How long a kept value lives at most (a write anywhere empties it sooner): the map's, the network's drawn
# part, the timeline's claims, a region page's and a strategy page's counts, a list's number of rows.
KEPT_SECONDS = 10 * 60


def cached_per_filters(name, filterset, compute, seconds=KEPT_SECONDS):
    """Return compute() kept in the cache per value of filterset's filters until a record changes, seconds at most."""
    filters = sorted((key, tuple(values)) for key, values in filterset.data.lists() if key in filterset.form.fields)
    return cached_until_change(f"{name}:{hashlib.sha256(repr(filters).encode()).hexdigest()}", compute, seconds)


def cached_until_change(key, compute, seconds=KEPT_SECONDS):
    """Return compute() kept in the cache under key until a record of the knowledge base changes, seconds at most."""
    return cache.get_or_set(f"{key}:{generation()}", compute, seconds)


def generation():
    """Return the current generation of the knowledge base's kept values: it changes whenever a record does."""
    return cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None)
