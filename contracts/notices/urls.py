from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("branches/<slug:slug>/watch-list/", views.watch_list, name="watch_list"),
    path("branches/<slug:slug>/notices/", views.review_queue, name="review"),
    path("branches/<slug:slug>/notices/tenders/", views.tenders, name="tenders"),
    path("notices/<int:pk>/apply/", views.notice_apply, name="apply"),
    path("notices/<int:pk>/dismiss/", views.notice_dismiss, name="dismiss"),
    path("notices/alerts/off/<str:token>/", views.alerts_unsubscribe, name="alerts_unsubscribe"),
    path("notices/<int:pk>/reopen/", views.notice_reopen, name="reopen"),
]
