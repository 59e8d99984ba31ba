"""URLconf of the anchors' server (bench.anchor_settings): the bench's AdminSite and nothing else."""

from django.urls import path

from .anchor_admin import site

urlpatterns = [path("anchor-admin/", site.urls)]
