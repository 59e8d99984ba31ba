from django.urls import include, path

app_name = "campaigns"

urlpatterns = [
    path("", include("campaigns.plans.urls")),
    path("", include("campaigns.organising.urls")),
]
