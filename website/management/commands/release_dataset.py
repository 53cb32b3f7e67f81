"""`python manage.py release_dataset`: write a dated, versioned zip of the public records."""

from django.core.management.base import BaseCommand, CommandError

from website.data.releases import ReleaseError, release_build, release_dir


class Command(BaseCommand):
    help = (
        "Write advocacy-dataset-<version>-<date>.zip into DATASET_RELEASE_DIR: a CSV per table (public records "
        "only), the data dictionary, the licence, CITATION.cff and SHA256SUMS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--release-version",
            dest="release_version",
            help="Version number, such as 2.0 (default: the last one plus one).",
        )

    def handle(self, *args, **options):
        try:
            release = release_build(version=options["release_version"])
        except ReleaseError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{release_dir() / release.name}")
        self.stdout.write(f"version {release.version}, {release.size:,} bytes, sha256 {release.sha256}")
        for table, counts in release.counts.items():
            details = ", ".join(f"{value:,} {name}" for name, value in counts.items())
            self.stdout.write(f"  {table}: {details}")
