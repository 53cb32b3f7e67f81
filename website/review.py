"""What waits for an editor: drafts, and passages and citations curators added to published records."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import publish_permission
from orgs.models import Organization, Region, Relationship, RelationshipPassage
from sources.models import Passage, Source
from strategies.models import Evidence, EvidencePassage, Strategy

# Records whose `published` an editor sets on the record itself.
DRAFTS = (Region, Organization, Relationship, Strategy, Evidence, Source)
# Rows published inside another record, with the record whose editors review them.
ADDITIONS = ((Passage, Source), (EvidencePassage, Evidence), (RelationshipPassage, Relationship))
ROWS_SHOWN = 100

TITLE = _("Waiting for review")


def _changelist(model, query=""):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") + query


def _change(model, pk):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


def review_counts(user):
    """Return [{label, count, url}] of what waits for review among the records `user` may publish."""
    counts = []
    for model in DRAFTS:
        if user.has_perm(publish_permission(model)):
            count = model.objects.filter(published=False).count()
            if count:
                label = _("Unpublished %(records)s") % {"records": model._meta.verbose_name_plural}
                counts.append({"label": label, "count": count, "url": _changelist(model, "?published__exact=0")})
    for model, parent in ADDITIONS:
        if user.has_perm(publish_permission(parent)):
            count = model.objects.awaiting_review().count()
            if count:
                counts.append(
                    {"label": model._meta.verbose_name_plural, "count": count, "url": reverse("admin:review")}
                )
    return counts


def _additions(model, parent):
    """Return the first rows of one kind that wait for review, each with the page where it is published."""
    if model is Passage:
        rows = model.objects.awaiting_review().select_related("source").order_by("source__slug", "position")
        return [
            {
                "record": row.source,
                "row": row,
                "ar": row.text_ar,
                "en": row.text_en,
                "url": _change(Source, row.source_id),
            }
            for row in rows[:ROWS_SHOWN]
        ]
    owner = "evidence" if model is EvidencePassage else "relationship"
    rows = model.objects.awaiting_review().select_related(owner, "passage__source").order_by(f"{owner}_id", "pk")
    return [
        {
            "record": getattr(row, owner),
            "row": row.passage,
            "ar": row.quote_ar,
            "en": row.quote_en,
            "url": _change(parent, getattr(row, f"{owner}_id")),
        }
        for row in rows[:ROWS_SHOWN]
    ]


def review_view(request):
    """List what waits for review among the records the user may publish (served by the admin site)."""
    from django.contrib import admin

    sections = []
    for model, parent in ADDITIONS:
        if request.user.has_perm(publish_permission(parent)):
            sections.append(
                {
                    "title": model._meta.verbose_name_plural,
                    "count": model.objects.awaiting_review().count(),
                    "rows": _additions(model, parent),
                    "list_url": _changelist(Passage, "?published__exact=0") if model is Passage else "",
                }
            )
    context = {
        **admin.site.each_context(request),
        "title": TITLE,
        "counts": review_counts(request.user),
        "sections": sections,
        "rows_shown": ROWS_SHOWN,
    }
    return render(request, "admin/review.html", context)
