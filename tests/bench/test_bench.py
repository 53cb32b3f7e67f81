"""`make bench` end to end on a tiny build: every section is written and every request answered.

Timings depend on the machine and are never asserted; what is checked is that the benchmark runs
through the real HTTP stack and reports every kind of query, page and export of issue 10.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bench.report import SECTIONS
from bench.search import KIND_LABELS

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")), reason="the benchmark needs PostgreSQL"
)


@pytest.fixture
def bench_database():
    """Return the URL of a database of its own on the suite's server, dropped afterwards."""
    base = urlsplit(DATABASE_URL)
    name = f"{base.path.lstrip('/') or 'advocacy'}_bench_tiny"
    maintenance = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    yield urlunsplit(base._replace(path=f"/{name}"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_tiny_benchmark_writes_every_section(bench_database, tmp_path):
    env = {**os.environ, "BENCH_DATABASE_URL": bench_database}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "bench", "--passages", "3000", "--quick", "--seed", "7"]
    finished = subprocess.run(
        [*command, "--output", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]

    markdown = (tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    # The database's files are read into the file cache before the timings (pg_prewarm).
    assert "| file cache | every table and index read once beforehand (pg_prewarm): " in markdown
    for heading in SECTIONS:
        assert f"\n{heading}\n" in f"\n{markdown}", heading
    results = json.loads((tmp_path / "benchmarks.json").read_text(encoding="utf-8"))

    data = results["data"]
    assert data["build"]["built"] is True
    assert data["rows"]["sources_passage"] == 3000
    for table in ("orgs_organization", "strategies_strategy", "orgs_region", "strategies_evidencepassage"):
        assert data["rows"][table] > 0, table

    search = results["search"]
    assert {kind["kind"] for kind in search["kinds"]} == set(KIND_LABELS)
    assert {row["language"] for row in search["queries"]} == {"ar", "en"}
    assert any(row["drawn"] for row in search["queries"])
    assert all(row["errors"] == 0 for row in search["queries"])
    assert all(row["top20_exact"] is not None for row in search["queries"] if row["kind"] == "common")

    pages = results["pages"]
    assert all(page["errors"] == 0 for page in pages["pages"])
    assert {"home", "matrix", "evidence, last page"} <= {page["page"] for page in pages["pages"]}
    assert all(run["requests"] > 0 and run["errors"] == 0 for run in pages["throughput"]["runs"])
    # What a request cost the machine, which says why a missed throughput was missed.
    assert all(run["cpu_ms_per_request"] > 0 for run in pages["throughput"]["runs"])
    if not all(run["met"] for run in pages["throughput"]["runs"]):
        assert "\n### Throughput\n" in markdown

    exports = results["export"]["exports"]
    assert [row["status"] for row in exports] == [200, 200]
    passages = exports[0]
    # The public passage export holds the same rows as COPY of the public passages.
    assert passages["rows"] == passages["copy_rows"]
    assert all(row["rss_peak_mb"] > 0 for row in exports)
    assert results["export"]["search"]["status"] == 200
