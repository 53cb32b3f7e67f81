"""The curators' dashboard on the admin index: recent changes and who made them, and loose ends."""

from datetime import timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from orgs.models import Organization, OrganizationName, Region, Relationship, RelationshipPassage
from sources.models import Passage, Source
from strategies.models import Evidence, EvidencePassage, Strategy

# The records whose history the dashboard reads, in the order a tie is listed.
HISTORY_MODELS = (
    Organization,
    OrganizationName,
    Region,
    Relationship,
    RelationshipPassage,
    Strategy,
    Evidence,
    EvidencePassage,
    Source,
    Passage,
)
# What a record's name is read through, so the labels cost one query per kind of record.
LABEL_RELATED = {
    Relationship: ("subject", "target"),
    RelationshipPassage: ("relationship__subject", "relationship__target", "passage__source"),
    Evidence: ("organization", "strategy"),
    EvidencePassage: ("evidence__organization", "evidence__strategy", "passage__source"),
    Passage: ("source",),
}
RECENT_DAYS = 7
ROWS_SHOWN = 15
CHANGE_KINDS = {"+": "added", "~": "changed", "-": "deleted"}


def _change_url(model, pk):
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return ""


def recent_changes(*, days=RECENT_DAYS, limit=ROWS_SHOWN):
    """Return the latest changes of the last `days` days across the curated records, newest first.

    One query per kind of record, whatever the size of the history.
    """
    since = timezone.now() - timedelta(days=days)
    changes = []
    for model in HISTORY_MODELS:
        history = model.history.model
        rows = (
            history.objects.filter(history_date__gte=since)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        for row in rows:
            changes.append(
                {
                    "when": row.history_date,
                    "who": row.history_user.get_username() if row.history_user else "",
                    "kind": CHANGE_KINDS.get(row.history_type, "changed"),
                    "model": model._meta.verbose_name,
                    "model_class": model,
                    "pk": row.id,
                    "record": f"#{row.id}",
                    "url": _change_url(model, row.id) if row.history_type != "-" else "",
                }
            )
    changes.sort(key=lambda change: change["when"], reverse=True)
    changes = changes[:limit]
    _label(changes)
    return changes


def _label(changes):
    # Name each record as its admin does, reading the records of one kind in one query.
    wanted = {}
    for change in changes:
        wanted.setdefault(change["model_class"], set()).add(change["pk"])
    for model, pks in wanted.items():
        found = model._base_manager.filter(pk__in=pks).select_related(*LABEL_RELATED.get(model, ()))
        names = {obj.pk: str(obj) for obj in found}
        for change in changes:
            if change["model_class"] is model and change["pk"] in names:
                change["record"] = names[change["pk"]]


def claims_without_citations(*, limit=ROWS_SHOWN):
    """Return (count, first claims) of the claims that cite no passage."""
    claims = Evidence.objects.filter(citations__isnull=True).select_related("organization", "strategy")
    count = claims.count()
    return count, [{"record": str(claim), "url": _change_url(Evidence, claim.pk)} for claim in claims[:limit]]


def passages_not_cited(*, limit=ROWS_SHOWN):
    """Return (count, first passages) of the passages that no claim or relationship cites."""
    passages = Passage.objects.filter(evidence_citations__isnull=True, relationship_citations__isnull=True)
    count = passages.count()
    rows = passages.select_related("source").order_by("source__slug", "position")[:limit]
    return count, [{"record": str(passage), "url": _change_url(Source, passage.source_id)} for passage in rows]


def dashboard(*, days=RECENT_DAYS):
    """Return what the admin index shows a curator."""
    without_citations, claims = claims_without_citations()
    not_cited, passages = passages_not_cited()
    return {
        "days": days,
        "changes": recent_changes(days=days),
        "claims_without_citations": {"count": without_citations, "rows": claims},
        "passages_not_cited": {"count": not_cited, "rows": passages},
    }
