"""Helpers of the CSV tests: read an export back the way analysts do."""

import csv
import io

import pandas
import pytest

from core.csv.writer import BOM


def read_rows(data):
    """Parse CSV bytes with Python's csv module; check the BOM and the CRLF line ends."""
    assert data.startswith(BOM.encode("utf-8")), "no byte-order mark"
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    # Each record ends in CRLF (a line feed inside a quoted cell is the cell's own).
    assert text.count("\r\n") >= len(rows) + 1
    return rows


def read_frame(data):
    """Parse CSV bytes with pandas, every cell as text."""
    return pandas.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def body(response):
    """Return the whole body of a response, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def member_of(group_name):
    """Return a new staff account in one of the curation groups (Viewer, Curator, Editor)."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(group_name.lower(), password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def staff(db):
    """An Editor, who may import, export and publish."""
    return member_of("Editor")


@pytest.fixture(autouse=True)
def english():
    """Compare messages in English; the Arabic catalogue is checked by the i18n tests."""
    from django.utils import translation

    with translation.override("en"):
        yield
