"""Dataset releases: a dated, versioned zip of the public records, and reading it back.

A release holds a CSV file per table (website.data.tables.MODEL_TABLES, the public exports'
columns and rows), the data dictionary (CSV in both languages, and Markdown), the licence,
CITATION.cff and SHA256SUMS. Beside each zip, `<zip>.json` keeps what the downloads page shows
(version, date, size, checksum, record counts), so listing the releases opens no zip.
"""

import csv
import datetime
import hashlib
import io
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import tablib
from django.conf import settings
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.csv.streaming import public_rows
from core.csv.writer import csv_stream, unneutralize
from sources.models import Passage
from strategies.models import EvidencePassage

from .dictionary import DICTIONARY_HEADER, dictionary_rows, field_sets
from .tables import MODEL_TABLES

NAME_PREFIX = "advocacy-dataset-"
# advocacy-dataset-<version>-<YYYY-MM-DD>.zip
RELEASE_NAME = re.compile(r"^advocacy-dataset-(?P<version>\d+(?:\.\d+)*)-(?P<date>\d{4}-\d{2}-\d{2})\.zip$")
VERSION = re.compile(r"^\d+(?:\.\d+)*$")
FIRST_VERSION = "1.0"
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TITLE = "Advocacy networks knowledge base: dataset"
MANIFEST = "release.json"
CHECKSUMS = "SHA256SUMS"
DICTIONARY_CSV = "data-dictionary.csv"
DICTIONARY_MARKDOWN = "DATA-DICTIONARY.md"
CITATION = "CITATION.cff"
LICENCE_FILE = "LICENSE.txt"
# Rows imported per transaction step when a release is loaded back.
LOAD_CHUNK = 5000
# Columns that name records of the same table, read in a second pass when loading.
SELF_LINKS = {"regions": ("parent", "also_in"), "strategies": ("parent",)}
# Records inside others that have their own review flag.
REVIEWED_MODELS = [Passage, EvidencePassage]
# Columns whose filled cells count the records below a table's own: a source's passages, a claim's citations.
CHILD_COUNTS = {"sources": ("passage_position", "passages"), "evidence": ("passage", "citations")}

ERROR_NO_CHECKSUMS = _("The release has no SHA256SUMS file.")
ERROR_CHECKSUM = _("The checksum of %(name)s does not match SHA256SUMS: the file is damaged or was changed.")
ERROR_NOT_EMPTY = _("The database already holds %(table)s; a release loads into an empty database only.")
ERROR_BAD_VERSION = _("A version is numbers separated by dots, such as 1.0 or 2.3.1.")
ERROR_VERSION_EXISTS = _("Release %(version)s already exists: %(name)s.")


class ReleaseError(Exception):
    """A release that cannot be written as asked."""


@dataclass(frozen=True)
class Release:
    """One release on disk, as the downloads page lists it."""

    name: str
    path: Path
    version: str
    date: datetime.date
    size: int
    sha256: str
    counts: dict


def release_dir():
    """Return the folder of the releases (DATASET_RELEASE_DIR)."""
    return Path(settings.DATASET_RELEASE_DIR)


def _version_key(version):
    return tuple(int(part) for part in version.split("."))


def release_list():
    """Return the releases in the folder, newest version first; files without their manifest are left out."""
    folder = release_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = RELEASE_NAME.match(path.name)
        sidecar = path.with_name(path.name + ".json")
        if not match or not path.is_file() or not sidecar.is_file():
            continue
        try:
            info = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found.append(
            Release(
                name=path.name,
                path=path,
                version=match["version"],
                date=datetime.date.fromisoformat(match["date"]),
                size=path.stat().st_size,
                sha256=str(info.get("sha256", "")),
                counts=dict(info.get("counts", {})),
            )
        )
    return sorted(found, key=lambda release: (_version_key(release.version), release.date), reverse=True)


def release_by_name(name):
    """Return the release with this file name, or None."""
    return next((release for release in release_list() if release.name == name), None)


def release_response(release):
    """Return the download of a release's zip."""
    return FileResponse(release.path.open("rb"), as_attachment=True, filename=release.name)


def next_version():
    """Return the version after the newest release's (its last number plus one), or the first."""
    versions = [release.version for release in release_list()]
    versions += [match["version"] for path in _zip_files() if (match := RELEASE_NAME.match(path.name))]
    if not versions:
        return FIRST_VERSION
    latest = max(versions, key=_version_key).split(".")
    latest[-1] = str(int(latest[-1]) + 1)
    return ".".join(latest)


