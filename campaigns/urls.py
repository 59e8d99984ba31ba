from django.urls import include, path

app_name = "campaigns"

urlpatterns = [
    path("", include("campaigns.urls_plans")),
    path("", include("campaigns.urls_organising")),
]
