"""The import's worker jobs. Registered through contracts.tasks, which Celery's autodiscovery imports."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction

from .jobs import _discard, import_job_run, import_jobs_sweep
from .models import ImportJob

logger = logging.getLogger(__name__)

# A 50,000-row file (IMPORT_MAX_ROWS) takes well under a minute; IMPORT_STUCK_AFTER_MINUTES is longer than this.
SOFT_LIMIT, HARD_LIMIT = 240, 300


@shared_task(soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT, acks_late=True)
def run_import_job(job_id: int, user_id: int | None = None, all_or_nothing: bool = True) -> str:
    """Read, dry-run or apply one import, whichever step it waits for.

    Idempotent: the step is claimed with a conditional update, so a redelivered message finds it claimed and
    does nothing. No retries: the same bytes fail the same way; a lost worker is stopped by the sweep.
    """
    try:
        return import_job_run(job_id, user_id, all_or_nothing)
    except SoftTimeLimitExceeded:
        reason = f"Reading the file took longer than {SOFT_LIMIT // 60} minutes. Nothing was changed in the register."
    except Exception:
        logger.exception("Import job %s failed", job_id)
        reason = "The import failed on an error of ours and has been logged. Nothing was changed in the register."
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is not None and job.is_busy:
            _discard(job, ImportJob.Status.FAILED, reason)
    return "failed"


@shared_task(soft_time_limit=120, time_limit=150, acks_late=True)
def sweep_import_jobs() -> int:
    """Every 5 minutes (insourcing/celery.py): stop imports whose worker was lost or that were abandoned."""
    return import_jobs_sweep()
