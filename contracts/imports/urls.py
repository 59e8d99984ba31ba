from django.urls import path

from . import views

urlpatterns = [
    path("branches/<slug:slug>/imports/", views.import_list, name="import_list"),
    path("branches/<slug:slug>/imports/new/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/check/", views.import_check, name="import_check"),
    path("imports/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("imports/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("branches/<slug:slug>/imports/batches/<uuid:batch>/", views.import_batch, name="import_batch"),
    path(
        "branches/<slug:slug>/imports/batches/<uuid:batch>/apply/", views.import_batch_apply, name="import_batch_apply"
    ),
]
