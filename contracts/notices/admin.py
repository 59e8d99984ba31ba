from django.contrib import admin

from .models import FeedState


@admin.register(FeedState)
class FeedStateAdmin(admin.ModelAdmin):
    """Where each feed got to; clearing `not_before` or the cursor makes the next run start again."""

    list_display = ["source", "window_from", "window_to", "next_from", "not_before", "failures", "last_success_at"]
    readonly_fields = ["pages_read", "last_error", "running_since"]
