"""Fixtures shared by the whole suite."""

import os
import tomllib

import pytest

from core.search.normalize import _word_tokens, normalize_word


@pytest.fixture(autouse=True, scope="session")
def _fresh_normalizer_caches():
    """Empty the normalizer's word caches: `make mutate` forks each run from a process that filled them."""
    normalize_word.cache_clear()
    _word_tokens.cache_clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test with an empty cache: the home page's counts of another test's records are not this one's."""
    from django.core.cache import cache

    from core.search import backends

    cache.clear()
    # The search columns' statistics and the tables' highest ids are kept in the process: each test's
    # first search reads them.
    backends._kept_in_process.clear()


def transactional(item):
    """Whether a test commits for real: the database is emptied after it, the migrations' groups too."""
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "live_server" in item.fixturenames


def pytest_collection_modifyitems(config, items):
    """Keep each file's tests all transactional or none; under `make mutate`, a mutant's module's tests only.

    pytest-django runs the transactional tests after the others, as they empty the database.
    `make test` runs a file in one process (pytest-xdist, --dist loadfile), in that order of files:
    a file that mixed both kinds would empty a process's database before other files' tests.
    """
    kinds = {}
    for item in items:
        kinds.setdefault(item.nodeid.split("::")[0], set()).add(transactional(item))
    if mixed := sorted(path for path, found in kinds.items() if len(found) > 1):
        raise pytest.UsageError(f"transactional and other tests in one file: {', '.join(mixed)}")
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutant:
        return
    module = mutant.rsplit(".", 1)[0].replace(".", "/") + ".py"
    settings = tomllib.loads((config.rootpath / "pyproject.toml").read_text("utf-8"))
    files = settings["tool"]["mutmut"]["tests"][module]
    kept = [item for item in items if item.nodeid.split("::")[0] in files]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
