"""`python manage.py search_refresh_top`: store the best rows of each frequent word, for exact common-word ranking."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.search.lexemes import lexeme_top_refresh

ERROR_NOT_POSTGRESQL = "search_refresh_top needs PostgreSQL: SQLite search ranks every match and stores no lists."


class Command(BaseCommand):
    help = (
        "Store, for each word found in at least 10% of a searchable model's rows (models of 10,000 rows or more), "
        "the ids of its 1,000 best-ranked rows; run it after large imports. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, **options):
        using = options["database"]
        if connections[using].vendor != "postgresql":
            raise CommandError(ERROR_NOT_POSTGRESQL)
        for report in lexeme_top_refresh(using=using):
            self.stdout.write(str(report))
