from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import health, views
from .dashboards import views as dashboards
from .forms import PasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("dashboard/region.xlsx", dashboards.region_export, name="region_export"),
    path("dashboard/branches/<slug:slug>/", dashboards.branch_drilldown, name="dashboard_branch"),
    path("api/", include("insourcing.api.urls")),
    path("branches/", views.BranchListView.as_view(), name="branch_list"),
    path("branches/<slug:slug>/", views.branch_detail, name="branch_detail"),
    path("branches/<slug:slug>/edit/", views.branch_edit, name="branch_edit"),
    path("branches/<slug:slug>/letterhead.pdf", views.branch_sheet_request, name="branch_sheet_request"),
    path("documents/<int:pk>/", views.document_status, name="document_status"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("contracts.urls")),
    path("", include("campaigns.urls")),
    path("", include("surveys.urls")),
]
