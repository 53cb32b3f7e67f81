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

    cache.clear()


def pytest_collection_modifyitems(config, items):
    """Under `make mutate`, run a mutant against its module's tests only ([tool.mutmut.tests])."""
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
