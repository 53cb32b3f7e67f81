"""Curation of sources and their passages."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.admin import (
    ID_PATTERN,
    PUBLICATION_FIELDSET,
    CuratedAdmin,
    CuratedStackedInline,
    DependentsMixin,
    ReviewedAdmin,
)

from .models import Passage, Source
from .resources import SourceResource


class PassageInline(CuratedStackedInline):
    model = Passage
    fields = [("position", "kind", "original_language", "published", "sensitive"), ("text_ar", "text_en")]
    ordering = ["position"]


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    resource_classes = [SourceResource]
    list_display = ["title", "slug", "kind", "original_language", "date", "published", "sensitive"]
    list_filter = ["kind", "original_language", "published", "sensitive"]
    search_fields = ["slug", "title_ar", "title_en", "author_ar", "author_en", "url"]
    rank_fields = ["title_ar", "title_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [PassageInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title_ar", "title_en"),
                    "slug",
                    "kind",
                    ("author_ar", "author_en"),
                    "date",
                    "url",
                    "original_language",
                ]
            },
        ),
        (_("Research question"), {"fields": [("research_question_ar", "research_question_en")]}),
        (_("Notes"), {"fields": [("notes_ar", "notes_en")]}),
        PUBLICATION_FIELDSET,
    ]


@admin.register(Passage)
class PassageAdmin(DependentsMixin, ReviewedAdmin):
    """Passages are edited in their source; this list is for search, autocomplete, review and history."""

    publish_model = Source
    list_display = ["__str__", "source", "position", "kind", "original_language", "published", "sensitive"]
    list_filter = [
        "published",
        "kind",
        "original_language",
        "sensitive",
        ("source", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text_ar", "text_en", "source__slug", "source__title_ar", "source__title_en"]
    autocomplete_fields = ["source"]
    list_select_related = ["source"]
    ordering = ["source", "position"]
    fields = [
        "source",
        ("position", "kind", "original_language", "published", "sensitive"),
        ("text_ar", "text_en"),
        "dependents",
    ]

    def dependent_groups(self, obj):
        # Through the relations the apps above sources declare: sources imports neither.
        claims = obj.evidence.select_related("organization", "strategy")
        relationships = obj.relationships.select_related("subject", "target")
        return [
            (_("Claims that quote this passage"), claims),
            (_("Relationships that quote this passage"), relationships),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def autocomplete_label(self, obj):
        """Name the passage with the start of its text, so the curator can tell passages apart."""
        text = obj.text or obj.text_ar or obj.text_en or ""
        return f"{obj} — {Truncator(text).words(12)}"

    def get_urls(self):
        text = path("text/", self.admin_site.admin_view(self.text_view), name="sources_passage_text")
        return [text, *super().get_urls()]

    def text_view(self, request):
        """Answer a passage's text in both languages, for the citation form's quote picker."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        passage_id = request.GET.get("id", "")
        passage = Passage.objects.filter(pk=int(passage_id)).first() if ID_PATTERN.fullmatch(passage_id) else None
        if passage is None:
            raise Http404(_("No record has this id."))
        return JsonResponse({"ar": passage.text_ar or "", "en": passage.text_en or ""})
