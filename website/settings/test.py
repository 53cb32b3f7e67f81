"""Settings for the test suite: PostgreSQL by default, fast hashing."""

import os

import dj_database_url

from .base import *  # noqa: F403

DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/advocacy")
}
# A read replica that mirrors the primary, as a streaming replica would. Reads are routed to it
# only in the tests that name it (tests/foundation/test_replicas.py): a mirror is a second
# connection, which cannot see the uncommitted rows of the other tests' transactions.
DATABASES["replica_1"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_REPLICAS = []
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
# Static files come from the finders; the suite never runs collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
