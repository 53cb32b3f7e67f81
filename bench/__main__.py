"""Run the benchmark in one go: `python -m bench [--passages N] [--rebuild] [--quick] [--output DIR]`.

Builds the synthetic knowledge base once (reused while its size is unchanged), starts gunicorn
with the production settings on it, measures search, pages, throughput and CSV exports through
HTTP, and writes DIR/benchmarks.md and DIR/benchmarks.json (DIR: docs/).
"""

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from . import bench_database_url

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Context:
    """What every part of the benchmark reads: the server, the client, how much to repeat."""

    passages: int
    seed: int
    repeat: int
    warmup: int
    exact_repeat: int
    page_repeat: int
    concurrency: list
    load_seconds: float
    log: object = print
    server: object = None
    client: object = None
    public_passages: int = 0
    results: dict = field(default_factory=dict)


def create_database(url):
    """Create the benchmark database when it does not exist."""
    name = url.rsplit("/", 1)[1].split("?")[0]
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def data_facts(build):
    """Return the rows of every table, the database size and the build report."""
    from django.db import connection

    from . import data

    with connection.cursor() as cursor:
        rows = {}
        for table in reversed(data.TABLES):
            cursor.execute(f"SELECT count(*) FROM {table}")
            rows[table] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        database_size = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('sources_passage'))")
        passages_size = cursor.fetchone()[0]
    return {"rows": rows, "database_size": database_size, "passages_size": passages_size, "build": build}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passages", type=int, default=int(os.environ.get("BENCH_PASSAGES", 1_000_000)))
    parser.add_argument("--rebuild", action="store_true", help="build the data again even at the same size")
    parser.add_argument("--quick", action="store_true", help="one request per measurement (for the test)")
    parser.add_argument("--seed", type=int, help="the seed of the drawn queries (default: the time)")
    parser.add_argument("--output", default=str(ROOT / "docs"), help="where benchmarks.md and .json go")
    args = parser.parse_args(argv)
    url = bench_database_url()
    create_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    from . import data, export, pages, report, search
    from .server import THREADS, WORKERS, Client, Server, rss_mb

    call_command("migrate", verbosity=0)
    load_before = [round(value, 2) for value in os.getloadavg()]
    build = data.ensure(args.passages, rebuild=args.rebuild)
    context = Context(
        passages=args.passages,
        seed=args.seed if args.seed is not None else int(time.time()),
        repeat=1 if args.quick else 5,
        warmup=0 if args.quick else 1,
        exact_repeat=1 if args.quick else 2,
        page_repeat=1 if args.quick else 10,
        concurrency=[4] if args.quick else [8, 16],
        load_seconds=2 if args.quick else 30,
    )
    from core.models import SearchLexemeTop
    from core.search.lexemes import lexeme_top_refresh
    from sources.models import Passage

    if not SearchLexemeTop.objects.exists():
        start = time.perf_counter()
        for line in lexeme_top_refresh():
            context.log(f"search_refresh_top: {line}")
        build.setdefault("seconds", {})["search_refresh_top (bench run)"] = round(time.perf_counter() - start, 1)
    context.public_passages = Passage.objects.published().count()
    prewarmed = data.prewarm()
    context.log(f"file cache: {prewarmed}")
    results = context.results
    results.update(
        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        load_before=load_before,
        workers=WORKERS,
        threads=THREADS,
        note=os.environ.get(
            "BENCH_NOTE",
            "Other processes may have shared the machine: compare the load averages below with its CPU count.",
        ),
        data=data_facts(build),
        prewarmed=prewarmed,
    )
    with Server(url) as server:
        context.server, context.client = server, Client(server.port)
        results["search"] = search.run(context)
        results["pages"] = pages.run(context)
        results["pages"]["worker_rss_mb"] = [round(rss_mb(pid), 1) for pid in server.worker_pids()]
        context.client.close()
    # Fresh workers, so the exports' memory is theirs, not what the pages above left in the workers.
    with Server(url) as server:
        context.server, context.client = server, Client(server.port)
        results["export"] = export.run(context)
        context.client.close()
    results["machine"] = report.machine()
    markdown, raw = report.write(results, args.output)
    context.log(f"wrote {markdown} and {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
