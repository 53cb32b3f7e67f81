"""What the OpenAPI document says of the pages' FilterSets: a filter that takes a slug is a string."""

from django_filters import ModelChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes


class ApiFilterExtension(DjangoFilterExtension):
    """Describe ApiFilterBackend's filters; a record chosen by slug is typed as a string, not guessed."""

    target_class = "website.api.filters.ApiFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if isinstance(filter_field, ModelChoiceFilter) and filter_field.extra.get("to_field_name") == "slug":
            set_override(filter_field, "field", OpenApiTypes.STR)
        return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
