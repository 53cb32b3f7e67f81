"""Settings for the smoke tests on the embedded SQLite default: the test settings on a SQLite file."""

from .test import *  # noqa: F403

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "var" / "test.sqlite3"}}  # noqa: F405
