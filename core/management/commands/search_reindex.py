"""`python manage.py search_reindex`: rebuild every stored search document, with progress and a rate."""

import time

from django.core.management.base import BaseCommand

from core.search.indexing import search_index_rebuild, searchable_models


class Command(BaseCommand):
    help = (
        "Recompute the normalized search text of every searchable record (after a change of the normalizer or "
        "a load that bypassed the ORM), showing progress and rows per second. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="Rows read and written at a time.")

    def handle(self, *args, **options):
        models = searchable_models()
        totals = {model: model._base_manager.count() for model in models}
        started = time.monotonic()

        def progress(model, read):
            total = totals[model]
            share = read / total if total else 1
            bar = "#" * int(share * 30)
            ending = "\n" if read >= total else "\r"
            self.stdout.write(
                f"{model._meta.verbose_name_plural}: [{bar:<30}] {read:,}/{total:,}",
                ending=ending,
            )
            self.stdout.flush()

        written = search_index_rebuild(models_=models, batch_size=options["batch_size"], progress=progress)
        elapsed = time.monotonic() - started
        read = sum(totals.values())
        rate = read / elapsed if elapsed else 0
        self.stdout.write(
            f"{read:,} rows read, {written:,} rewritten, in {elapsed:.1f} s ({rate:,.0f} rows per second)."
        )
