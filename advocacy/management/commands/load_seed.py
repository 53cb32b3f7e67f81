"""`python manage.py load_seed`: load the curated seed knowledge base."""

from django.core.management.base import BaseCommand, CommandError

from advocacy.seed.loader import DATA_PATH, SeedReferenceError, seed_load


class Command(BaseCommand):
    help = "Load the seed knowledge base shipped with the project; running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_PATH), help="Seed data file (default: the shipped one).")

    def handle(self, *args, **options):
        try:
            report = seed_load(path=options["file"])
        except SeedReferenceError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
