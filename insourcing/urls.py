from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import health, views
from .forms import PasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    # The top app (dashboards, read API) by name: the base imports no app above it.
    path("", include("overview.urls")),
    path("branches/", views.BranchListView.as_view(), name="branch_list"),
    path("branches/<slug:slug>/", views.branch_detail, name="branch_detail"),
    path("branches/<slug:slug>/edit/", views.branch_edit, name="branch_edit"),
    path("branches/<slug:slug>/letterhead.pdf", views.branch_sheet_request, name="branch_sheet_request"),
    path("documents/<int:pk>/", views.document_status, name="document_status"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("contracts.urls")),
    # The notices watch is its own app (label `notices`) inside the contracts layer.
    path("", include("contracts.notices.urls")),
    path("", include("campaigns.urls")),
    path("", include("surveys.urls")),
]
