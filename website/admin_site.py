"""The curation site: Django's admin with a review queue for editors."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.urls import path
from django.utils.translation import gettext_lazy as _


class RankedAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete answers ranked (`autocomplete_rank`) and labelled (`autocomplete_label`) by the model admin."""

    def get_queryset(self):
        queryset = super().get_queryset()
        rank = getattr(self.model_admin, "autocomplete_rank", None)
        return rank(queryset, self.term.strip()) if rank and self.term.strip() else queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label:
            result["text"] = label(obj)
        return result


class KnowledgeBaseAdminSite(admin.AdminSite):
    """The admin, plus the page of additions waiting for an editor's review."""

    site_header = _("Advocacy networks knowledge base")
    site_title = _("Knowledge base curation")
    index_title = _("Curation")

    def get_urls(self):
        from .review import review_view

        return [path("review/", self.admin_view(review_view), name="review"), *super().get_urls()]

    def autocomplete_view(self, request):
        return RankedAutocompleteJsonView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        from .dashboard import dashboard
        from .review import review_counts

        extra_context = {
            **(extra_context or {}),
            "review_counts": review_counts(request.user),
            "dashboard": dashboard(),
        }
        return super().index(request, extra_context)


class KnowledgeBaseAdminConfig(AdminConfig):
    """Django's admin app, serving the knowledge base's own site."""

    default_site = "website.admin_site.KnowledgeBaseAdminSite"
