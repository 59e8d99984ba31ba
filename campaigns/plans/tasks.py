from celery import shared_task

from . import services


@shared_task(
    name="campaigns.tasks.send_plan_reminders",
    bind=True,
    soft_time_limit=50 * 60,
    time_limit=55 * 60,
    max_retries=3,
    acks_late=True,
)
def send_plan_reminders(self) -> int:
    """Hourly. Each reminder is claimed before sending, so overlapping runs and retries never send it twice."""
    try:
        return services.plan_reminders_send()
    except OSError as exc:  # the mail server is unreachable: claims were released, try again shortly
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc


@shared_task(
    name="campaigns.tasks.send_weekly_digests",
    bind=True,
    soft_time_limit=30 * 60,
    time_limit=35 * 60,
    max_retries=3,
    acks_late=True,
)
def send_weekly_digests(self) -> int:
    try:
        return services.weekly_digests_send()
    except OSError as exc:
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
