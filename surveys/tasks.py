import logging

from celery import shared_task
from django.utils import timezone

from .models import Survey
from .services import expired_surveys, survey_raw_delete

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=600, time_limit=660, acks_late=True)
def delete_expired_answers() -> int:
    """Daily: snapshot the suppressed results of surveys past their retention period, then delete raw answers.

    Idempotent: a survey is claimed by setting raw_deleted_on in the same transaction as the deletion.
    """
    deleted = 0
    for survey in expired_surveys(timezone.localdate()):
        survey_raw_delete(survey=Survey.objects.with_names().get(pk=survey.pk))
        deleted += 1
    if deleted:
        logger.info("Deleted raw answers of %s survey(s) past their retention period", deleted)
    return deleted
