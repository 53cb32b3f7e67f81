"""The glossary's rejected terms appear nowhere in curated text: the seed, the strategy names, the Arabic interface."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from website.seed.loader import seed_data

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"

# A phrase of a document cited inside curated text keeps the document's words.
QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")

# The curated, translated fields of each kind of seed record. Passages, quotes, research
# questions and other names are the documents' words or proper names: exempt.
CURATED = {
    "regions": ("name",),
    "strategies": ("name", "description"),
    "sources": ("title", "notes"),
    "organizations": ("name", "description", "facts_source", "identification_note"),
    "evidence": ("summary", "status_note", "status_source"),
    "relationships": ("description",),
}


def rejected_terms():
    """Return [(term, language)] from the glossary's table of rejected terms."""
    section = GLOSSARY.read_text(encoding="utf-8").split("## Rejected terms", 1)[1]
    terms = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[1] in ("ar", "en"):
            terms.append((cells[0].strip('«»"'), cells[1]))
    return terms


def violations(text, language, terms):
    """Return the rejected terms of language found in text outside quotes."""
    bare = QUOTED.sub(" ", text or "").casefold()
    return [term for term, lang in terms if lang == language and term.casefold() in bare]


def seed_texts():
    """Yield (where, language, text) for every curated text of the seed data."""
    data = seed_data()
    for kind, fields in CURATED.items():
        for item in data[kind]:
            key = item.get("slug") or f"{item.get('organization', item.get('subject'))}/{item.get('strategy', '')}"
            for name in fields:
                for language in ("ar", "en"):
                    yield f"{kind} {key} {name}_{language}", language, item.get(f"{name}_{language}", "")


def catalogue_texts():
    """Yield (where, language, text): each msgid in English and each msgstr in Arabic."""
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]:
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'(msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        msgid = fields.get("msgid", "")
        yield f"msgid {msgid!r}", "en", msgid
        for key, value in fields.items():
            if key.startswith("msgstr"):
                yield f"{key} of {msgid!r}", "ar", value


@pytest.fixture(scope="module")
def terms():
    return rejected_terms()


def test_the_glossary_rejects_terms_in_both_languages(terms):
    assert ("دعوة", "ar") in terms
    assert ("شبكات التوعية الدولية", "ar") in terms
    assert ("international awareness networks", "en") in terms
    assert len(terms) >= 15


def test_a_rejected_term_counts_outside_quotes_only(terms):
    assert violations("تعمل شبكات الدعوة الدولية مع النشطاء.", "ar", terms) == ["دعوة"]
    assert violations("تسميها الوثيقة «شبكات الدعوة الدولية».", "ar", terms) == []
    assert violations("International Awareness Networks lobby governments.", "en", terms) == [
        "international awareness networks"
    ]
    assert violations('The essay calls them "international awareness networks".', "en", terms) == []


def test_curated_seed_text_and_strategy_names_use_no_rejected_term(terms):
    found = [(where, violations(text, language, terms)) for where, language, text in seed_texts()]
    assert [(where, bad) for where, bad in found if bad] == []


def test_the_arabic_interface_uses_no_rejected_term(terms):
    found = [(where, violations(text, language, terms)) for where, language, text in catalogue_texts()]
    assert len(found) > 200
    assert [(where, bad) for where, bad in found if bad] == []
