from celery import shared_task

from .foi.services import foi_reminders_send
from .imports.jobs import import_files_delete_expired
from .imports.tasks import run_import_job, sweep_import_jobs  # noqa: F401  (registers the import's tasks)


@shared_task(soft_time_limit=300, time_limit=360, autoretry_for=(ConnectionError,), max_retries=3, retry_backoff=True)
def send_foi_reminders() -> dict[str, int]:
    """Hourly (insourcing/celery.py): overdue replies, due internal reviews and scheduled re-requests.

    Idempotent: every reminder claims its row before sending, so overlapping runs send each one once.
    """
    return foi_reminders_send()


@shared_task(soft_time_limit=300, time_limit=360, acks_late=True)
def delete_old_import_files() -> int:
    """Daily (insourcing/celery.py): uploaded import files, IMPORT_FILE_RETENTION_DAYS after their import finished.

    Idempotent: each job is claimed (insourcing.claims) before its file goes, so overlapping runs delete it once.
    """
    return import_files_delete_expired()
