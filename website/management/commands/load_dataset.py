"""`python manage.py load_dataset FILE`: load a dataset release into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from website.data.releases import ReleaseError, release_load


class Command(BaseCommand):
    help = (
        "Load a release zip written by release_dataset into an empty database, after checking its SHA256SUMS; "
        "every record it holds is public, and is published here too."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The release zip.")

    def handle(self, *args, **options):
        try:
            counts = release_load(options["file"])
        except (ReleaseError, OSError) as error:
            raise CommandError(str(error)) from error
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count:,}")
