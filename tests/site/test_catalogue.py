"""The Arabic catalogue translates every interface string."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.smoke

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def entries(text):
    """Yield (flags, msgid, [msgstr, ...]) for each entry of a .po file, the header excluded."""
    for block in text.strip().split("\n\n"):
        flags, fields, current = set(), {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
            else:
                match = re.match(r'(msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
                if match:
                    current = match.group(1)
                    fields[current] = match.group(2)
        if fields.get("msgid"):
            yield flags, fields["msgid"], [value for key, value in fields.items() if key.startswith("msgstr")]


def test_every_entry_of_the_arabic_catalogue_is_translated_and_not_fuzzy():
    found = list(entries(CATALOGUE.read_text(encoding="utf-8")))
    assert len(found) > 100
    empty = [msgid for _flags, msgid, strs in found if not strs or not all(strs)]
    fuzzy = [msgid for flags, msgid, _strs in found if "fuzzy" in flags]
    assert empty == [], f"untranslated: {empty}"
    assert fuzzy == [], f"fuzzy: {fuzzy}"


def test_the_catalogue_header_is_not_fuzzy():
    header = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[0]
    assert "fuzzy" not in header
    assert '"Language: ar\\n"' in header
