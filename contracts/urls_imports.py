from django.urls import path

from .views import imports

urlpatterns = [
    path("branches/<slug:slug>/imports/", imports.import_list, name="import_list"),
    path("branches/<slug:slug>/imports/new/", imports.import_upload, name="import_upload"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", imports.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/check/", imports.import_check, name="import_check"),
    path("imports/<int:pk>/apply/", imports.import_apply, name="import_apply"),
    path("imports/<int:pk>/cancel/", imports.import_cancel, name="import_cancel"),
    path("branches/<slug:slug>/imports/batches/<uuid:batch>/", imports.import_batch, name="import_batch"),
]
