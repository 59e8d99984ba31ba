"""Contracts URLs, one module per concern so each can grow without touching the others."""

from django.urls import include, path

app_name = "contracts"

urlpatterns = [
    path("", include("contracts.register.urls")),
    path("", include("contracts.imports.urls")),
    path("", include("contracts.foi.urls")),
    path("", include("contracts.comparisons.urls")),
]
