"""Production settings: base plus HTTPS, hashed compressed static files and a required secret."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .secret_key import secret_key_problem

DEBUG = False

if problem := secret_key_problem(os.environ.get("SECRET_KEY", "")):
    raise ImproperlyConfigured(problem)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One cache for every worker and app server, a table in the database: a record published, hidden
# or changed empties the kept counts and drawings (website/caching.py) for every process at once,
# and the API's limit counts a client once, not once per process. `manage.py createcachetable`
# makes the table (docker/start.sh runs it); website/replicas.py reads it from the primary.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "advocacy_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
# The proxy in front (load balancer, nginx) terminates TLS and says so in this header.
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