def _zip_files():
    folder = release_dir()
    return list(folder.glob(f"{NAME_PREFIX}*.zip")) if folder.is_dir() else []


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _write_table(table, path, base_url):
    """Write one table's public rows as CSV; return its counts (rows, records and the records below them)."""
    resource, rows = public_rows(
        resource_class=table.resource_class, queryset=table.public_queryset(), base_url=base_url
    )
    header = resource.export_header()
    ids, children, count = set(), 0, 0
    child_column = CHILD_COUNTS.get(table.key, (None, None))[0]
    child_index = header.index(child_column) if child_column else None
    id_index = header.index("id")

    def counted():
        nonlocal children, count
        for row in rows:
            count += 1
            ids.add(row[id_index])
            if child_index is not None and row[child_index] not in (None, ""):
                children += 1
            yield row

    with open(path, "wb") as file:
        for chunk in csv_stream(header=header, rows=counted()):
            file.write(chunk)
    counts = {"rows": count, "records": len(ids)}
    if child_column:
        counts[CHILD_COUNTS[table.key][1]] = children
    return counts


def _markdown_dictionary(version, date, counts):
    lines = [
        f"# {TITLE}, version {version} ({date.isoformat()})",
        "",
        "The public records of the knowledge base: nothing unpublished or sensitive is included.",
        "Each table is a CSV file in UTF-8 with a byte-order mark, comma-separated, CRLF line ends;",
        "translated fields appear once per language (`_ar`, `_en`); several values in one cell are",
        "joined with ` | `; a cell that starts like a formula has a `'` before it.",
        "",
        f"Licence: Creative Commons Attribution 4.0 International ({LICENCE_URL}), see {LICENCE_FILE}.",
        f"How to cite: {CITATION}. Checksums: {CHECKSUMS} (`sha256sum -c {CHECKSUMS}`).",
        "",
        "| file | rows | records |",
        "| --- | --- | --- |",
    ]
    for key, values in counts.items():
        extra = ", ".join(f"{values[name]} {name}" for name in values if name not in ("rows", "records"))
        lines.append(f"| {key}.csv | {values['rows']} | {values['records']}{' (' + extra + ')' if extra else ''} |")
    lines += ["", f"The same dictionary, in Arabic and English: {DICTIONARY_CSV}.", ""]
    for each in field_sets():
        if each.key not in counts:
            continue
        lines += [f"## {each.key}.csv: {each.title}", "", str(each.description), ""]
        lines += ["| column | label | meaning | type | allowed values |", "| --- | --- | --- | --- | --- |"]
        for item in each.fields:
            allowed = "; ".join(f"`{value}` {label}" for value, label in item.allowed)
            cells = [f"`{item.name}`", str(item.label), str(item.description), str(item.type), allowed]
            lines.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _citation(version, date):
    authors = settings.DATASET_AUTHOR
    return "\n".join(
        [
            "cff-version: 1.2.0",
            "message: If you use this dataset, please cite it as below.",
            "type: dataset",
            f"title: {json.dumps(TITLE, ensure_ascii=False)}",
            "authors:",
            f"  - name: {json.dumps(authors, ensure_ascii=False)}",
            f'version: "{version}"',
            f'date-released: "{date.isoformat()}"',
            f"license: {LICENCE}",
            f"url: {json.dumps(settings.DATASET_SITE_URL)}",
            "keywords:",
            "  - LGBTQ+ rights",
            "  - advocacy networks",
            "  - human rights",
            "",
        ]
    )


def _licence(date):
    return (
        f"{TITLE}\n"
        f"Copyright {date.year} {settings.DATASET_AUTHOR}.\n\n"
        "This dataset is licensed under the Creative Commons Attribution 4.0 International licence\n"
        f"(CC BY 4.0): {LICENCE_URL}\n\n"
        "You may share and adapt it for any purpose, provided you give appropriate credit (see\n"
        "CITATION.cff), link to the licence and say whether you made changes. The quoted passages\n"
        "remain the words of their sources, which are named in sources.csv.\n"
    )


