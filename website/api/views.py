"""The read-only JSON API: one viewset per kind of record over the same public reads as the pages."""

import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from core.search.indexing import stored_search_columns
from orgs.models import Organization, Region, Relationship, RelationshipPassage
from sources.models import Passage, Source
from strategies.models import Evidence, EvidencePassage, Strategy
from website.filters.organizations import OrganizationFilter
from website.filters.sources import SourceFilter
from website.filters.strategies import EvidenceFilter

from . import serializers as api
from .filters import (
    COMMON_PARAMETERS,
    ApiFilterBackend,
    PassageFilter,
    RegionFilter,
    RelationshipFilter,
    StrategyFilter,
)
from .schema import ApiFilterExtension  # noqa: F401  (registers the filters' OpenAPI description)

# A record is named by its id (digits, within PostgreSQL's bigint) or, when it has one, its slug.
ID_PATTERN = re.compile(r"[0-9]{1,18}")
SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]{1,100}")


class IdCursorPagination(CursorPagination):
    """Pages that follow the ids: a record added while a client walks the list never shifts the others."""

    ordering = ("pk",)
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        # DRF writes OpenAPI 3.0's `nullable`; the document is 3.1, where null is a type.
        for name in ("next", "previous"):
            described["properties"][name] = {"type": ["string", "null"], "format": "uri"}
        described["required"] = ["next", "previous", "results"]
        return described


ERROR_RESPONSES = {
    400: api.ErrorSerializer,
    404: api.ErrorSerializer,
    405: api.ErrorSerializer,
    429: api.ErrorSerializer,
}
SEARCH_PARAMETER = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description=_(
        'Words as in the site\'s search box (all must match, "exact phrase", -excluded, or); the list keeps '
        "its id order and holds the best 2,000 matches at most."
    ),
)
LOOKUP_PARAMETER = OpenApiParameter(
    "lookup",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=_("The record's id, or its slug for records that have one."),
)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A list (filtered, searched, in id order, a cursor's page at a time) and a detail by id or slug."""

    filter_backends = [ApiFilterBackend]
    pagination_class = IdCursorPagination
    lookup_field = "lookup"
    lookup_url_kwarg = "lookup"
    lookup_value_regex = "[^/]+"
    extra_parameters = COMMON_PARAMETERS
    has_slug = True

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        queryset = self.base_queryset()
        columns = stored_search_columns(queryset.model)
        return queryset.defer(*columns) if columns else queryset

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg]
        if ID_PATTERN.fullmatch(value):
            condition = {"pk": int(value)}
        elif self.has_slug and SLUG_PATTERN.fullmatch(value):
            condition = {"slug": value}
        else:
            raise Http404
        record = self.get_queryset().filter(**condition).first()
        if record is None:
            raise Http404
        return record


def documented(resource_name, serializer_class, *, searchable=True):
    """Describe a viewset's two operations in the OpenAPI document, error answers included."""
    return extend_schema_view(
        list=extend_schema(
            summary=format_lazy(_("List {name}"), name=resource_name),
            parameters=[SEARCH_PARAMETER] if searchable else [],
            responses={200: serializer_class(many=True), **ERROR_RESPONSES},
        ),
        retrieve=extend_schema(
            summary=format_lazy(_("One of the {name}"), name=resource_name),
            parameters=[LOOKUP_PARAMETER],
            responses={200: serializer_class, **{code: body for code, body in ERROR_RESPONSES.items() if code != 400}},
        ),
    )


def public_regions():
    return Prefetch("regions", queryset=Region.objects.published())


@documented(_("organizations"), api.OrganizationSerializer)
class OrganizationViewSet(ReadOnlyViewSet):
    serializer_class = api.OrganizationSerializer
    filterset_class = OrganizationFilter

    def base_queryset(self):
        return (
            Organization.objects.published().select_related("country").prefetch_related("other_names", public_regions())
        )


