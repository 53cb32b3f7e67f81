"""Benchmarks run by `make bench`: a large synthetic knowledge base in its own database, timed queries.

The database is DATABASE_URL's server with the name adv_bench (BENCH_DATABASE_URL overrides it);
it is built once and reused, since building a million passages takes minutes.
"""

import os
import statistics
import time
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "adv_bench"


def bench_database_url():
    """Return the URL of the benchmark database, never the one the suite or the site uses."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/advocacy")
    return urlunsplit(base._replace(path=f"/{BENCH_DATABASE}"))


def timed(function, repeat, warmup=3):
    """Call function warmup + repeat times; return the repeat durations in milliseconds."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentiles(samples):
    """Return (p50, p95) of samples."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95