def release_build(*, version=None, today=None):
    """Write the next release's zip (and its manifest) into the release folder; return the Release."""
    version = version or next_version()
    if not VERSION.match(version):
        raise ReleaseError(str(ERROR_BAD_VERSION))
    for path in _zip_files():
        match = RELEASE_NAME.match(path.name)
        if match and match["version"] == version:
            raise ReleaseError(str(ERROR_VERSION_EXISTS % {"version": version, "name": path.name}))
    today = today or timezone.localdate()
    name = f"{NAME_PREFIX}{version}-{today.isoformat()}.zip"
    folder = release_dir()
    folder.mkdir(parents=True, exist_ok=True)
    base_url = settings.DATASET_SITE_URL.rstrip("/") + "/"
    with tempfile.TemporaryDirectory(dir=folder, prefix=".building-") as building:
        work = Path(building)
        counts = {}
        # URLs in the rows point to the pages in the site's default language.
        with translation.override(settings.LANGUAGE_CODE):
            for table in MODEL_TABLES:
                counts[table.key] = _write_table(table, work / f"{table.key}.csv", base_url)
        with translation.override("en"):
            (work / DICTIONARY_MARKDOWN).write_text(_markdown_dictionary(version, today, counts), encoding="utf-8")
        with open(work / DICTIONARY_CSV, "wb") as file:
            for chunk in csv_stream(header=DICTIONARY_HEADER, rows=dictionary_rows()):
                file.write(chunk)
        (work / LICENCE_FILE).write_text(_licence(today), encoding="utf-8")
        (work / CITATION).write_text(_citation(version, today), encoding="utf-8")
        manifest = {"version": version, "date": today.isoformat(), "licence": LICENCE, "counts": counts}
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        files = sorted(path.name for path in work.iterdir())
        sums = "".join(f"{_sha256(work / file)}  {file}\n" for file in files)
        (work / CHECKSUMS).write_text(sums, encoding="utf-8")
        archive = work / name
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for file in [*files, CHECKSUMS]:
                bundle.write(work / file, arcname=file)
        checksum = _sha256(archive)
        sidecar = folder / f"{name}.json"
        sidecar.write_text(json.dumps({**manifest, "sha256": checksum}, indent=2) + "\n", encoding="utf-8")
        # The zip appears under its name only once complete, so the page never lists half a file.
        shutil.move(archive, folder / name)
    return release_by_name(name)


def release_check(bundle):
    """Check every file of an open release zip against its SHA256SUMS, reading in chunks; raise ReleaseError."""
    names = set(bundle.namelist())
    if CHECKSUMS not in names:
        raise ReleaseError(str(ERROR_NO_CHECKSUMS))
    listed = set()
    for line in bundle.read(CHECKSUMS).decode("utf-8").splitlines():
        digest, _space, name = line.partition("  ")
        listed.add(name)
        if name not in names:
            raise ReleaseError(str(ERROR_CHECKSUM % {"name": name}))
        sha = hashlib.sha256()
        with bundle.open(name) as member:
            while chunk := member.read(1024 * 1024):
                sha.update(chunk)
        if sha.hexdigest() != digest:
            raise ReleaseError(str(ERROR_CHECKSUM % {"name": name}))
    if names - listed - {CHECKSUMS}:
        raise ReleaseError(str(ERROR_CHECKSUM % {"name": ", ".join(sorted(names - listed - {CHECKSUMS}))}))


def _datasets(member, leave_out=()):
    """Yield the rows of a release CSV as tablib Datasets of LOAD_CHUNK rows, the formula guard taken off."""
    reader = csv.reader(io.TextIOWrapper(member, encoding="utf-8-sig", newline=""), strict=True)
    header = next(reader)
    kept = [number for number, name in enumerate(header) if name not in leave_out]
    names = [header[number] for number in kept]
    dataset = tablib.Dataset(headers=names)
    for row in reader:
        dataset.append([unneutralize(row[number]) for number in kept])
        if len(dataset) >= LOAD_CHUNK:
            yield dataset
            dataset = tablib.Dataset(headers=names)
    if len(dataset):
        yield dataset


def _first_error(result):
    for row in result.invalid_rows:
        return f"row {row.number}: {row.error_dict}"
    for number, errors in result.row_errors():
        return f"row {number}: {errors[0].error}"
    return "; ".join(str(error.error) for error in result.base_errors)


def release_load(path):
    """Load a release zip into an empty database, every record published; return the records per table.

    Tables load in MODEL_TABLES' order; a tree's links to other records of its own table (a
    region's parent, a strategy's category) are read in a second pass, once every record exists.
    """
    with zipfile.ZipFile(path) as bundle:
        release_check(bundle)
        for table in MODEL_TABLES:
            if table.model.objects.exists():
                raise ReleaseError(str(ERROR_NOT_EMPTY % {"table": table.key}))
        with transaction.atomic():
            for table in MODEL_TABLES:
                passes = [SELF_LINKS[table.key], ()] if table.key in SELF_LINKS else [()]
                for leave_out in passes:
                    with bundle.open(f"{table.key}.csv") as member:
                        for dataset in _datasets(member, leave_out):
                            result = table.resource_class().import_data(dataset, dry_run=False)
                            if result.has_errors() or result.has_validation_errors():
                                raise ReleaseError(f"{table.key}.csv, {_first_error(result)}")
            # A release holds public records only: they are public here too.
            for model in [table.model for table in MODEL_TABLES] + REVIEWED_MODELS:
                model.objects.filter(published=False).update(published=True)
    return {table.key: table.model.objects.count() for table in MODEL_TABLES}
