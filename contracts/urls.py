"""Contracts URLs, one module per concern so each can grow without touching the others."""

from django.urls import include, path

app_name = "contracts"

urlpatterns = [
    path("", include("contracts.urls_register")),
    path("", include("contracts.urls_imports")),
    path("", include("contracts.urls_foi")),
    path("", include("contracts.urls_comparisons")),
]
