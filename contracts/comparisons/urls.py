from django.urls import path

from . import views

urlpatterns = [
    path("comparisons/", views.ComparisonListView.as_view(), name="comparison_list"),
    path("comparisons/rates/", views.reference_rates, name="reference_rates"),
    path("comparisons/pay-points/new/", views.pay_point_create, name="pay_point_create"),
    path("comparisons/pay-points/import/", views.pay_point_import, name="pay_point_import"),
    path("comparisons/pay-points/<int:pk>/edit/", views.pay_point_edit, name="pay_point_edit"),
    path("comparisons/pay-points/<int:pk>/delete/", views.pay_point_delete, name="pay_point_delete"),
    path("comparisons/new/", views.comparison_new, name="comparison_new"),
    path("contracts/<int:contract_pk>/comparisons/new/", views.comparison_create, name="comparison_create"),
    path("comparisons/<int:pk>/", views.comparison_detail, name="comparison_detail"),
    path("comparisons/<int:pk>/edit/", views.comparison_edit, name="comparison_edit"),
    path("comparisons/<int:pk>/delete/", views.comparison_delete, name="comparison_delete"),
    path("comparisons/<int:pk>/report.pdf", views.comparison_report, name="comparison_report"),
    path("comparisons/<int:pk>/leaflet/", views.comparison_leaflet, name="comparison_leaflet"),
    path("comparisons/<int:pk>/leaflet.pdf", views.comparison_leaflet_pdf, name="comparison_leaflet_pdf"),
    path("branches/<slug:slug>/comparison-wording/", views.comparison_wording, name="comparison_wording"),
]
