from django.urls import path

from . import views
from .models import LetterKind

urlpatterns = [
    path("foi/", views.FoIRequestListView.as_view(), name="foi_list"),
    path("foi/new/", views.foi_create, name="foi_create"),
    path("foi/deadline/", views.deadline_calculator, name="foi_deadline"),
    path("foi/letters/", views.foi_letters, name="foi_letters"),
    path("foi/letters/<slug:slug>/<str:kind>/", views.foi_letter_edit, name="foi_letter_edit"),
    path("foi/motions/", views.motion_list, name="motion_list"),
    path("foi/motions/new/", views.motion_create, name="motion_create"),
    path("foi/motions/<int:pk>/", views.motion_edit, name="motion_edit"),
    path("foi/motions/<int:pk>/pdf/", views.motion_pdf, name="motion_pdf"),
    path("foi/<int:pk>/", views.foi_detail, name="foi_detail"),
    path("foi/<int:pk>/edit/", views.foi_edit, name="foi_edit"),
    path("foi/<int:pk>/send/", views.foi_send, name="foi_send"),
    path("foi/<int:pk>/event/", views.foi_event, name="foi_event"),
    path("foi/<int:pk>/reply/", views.foi_reply, name="foi_reply"),
    path("foi/<int:pk>/reply/file/", views.foi_reply_download, name="foi_reply_download"),
    path(
        "foi/<int:pk>/internal-review/",
        views.foi_follow_up,
        {"kind": LetterKind.INTERNAL_REVIEW},
        name="foi_review",
    ),
    path("foi/<int:pk>/complaint/", views.foi_follow_up, {"kind": LetterKind.COMPLAINT}, name="foi_complaint"),
    path("foi/<int:pk>/pdf/", views.foi_pdf, name="foi_pdf"),
    path("foi/<int:pk>/print/", views.foi_print, name="foi_print"),
    path("foi/<int:pk>/repeat/", views.foi_repeat, name="foi_repeat"),
]
