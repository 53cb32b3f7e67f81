"""Load the curated seed knowledge base shipped with the project.

The data (knowledge_base.json) is curated by hand from the two Arabic documents kept in
documents/. Loading upserts every record by its natural key and saves a record only when one of
its values differs, so a second run writes nothing and adds no history rows.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from core.languages import LANGUAGE_CODES
from orgs.models import Organization, OrganizationName, Region, Relationship, RelationshipPassage
from sources.models import Passage, Source
from strategies.models import Evidence, EvidencePassage, Strategy

SEED_DIR = Path(__file__).resolve().parent
DATA_PATH = SEED_DIR / "knowledge_base.json"
DOCUMENTS_DIR = SEED_DIR / "documents"

ERROR_UNKNOWN_REFERENCE = "The seed data refers to an unknown {what}: {key}."
ERROR_INTERNAL_WORDING = "Public text must not name files or the seed: {where} says {found!r}."

# How the curation is made, not what the knowledge base says: file names and "seed document" wording.
INTERNAL_WORDING = re.compile(
    r"\bseed (?:documents?|data|files?)\b|\bknowledge_base\b|\bdocuments/"
    r"|\b[\w-]+\.(?:txt|json|md|csv|py)\b|\b\d{3}_[0-9a-f]{8,}\b|وثيقة البذرة|وثائق البذرة|الوثيقة \d{3}",
    re.IGNORECASE,
)
# Keys of the data that never reach a page: the file a source was curated from.
PRIVATE_KEYS = {"document"}

# The order the report lists the record types in; also the order they are loaded in.
LABELS = (
    "regions",
    "strategies",
    "sources",
    "passages",
    "organizations",
    "other names",
    "evidence",
    "evidence citations",
    "relationships",
    "relationship citations",
)

PUBLIC = {"published": True, "sensitive": False}


class SeedReferenceError(LookupError):
    """The seed data names a record that neither the data nor the database holds."""


class SeedWordingError(ValueError):
    """The seed data's public text names a file or the seed itself."""


