from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import docs, tokens, views
from .views import AUTHENTICATION

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(authentication_classes=AUTHENTICATION), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/revoke/", tokens.token_revoke, name="token_revoke"),
    path("branches/", views.BranchList.as_view(), name="branches"),
    path("contracts/", views.ContractList.as_view(), name="contracts"),
    path("campaigns/", views.CampaignList.as_view(), name="campaigns"),
    path("plan-rows/", views.PlanRowList.as_view(), name="plan_rows"),
    path("foi-requests/", views.FoIRequestList.as_view(), name="foi_requests"),
    path("surveys/", views.SurveyList.as_view(), name="surveys"),
    path("surveys/<int:pk>/results/", views.SurveyResults.as_view(), name="survey_results"),
]
