"""URLs of the API: /api/v1/<records>/, /api/v1/<records>/<id or slug>/, the schema and its docs page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from .views import RESOURCES, ApiDocs, ApiRoot

router = SimpleRouter()
for resource in RESOURCES:
    router.register(resource.path, resource.viewset, basename=f"api-{resource.path}")

urlpatterns = [
    path("", ApiRoot.as_view(), name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocs.as_view(), name="api-docs"),
    path("", include(router.urls)),
]
