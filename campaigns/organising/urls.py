"""Organising tools (issue 6), included by campaigns/urls.py under the `campaigns` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/<int:pk>/workforce/", views.workforce_grid, name="workforce_grid"),
    path("campaigns/<int:pk>/workforce/add/", views.workforce_action_add, name="workforce_action_add"),
    path("campaigns/workforce-actions/<int:pk>/", views.workforce_action_edit, name="workforce_action_edit"),
    path("campaigns/workforce-actions/<int:pk>/delete/", views.workforce_action_delete, name="workforce_action_delete"),
    path(
        "campaigns/workforce-actions/<int:pk>/plan-row/",
        views.workforce_action_plan_row,
        name="workforce_action_plan_row",
    ),
    path("campaigns/<int:pk>/activities/", views.activity_plans, name="activity_plans"),
    path("campaigns/<int:pk>/activities/add/", views.activity_add, name="activity_add"),
    path("campaigns/activities/<int:pk>/", views.activity_edit, name="activity_edit"),
    path("campaigns/activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("campaigns/activities/<int:pk>/actions/add/", views.activity_action_add, name="activity_action_add"),
    path("campaigns/<int:pk>/arguments/", views.key_arguments, name="key_arguments"),
    path("campaigns/<int:pk>/arguments/edit/", views.key_arguments_edit, name="key_arguments_edit"),
    path("campaigns/<int:pk>/allies/", views.allies, name="allies"),
    path("campaigns/<int:pk>/allies/add/", views.ally_add, name="ally_add"),
    path("campaigns/allies/<int:pk>/", views.ally_edit, name="ally_edit"),
    path("campaigns/allies/<int:pk>/delete/", views.ally_delete, name="ally_delete"),
    path("campaigns/allies/<int:pk>/actions/add/", views.ally_action_add, name="ally_action_add"),
    path("campaigns/ally-actions/<int:pk>/", views.ally_action_edit, name="ally_action_edit"),
    path("campaigns/ally-actions/<int:pk>/delete/", views.ally_action_delete, name="ally_action_delete"),
    path("campaigns/ally-actions/<int:pk>/plan-row/", views.ally_action_plan_row, name="ally_action_plan_row"),
    path("campaigns/<int:pk>/power-map/", views.power_map, name="power_map"),
    path("campaigns/<int:pk>/power-map/add/", views.person_add, name="person_add"),
    path("campaigns/power-map/<int:pk>/", views.person_edit, name="person_edit"),
    path("campaigns/power-map/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("campaigns/power-map/<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("campaigns/power-map/contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("campaigns/<int:pk>/calendar/add/", views.meeting_add, name="meeting_add"),
    path("campaigns/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("campaigns/calendar/<int:pk>/", views.meeting_edit, name="meeting_edit"),
    path("campaigns/calendar/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("campaigns/<int:pk>/business-case/", views.business_case, name="business_case"),
    path("campaigns/<int:pk>/business-case/edit/", views.business_case_edit, name="business_case_edit"),
    path("branches/<slug:slug>/organising-wording/", views.organising_wording, name="organising_wording"),
]
