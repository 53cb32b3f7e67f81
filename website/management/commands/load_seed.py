"""`python manage.py load_seed`: load the curated seed knowledge base."""

from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organization
from sources.models import Source
from website.seed.loader import DATA_PATH, SeedReferenceError, SeedWordingError, seed_load


class Command(BaseCommand):
    help = "Load the seed knowledge base shipped with the project; running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_PATH), help="Seed data file (default: the shipped one).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a knowledge base with no sources or organizations yet, so curators' edits stay.",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and (Source.objects.exists() or Organization.objects.exists()):
            self.stdout.write("The knowledge base already has content; the seed was not loaded (--if-empty).")
            return
        try:
            report = seed_load(path=options["file"])
        except (SeedReferenceError, SeedWordingError) as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
