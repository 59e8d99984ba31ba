from django.urls import path

from .views import contracts as register
from .views import parties, risks

urlpatterns = [
    path("contracts/", register.ContractListView.as_view(), name="contract_list"),
    path("contracts/new/", register.contract_create, name="contract_create"),
    path("contracts/priorities/", register.priorities, name="priorities"),
    path("contracts/priorities/<slug:slug>/weights/", register.priority_weights_edit, name="priority_weights_edit"),
    path("contracts/timeline/", register.timeline, name="timeline"),
    path("contracts/risks/", risks.risk_register, name="risk_register"),
    path("contracts/risks/suggestions/", risks.risk_suggestion_decide, name="risk_suggestion_decide"),
    path("contracts/<int:pk>/", register.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/edit/", register.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/history/", register.contract_history_view, name="contract_history"),
    path("contracts/<int:pk>/priority/", register.contract_priority_edit, name="contract_priority_edit"),
    path("authorities/", parties.PublicAuthorityListView.as_view(), name="authority_list"),
    path("authorities/new/", parties.authority_create, name="authority_create"),
    path("authorities/<int:pk>/", parties.authority_detail, name="authority_detail"),
    path("authorities/<int:pk>/edit/", parties.authority_edit, name="authority_edit"),
    path("providers/", parties.ProviderListView.as_view(), name="provider_list"),
    path("providers/new/", parties.provider_create, name="provider_create"),
    path("providers/search/", parties.provider_search, name="provider_search"),
    path("providers/<int:pk>/", parties.provider_detail, name="provider_detail"),
    path("providers/<int:pk>/edit/", parties.provider_edit, name="provider_edit"),
]
