"""Included by the root URLconf by name, so the base never imports this app. Paths and names as they were."""

from django.urls import include, path

from .dashboards import views as dashboards

urlpatterns = [
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("dashboard/region.xlsx", dashboards.region_export, name="region_export"),
    path("dashboard/branches/<slug:slug>/", dashboards.branch_drilldown, name="dashboard_branch"),
    path("api/", include("overview.api.urls")),
]