def internal_wording(value, where="data"):
    """Yield (where, words) for each piece of public text in the value that names a file or the seed."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in PRIVATE_KEYS:
                label = value.get("slug") or value.get("position") or value.get("name") or ""
                yield from internal_wording(item, f"{where} {label}".strip() + f".{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from internal_wording(item, f"{where}[{index}]")
    elif isinstance(value, str) and (found := INTERNAL_WORDING.search(value)):
        yield where, found.group()


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


@dataclass
class SeedReport:
    """What one load did, per record type."""

    tallies: dict = field(default_factory=lambda: {label: Tally() for label in LABELS})
    removed_citations: int = 0
    # Rows of seeded records that the data no longer lists (a dropped alias or citation), per label.
    removed: dict = field(default_factory=dict)

    @property
    def changed(self):
        """Say whether the load wrote anything."""
        return (
            self.removed_citations > 0
            or any(self.removed.values())
            or any(t.created or t.updated for t in self.tallies.values())
        )

    def lines(self):
        """Return the report as lines of text, one per record type and a total."""
        out = [
            f"{label}: {t.created} created, {t.updated} updated, {t.unchanged} unchanged"
            for label, t in self.tallies.items()
        ]
        if self.removed_citations:
            out.append(f"citations removed because their passage text changed: {self.removed_citations}")
        for label, count in self.removed.items():
            if count:
                out.append(f"{label} removed because the seed data no longer lists them: {count}")
        out.append("Seed loaded." if self.changed else "Seed already up to date: nothing changed.")
        return out


def _same(current, wanted):
    # Translation columns are nullable: an empty value may come back as None.
    if isinstance(wanted, str) or wanted is None:
        return (current or "") == (wanted or "")
    return current == wanted


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


class _Loader:
    def __init__(self):
        self.report = SeedReport()
        self.ids = {}

    def upsert(self, label, model, lookup, values, m2m=None):
        """Create or update one record; save only what differs; return the record."""
        tally = self.report.tallies[label]
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            for name, ids in (m2m or {}).items():
                getattr(obj, name).set(ids)
            tally.created += 1
            return obj
        changed = [name for name, value in values.items() if not _same(getattr(obj, name), value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean()
            obj.save()
        m2m_changed = False
        for name, ids in (m2m or {}).items():
            manager = getattr(obj, name)
            if set(manager.values_list("pk", flat=True)) != set(ids):
                manager.set(ids)
                m2m_changed = True
        if changed or m2m_changed:
            tally.updated += 1
        else:
            tally.unchanged += 1
        return obj

    def ref(self, model, slug):
        """Return the primary key of the record with this slug, loaded now or earlier."""
        if slug is None:
            return None
        key = (model, slug)
        if key not in self.ids:
            pk = model.objects.filter(slug=slug).values_list("pk", flat=True).first()
            if pk is None:
                raise SeedReferenceError(ERROR_UNKNOWN_REFERENCE.format(what=model._meta.model_name, key=slug))
            self.ids[key] = pk
        return self.ids[key]

    def remember(self, obj):
        self.ids[(type(obj), obj.slug)] = obj.pk

    def passage(self, citation):
        key = (Passage, citation["source"], citation["position"])
        if key not in self.ids:
            pk = (
                Passage.objects.filter(source__slug=citation["source"], position=citation["position"])
                .values_list("pk", flat=True)
                .first()
            )
            if pk is None:
                raise SeedReferenceError(
                    ERROR_UNKNOWN_REFERENCE.format(what="passage", key=f"{citation['source']} §{citation['position']}")
                )
            self.ids[key] = pk
        return self.ids[key]

    def run(self, data):
        for item in data["regions"]:
            self.remember(
                self.upsert(
                    "regions",
                    Region,
                    {"slug": item["slug"]},
                    {
                        "name_ar": item["name_ar"],
                        "name_en": item["name_en"],
                        "kind": item["kind"],
                        "parent_id": self.ref(Region, item["parent"]),
                        "iso_code": item["iso_code"],
                        **PUBLIC,
                    },
                    # Groupings come earlier in the data than the regions listed in them.
                    m2m={"also_in": [self.ref(Region, slug) for slug in item.get("also_in", [])]},
                )
            )
        for item in data["strategies"]:
            self.remember(
                self.upsert(
                    "strategies",
                    Strategy,
                    {"slug": item["slug"]},
                    {
                        "name_ar": item["name_ar"],
                        "name_en": item["name_en"],
                        "description_ar": item["description_ar"],
                        "description_en": item["description_en"],
                        "parent_id": self.ref(Strategy, item["parent"]),
                        **PUBLIC,
                    },
                )
            )
        for item in data["sources"]:
            self.load_source(item)
        for item in data["organizations"]:
            self.load_organization(item)
        for item in data["evidence"]:
            self.load_evidence(item)
        for item in data["relationships"]:
            self.load_relationship(item)

    def load_source(self, item):
        source = self.upsert(
            "sources",
            Source,
            {"slug": item["slug"]},
            {
                "kind": item["kind"],
                "original_language": item["original_language"],
                **{
                    f"{name}_{code}": item.get(f"{name}_{code}", "")
                    for name in ("title", "author", "research_question", "notes")
                    for code in LANGUAGE_CODES
                },
                **PUBLIC,
            },
        )
        self.remember(source)
        for passage in item["passages"]:
            self.drop_broken_citations(source, passage)
            obj = self.upsert(
                "passages",
                Passage,
                {"source": source, "position": passage["position"]},
                {
                    "kind": passage["kind"],
                    "original_language": passage["original_language"],
                    "text_ar": passage["text_ar"],
                    "text_en": passage["text_en"],
                    **PUBLIC,
                },
            )
            self.ids[(Passage, source.slug, obj.position)] = obj.pk

    def drop_broken_citations(self, source, passage):
        """Delete citations a revised passage text would no longer contain; the data recreates them."""
        for model in (EvidencePassage, RelationshipPassage):
            for citation in model.objects.filter(passage__source=source, passage__position=passage["position"]):
                if (citation.quote_ar or "") not in passage["text_ar"] or (citation.quote_en or "") not in passage[
                    "text_en"
                ]:
                    citation.delete()
                    self.report.removed_citations += 1

    def load_organization(self, item):
        organization = self.upsert(
            "organizations",
            Organization,
            {"slug": item["slug"]},
            {
                "kind": item["kind"],
                **{
                    f"{name}_{code}": item[f"{name}_{code}"]
                    for name in ("name", "description", "facts_source", "identification_note")
                    for code in LANGUAGE_CODES
                },
                "identification": item["identification"],
                "country_id": self.ref(Region, item["country"]),
                "website": item["website"],
                "founded": item["founded"],
                **PUBLIC,
            },
            m2m={"regions": [self.ref(Region, slug) for slug in item["regions"]]},
        )
        self.remember(organization)
        for other in item["other_names"]:
            self.upsert(
                "other names",
                OrganizationName,
                {"organization": organization, "name": other["name"]},
                {"kind": other["kind"], "language": other["language"], "used_until": other["used_until"]},
            )
        stale = organization.other_names.exclude(name__in=[other["name"] for other in item["other_names"]])
        self.remove("other names", stale)

    def remove(self, label, queryset):
        """Delete rows of a seeded record that the data no longer lists, and count them."""
        count = 0
        for obj in queryset:
            obj.delete()  # one by one, so each deletion is in the record's history
            count += 1
        self.report.removed[label] = self.report.removed.get(label, 0) + count

    def load_evidence(self, item):
        evidence = self.upsert(
            "evidence",
            Evidence,
            {
                "organization_id": self.ref(Organization, item["organization"]),
                "strategy_id": self.ref(Strategy, item["strategy"]),
            },
            {
                "status": item["status"],
                **{
                    f"{name}_{code}": item.get(f"{name}_{code}", "")
                    for name in ("summary", "status_note", "status_source")
                    for code in LANGUAGE_CODES
                },
                "status_source_date": _date(item.get("status_source_date")),
                "status_source_url": item.get("status_source_url", ""),
                "period_start": _date(item["period_start"]),
                "period_end": _date(item["period_end"]),
                **PUBLIC,
            },
            m2m={"regions": [self.ref(Region, slug) for slug in item["regions"]]},
        )
        passages = []
        for citation in item["citations"]:
            passages.append(self.passage(citation))
            self.upsert(
                "evidence citations",
                EvidencePassage,
                {"evidence": evidence, "passage_id": passages[-1]},
                {"quote_ar": citation["quote_ar"], "quote_en": citation["quote_en"], "published": True},
            )
        self.remove("evidence citations", evidence.citations.exclude(passage_id__in=passages))

    def load_relationship(self, item):
        relationship = self.upsert(
            "relationships",
            Relationship,
            {
                "subject_id": self.ref(Organization, item["subject"]),
                "kind": item["kind"],
                "target_id": self.ref(Organization, item["target"]),
            },
            {"description_ar": item["description_ar"], "description_en": item["description_en"], **PUBLIC},
        )
        for citation in item["citations"]:
            self.upsert(
                "relationship citations",
                RelationshipPassage,
                {"relationship": relationship, "passage_id": self.passage(citation)},
                {"quote_ar": citation["quote_ar"], "quote_en": citation["quote_en"], "published": True},
            )


def seed_data(*, path=DATA_PATH):
    """Return the shipped seed data as Python objects."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def seed_load(*, path=DATA_PATH):
    """Load the seed knowledge base in one transaction and return what changed."""
    data = seed_data(path=path)
    for where, found in internal_wording(data):
        raise SeedWordingError(ERROR_INTERNAL_WORDING.format(where=where, found=found))
    loader = _Loader()
    with transaction.atomic():
        loader.run(data)
    return loader.report
