"""A transactional outbox: jobs are written to the database with the data that needs them.

`enqueue(task, *args)` stores an OutboxMessage in the current transaction. After commit it is published
straight away; if the broker is down the row stays, and `flush()` (run by beat every minute and when a worker
starts) publishes it once the broker is back. A rolled-back transaction leaves no row, so nothing is
enqueued for it. Tasks are idempotent, so a message published twice (crash between publish and delete)
does no harm.
"""

import logging

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> OutboxMessage:
    message = OutboxMessage.objects.create(task_name=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: _publish_now(message.pk))
    return message


def prepare_publishing() -> None:
    """Import the broker's client library and register the tasks now, at the web process's start, rather than in
    the first request that queues a job (0.2 to 0.5 s of the first PDF's click to link, issue 16). Opens no
    connection."""
    current_app.finalize()
    current_app.connection_for_write().release()


def _connection():
    # One attempt: kombu's default is to retry the connection for seconds, which would hold the user's request
    # while Redis is down. The message is safe in the outbox, and flush() tries again every minute.
    return current_app.connection_for_write(transport_options={"max_retries": 0})


def _publish(message: OutboxMessage, connection) -> None:
    # retry=False: fail fast when the broker is down instead of holding the user's request.
    current_app.send_task(
        message.task_name, args=message.args, kwargs=message.kwargs, retry=False, connection=connection
    )


def _publish_now(pk: int) -> None:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if message is None:
            return
        try:
            with _connection() as connection:
                _publish(message, connection)
        except Exception as exc:  # broker unreachable: flush() will retry later
            logger.warning("Broker unavailable, job %s kept in the outbox: %s", message.task_name, exc)
            OutboxMessage.objects.filter(pk=pk).update(attempts=message.attempts + 1, last_error=str(exc)[:500])
            return
        message.delete()


def flush(*, limit: int = 500) -> int:
    """Publish waiting messages, oldest first. Returns how many were published."""
    published = 0
    with transaction.atomic():
        batch = list(OutboxMessage.objects.select_for_update(skip_locked=True).order_by("created_at")[:limit])
        if not batch:
            return 0
        try:
            with _connection() as connection:
                for message in batch:
                    _publish(message, connection)
                    message.delete()
                    published += 1
        except Exception as exc:
            logger.warning("Broker unavailable; %s job(s) wait in the outbox: %s", len(batch) - published, exc)
            OutboxMessage.objects.filter(pk__in=[m.pk for m in batch[published:]]).update(
                attempts=F("attempts") + 1, last_error=str(exc)[:500], last_attempt_at=timezone.now()
            )
    return published
