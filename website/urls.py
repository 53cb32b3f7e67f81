"""URLs: the admin, the health check, the API under /api/v1/, and the public site under /ar/ and /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from .data import views as data_views
from .feeds import ClaimsFeed, OrganizationClaimsFeed, RegionClaimsFeed, StrategyClaimsFeed
from .search import views as search_views
from .views import home as views
from .views import organizations as orgs_views
from .views import sources as sources_views
from .views import strategies as strategies_views
from .visuals import views as visuals_views

handler404 = "website.views.home.page_not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include("website.api.urls")),
    path("", views.root, name="root"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("organizations/", orgs_views.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", orgs_views.organization_detail, name="organization-detail"),
    path("strategies/", strategies_views.strategy_list, name="strategy-list"),
    path("strategies/<slug:slug>/", strategies_views.strategy_detail, name="strategy-detail"),
    path("regions/", orgs_views.region_list, name="region-list"),
    path("regions/<slug:slug>/", orgs_views.region_detail, name="region-detail"),
    path("sources/", sources_views.source_list, name="source-list"),
    path("sources/<slug:slug>/", sources_views.source_detail, name="source-detail"),
    path("evidence/", strategies_views.evidence_list, name="evidence-list"),
    path("evidence/<int:pk>/", strategies_views.evidence_detail, name="evidence-detail"),
    path("matrix/", views.matrix, name="matrix"),
    path("search/", search_views.search, name="search"),
    path("feeds/claims/", ClaimsFeed(), name="feed-claims"),
    path("feeds/organizations/<slug:slug>/", OrganizationClaimsFeed(), name="feed-organization"),
    path("feeds/strategies/<slug:slug>/", StrategyClaimsFeed(), name="feed-strategy"),
    path("feeds/regions/<slug:slug>/", RegionClaimsFeed(), name="feed-region"),
    path("data/", data_views.data_dictionary, name="data-dictionary"),
    path("data/releases/", data_views.data_releases, name="data-releases"),
    path("data/releases/<str:name>", data_views.data_release_download, name="data-release-download"),
    path("map/", visuals_views.map_view, name="map"),
    path("network/", visuals_views.network_view, name="network"),
    path("timeline/", visuals_views.timeline_view, name="timeline"),
    prefix_default_language=True,
)
