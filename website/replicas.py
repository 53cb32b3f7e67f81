"""Reads from PostgreSQL read replicas, writes and read-after-write on the primary.

Configured by `DATABASE_REPLICA_URLS` (settings): each replica is a database alias named in
`DATABASE_REPLICAS`. Only a public request reads from a replica; the primary serves any
request that may write (not GET, HEAD or OPTIONS), the whole admin, for
`DATABASE_REPLICA_PIN_SECONDS` after a write the same browser (a cookie, so a person who has
just changed something reads it back although the replicas lag behind), everything outside
a request (commands, migrations, the shell), and the cache table of the production settings
(a replica's lag would bring back a generation of kept counts that a write has just ended).
"""

import random
import time
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
# The app label Django's database cache gives its table.
CACHE_APP_LABEL = "django_cache"
PIN_COOKIE = "primary_until"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

_pinned = ContextVar("database_pinned_to_primary", default=True)


def replica_aliases():
    """Return the database aliases of the read replicas."""
    return settings.DATABASE_REPLICAS


class PrimaryReplicaRouter:
    """Route reads to a replica and everything else to the primary."""

    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if not replicas or _pinned.get() or model._meta.app_label == CACHE_APP_LABEL:
            return PRIMARY
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's data: a row read from one may link to a row from another.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PrimaryPinMiddleware:
    """Pin a request to the primary when it may write or read its own writes back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        writes = request.method not in SAFE_METHODS
        pinned = writes or request.path.startswith("/admin/") or _pin_cookie_valid(request)
        token = _pinned.set(pinned)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes:
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response


def _pin_cookie_valid(request):
    try:
        return int(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False
