"""Files an import keeps between requests: the uploaded file, and the dry run's report of every row.

Each file has a random name in a private folder. A form or link carries only a token signed by
the server that names the file, its kind and the account that made it, so no name typed into a
form ever reaches `open`, and nobody else can confirm or read someone's upload or report.
Uploads are deleted once confirmed; the files left behind are deleted by the next import after
UPLOAD_MAX_AGE.
"""

import re
import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core import signing

# A dry run is confirmed within minutes; an upload older than this is abandoned.
UPLOAD_MAX_AGE = 6 * 60 * 60
UPLOAD_SALT = "core.csv.uploads"
UPLOAD_NAME = re.compile(r"[0-9a-f]{32}")
UPLOAD_SUFFIX = ".csv"
# What a token may name: the uploaded file, or the report of its dry run.
SUFFIXES = {"upload": UPLOAD_SUFFIX, "report": f".report{UPLOAD_SUFFIX}"}


class UploadGone(LookupError):
    """The token names no upload of this user: tampered, foreign, expired or already confirmed."""


def upload_folder():
    """Return the private folder of pending uploads (CSV_IMPORT_UPLOAD_DIR, or one in the temp folder)."""
    folder = settings.CSV_IMPORT_UPLOAD_DIR
    return Path(folder) if folder else Path(tempfile.gettempdir()) / "advocacy-csv-imports"


def upload_create(*, user, kind="upload"):
    """Open a new private file of this kind for writing; return it (binary) and the token that finds it."""
    folder = upload_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    file = open(folder / f"{name}{SUFFIXES[kind]}", "xb")  # noqa: SIM115 - the caller closes it
    return file, signing.dumps({"upload": name, "user": user.pk, "kind": kind}, salt=UPLOAD_SALT)


def upload_save(*, data, user):
    """Store an uploaded file under a new random name; return the signed token that finds it again."""
    file, token = upload_create(user=user)
    with file:
        file.write(data)
    return token


def upload_path(*, token, user, kind="upload"):
    """Return the path a token names for this user and kind of file, or raise UploadGone."""
    try:
        value = signing.loads(token, salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature:
        raise UploadGone from None
    if not isinstance(value, dict) or value.get("user") != user.pk:
        raise UploadGone
    if value.get("kind") != kind:
        raise UploadGone
    name = value.get("upload")
    if not isinstance(name, str) or not UPLOAD_NAME.fullmatch(name):
        raise UploadGone
    return upload_folder() / f"{name}{SUFFIXES[kind]}"


def upload_read(*, token, user):
    """Return the bytes of this user's upload named by the token, or raise UploadGone."""
    try:
        return upload_path(token=token, user=user).read_bytes()
    except FileNotFoundError:
        raise UploadGone from None


def upload_remove(*, token, user):
    """Delete the upload a token names, if it is still there."""
    try:
        upload_path(token=token, user=user).unlink(missing_ok=True)
    except UploadGone:
        pass


def uploads_clean(*, max_age=UPLOAD_MAX_AGE):
    """Delete uploads older than `max_age` seconds: dry runs nobody confirmed."""
    folder = upload_folder()
    if not folder.is_dir():
        return 0
    cutoff = time.time() - max_age
    removed = 0
    for path in folder.glob(f"*{UPLOAD_SUFFIX}"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            # Another worker cleaned or confirmed it meanwhile.
            continue
    return removed
