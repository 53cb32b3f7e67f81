"""Run the benchmarks: `python -m bench [--passages N] [--only search]`."""

import argparse
import importlib
import os
import sys

import psycopg

from . import bench_database_url

# Each module has run(log); the export benchmark joins this list when it lands.
MODULES = ["search", "export"]


def create_database(url):
    """Create the benchmark database when it does not exist."""
    name = url.rsplit("/", 1)[1].split("?")[0]
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passages", type=int, default=int(os.environ.get("BENCH_PASSAGES", 1_000_000)))
    parser.add_argument("--only", choices=MODULES, action="append")
    args = parser.parse_args(argv)
    url = bench_database_url()
    create_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from . import data

    data.ensure(args.passages)
    for name in args.only or MODULES:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError:
            continue
        module.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
