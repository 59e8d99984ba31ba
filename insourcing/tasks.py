import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import F
from django.utils import timezone

from .documents import get_kind
from .models import GeneratedDocument, OutboxMessage

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status
MAX_RETRIES = 3


@shared_task(bind=True, soft_time_limit=90, time_limit=120, max_retries=MAX_RETRIES, acks_late=True)
def render_document(self, document_id: int) -> str:
    """Render one document to PDF. Safe to run twice: a READY document is left alone."""
    # Imported here, not at the top: the web process imports this module to queue a document, and importing
    # WeasyPrint there cost the first click after a start about a second (five on a busy machine). The worker
    # has it loaded, and warmed up, before it takes a job (insourcing.celery._warm_up_pdf_renderer).
    from . import pdf

    claimed = GeneratedDocument.objects.filter(pk=document_id, status__in=[Status.QUEUED, Status.RENDERING]).update(
        status=Status.RENDERING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    document = GeneratedDocument.objects.select_related("branch").get(pk=document_id)
    try:
        html = get_kind(document.kind).render_html(document)
        content = pdf.html_to_pdf(html, time_limit=80)
    except (SoftTimeLimitExceeded, pdf.RenderTimeout):
        _fail(document_id, "Rendering took too long. Try a shorter document or ask an administrator.")
        return "failed"
    except Exception as exc:
        if self.request.retries < MAX_RETRIES:
            logger.warning("Document %s failed (attempt %s), retrying: %s", document_id, document.attempts, exc)
            raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 1)) from exc
        logger.exception("Document %s failed for good", document_id)
        _fail(document_id, f"The document could not be produced: {exc}")
        return "failed"
    document.file.save(document.filename, ContentFile(content), save=False)
    GeneratedDocument.objects.filter(pk=document_id).update(
        file=document.file.name, status=Status.READY, finished_at=timezone.now(), error=""
    )
    return "ready"


def _fail(document_id: int, message: str) -> None:
    GeneratedDocument.objects.filter(pk=document_id).update(
        status=Status.FAILED, error=message, finished_at=timezone.now()
    )


@shared_task(soft_time_limit=50, time_limit=60, ignore_result=True)
def flush_outbox() -> int:
    """Publish jobs that were saved while the broker was down."""
    from . import outbox

    return outbox.flush()


STUCK_AFTER_SECONDS = 5 * 60  # longer than render_document's hard time limit (120 s) plus its retries


@shared_task(soft_time_limit=50, time_limit=60, ignore_result=True)
def requeue_stuck_documents(older_than_seconds: int = STUCK_AFTER_SECONDS) -> int:
    """Re-publish documents whose worker died mid-render (kill -9, machine lost).

    A render that is still alive cannot be older than the hard time limit, so anything older is dead;
    render_document is idempotent, so a late redelivery of the original message is skipped.
    """
    from datetime import timedelta

    from django.db import transaction

    from . import outbox

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    stuck = GeneratedDocument.objects.filter(status__in=[Status.QUEUED, Status.RENDERING]).filter(
        models.Q(started_at__lt=cutoff) | models.Q(started_at__isnull=True, created_at__lt=cutoff)
    )
    waiting = {
        tuple(args)
        for args in OutboxMessage.objects.filter(task_name=render_document.name).values_list("args", flat=True)
    }
    count = 0
    with transaction.atomic():
        for pk in stuck.values_list("pk", flat=True):
            if (pk,) in waiting:
                continue
            outbox.enqueue(render_document, pk)
            count += 1
    if count:
        logger.warning("Re-queued %s document(s) whose render had stopped", count)
    return count
