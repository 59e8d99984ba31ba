"""Celery's autodiscovery looks for `<app>.tasks`; the tasks live in their feature package."""

from .plans.tasks import send_plan_reminders, send_weekly_digests  # noqa: F401
