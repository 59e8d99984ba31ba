"""The watch's worker jobs (Celery autodiscovers `contracts.notices.tasks`; the schedule is in insourcing/celery.py)."""

from celery import shared_task
from django.conf import settings
from django.db import transaction

from insourcing.outbox import enqueue

from .feeds import feed_read
from .models import FeedState, Source
from .services import notice_alerts_send, notices_rematch

# A run reads at most MAX_PAGES_PER_RUN pages with a pause between them (Find a Tender's rate limit).
SOFT_LIMIT, HARD_LIMIT = 20 * 60, 22 * 60


@shared_task(soft_time_limit=60, time_limit=90, acks_late=True)
def watch_feeds() -> int:
    """Every 15 minutes: one read job per feed, through the outbox (never in a web request). Off unless
    NOTICES_FETCH_ENABLED: an installation without internet asks nobody."""
    if not settings.NOTICES_FETCH_ENABLED:
        return 0
    with transaction.atomic():
        for source in Source.values:
            state, _ = FeedState.objects.get_or_create(source=source)
            enqueue(read_feed, state.pk)
    return len(Source.values)


@shared_task(soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT, acks_late=True)
def read_feed(state_id: int) -> str:
    """Read one feed from where it got to. Idempotent: the feed is claimed while read, each page's notices and the
    cursor are saved together, and a notice already stored is skipped. Its own retries are the state's backoff."""
    state = FeedState.objects.filter(pk=state_id).first()
    if state is None:
        return "gone"
    return feed_read(source=state.source).status


@shared_task(soft_time_limit=300, time_limit=360, acks_late=True)
def send_notice_alerts() -> int:
    """Hourly: each officer's daily email of new notices (claimed, so at most one a day and each notice once)."""
    return notice_alerts_send()


@shared_task(soft_time_limit=10 * 60, time_limit=11 * 60, acks_late=True)
def rematch_notices(followed_ids: list[int]) -> int:
    """The stored notices of authorities just added to a watch list, into the branch's review queue. Idempotent:
    a notice the branch already has is skipped."""
    return notices_rematch(followed_ids=followed_ids)
