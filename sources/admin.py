"""Curation of sources and their passages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from advocacy.admin import CuratedAdmin, CuratedStackedInline, ReviewedAdmin

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
        (_("Publication"), {"fields": [("published", "sensitive")]}),
    ]


@admin.register(Passage)
class PassageAdmin(ReviewedAdmin):
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
    fields = ["source", ("position", "kind", "original_language", "published", "sensitive"), ("text_ar", "text_en")]
