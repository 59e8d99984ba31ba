"""The Celery app. Later modules add their periodic jobs to BEAT_SCHEDULE through `beat_schedule`."""

import logging
import os

from celery import Celery
from celery.signals import worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
logger = logging.getLogger(__name__)

app = Celery("insourcing")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs. Each entry names a task by its dotted path so this module imports no app code.
app.conf.beat_schedule = {
    "flush-outbox": {"task": "insourcing.tasks.flush_outbox", "schedule": 60},
    "requeue-stuck-documents": {"task": "insourcing.tasks.requeue_stuck_documents", "schedule": 5 * 60},
    "foi-reminders": {"task": "contracts.tasks.send_foi_reminders", "schedule": 60 * 60},
    "import-sweep": {"task": "contracts.imports.tasks.sweep_import_jobs", "schedule": 5 * 60},
    "import-file-retention": {"task": "contracts.tasks.delete_old_import_files", "schedule": 60 * 60 * 24},
    "campaign-reminders": {"task": "campaigns.tasks.send_plan_reminders", "schedule": 60 * 60},
    "campaign-digests": {"task": "campaigns.tasks.send_weekly_digests", "schedule": 60 * 60 * 6},
    "notice-feeds": {"task": "contracts.notices.tasks.watch_feeds", "schedule": 15 * 60},
    "notice-alerts": {"task": "contracts.notices.tasks.send_notice_alerts", "schedule": 60 * 60},
    "survey-retention": {"task": "surveys.tasks.delete_expired_answers", "schedule": 60 * 60 * 24},
}


@app.on_after_finalize.connect
def _drop_unregistered_periodic_tasks(sender, **kwargs):
    """Issues land one at a time: only schedule the jobs whose tasks exist yet."""
    schedule = sender.conf.beat_schedule
    for name in [n for n, entry in schedule.items() if entry["task"] not in sender.tasks]:
        del schedule[name]


@worker_ready.connect
def _flush_outbox_on_start(sender, **kwargs):
    """A worker that starts after a broker outage publishes what waited in the outbox."""
    sender.app.send_task("insourcing.tasks.flush_outbox")


@worker_init.connect
def _warm_up_pdf_renderer(sender=None, **kwargs):
    """Import WeasyPrint and render one small document in the worker's main process, before it forks the pool.

    Pool processes are forked from this one, so each starts with WeasyPrint imported and its first render done;
    doing it here rather than in `worker_process_init` also keeps it out of the few seconds a pool process has
    to report that it is up. A failure is logged, never fatal: the first document then simply takes longer.
    """
    try:
        from insourcing import pdf

        seconds = pdf.warm_up()
    except Exception:
        logger.exception("PDF renderer warm-up failed; the first document will take longer")
        return
    logger.info("PDF renderer warmed up in %.2f s", seconds)