@documented(_("strategies"), api.StrategySerializer)
class StrategyViewSet(ReadOnlyViewSet):
    serializer_class = api.StrategySerializer
    filterset_class = StrategyFilter

    def base_queryset(self):
        return Strategy.objects.published().select_related("parent")


@documented(_("regions"), api.RegionSerializer)
class RegionViewSet(ReadOnlyViewSet):
    serializer_class = api.RegionSerializer
    filterset_class = RegionFilter

    def base_queryset(self):
        return (
            Region.objects.published()
            .select_related("parent")
            .prefetch_related(Prefetch("also_in", queryset=Region.objects.published()))
        )


@documented(_("sources"), api.SourceSerializer)
class SourceViewSet(ReadOnlyViewSet):
    serializer_class = api.SourceSerializer
    filterset_class = SourceFilter

    def base_queryset(self):
        return Source.objects.published()


@documented(_("passages"), api.PassageSerializer)
class PassageViewSet(ReadOnlyViewSet):
    serializer_class = api.PassageSerializer
    filterset_class = PassageFilter
    has_slug = False

    def base_queryset(self):
        return Passage.objects.published().select_related("source")


@documented(_("claims"), api.ClaimSerializer)
class ClaimViewSet(ReadOnlyViewSet):
    serializer_class = api.ClaimSerializer
    filterset_class = EvidenceFilter
    has_slug = False

    def base_queryset(self):
        return (
            Evidence.objects.published()
            .select_related("organization", "strategy")
            .prefetch_related(
                public_regions(),
                Prefetch("citations", queryset=EvidencePassage.objects.published().in_source_order()),
            )
        )


@documented(_("relationships"), api.RelationshipSerializer, searchable=False)
class RelationshipViewSet(ReadOnlyViewSet):
    serializer_class = api.RelationshipSerializer
    filterset_class = RelationshipFilter
    extra_parameters = tuple(name for name in COMMON_PARAMETERS if name != "q")
    has_slug = False

    def base_queryset(self):
        return (
            Relationship.objects.published()
            .select_related("subject", "target")
            .prefetch_related(Prefetch("citations", queryset=RelationshipPassage.objects.published().in_source_order()))
        )


@dataclass(frozen=True)
class Resource:
    """One kind of record the API serves, at /api/v1/<path>/."""

    name: str
    path: str
    viewset: type

    @property
    def serializer_class(self):
        return self.viewset.serializer_class


RESOURCES = [
    Resource("organizations", "organizations", OrganizationViewSet),
    Resource("strategies", "strategies", StrategyViewSet),
    Resource("regions", "regions", RegionViewSet),
    Resource("sources", "sources", SourceViewSet),
    Resource("passages", "passages", PassageViewSet),
    Resource("claims", "claims", ClaimViewSet),
    Resource("relationships", "relationships", RelationshipViewSet),
]


class RootSerializer(serializers.Serializer):
    resources = serializers.DictField(
        child=serializers.URLField(),
        label=_("resources"),
        help_text=_("The address of each list, by name."),
    )
    schema = serializers.URLField(label=_("schema"), help_text=_("The OpenAPI 3 document of the API."))
    docs = serializers.URLField(label=_("documentation"), help_text=_("The API's browsable documentation page."))


class ApiRoot(APIView):
    """Name every list of the API, its OpenAPI document and its documentation page."""

    @extend_schema(summary=_("The API's lists"), responses={200: RootSerializer, 429: api.ErrorSerializer})
    def get(self, request):
        resources = {resource.name: reverse(f"api-{resource.path}-list", request=request) for resource in RESOURCES}
        return Response(
            {
                "resources": resources,
                "schema": reverse("api-schema", request=request),
                "docs": reverse("api-docs", request=request),
            }
        )


class ApiDocs(SpectacularSwaggerSplitView):
    """Swagger UI from the site's own static files, its start-up script a file too (the strict CSP allows both)."""

    template_name = "api/swagger_ui.html"
    url_name = "api-schema"
