"""The scheduled jobs: beat's job enqueues one read per feed through the outbox (never in a web request) and only
when the watch is switched on; the read job takes the feed state's id."""

import pytest

from contracts.notices import tasks
from contracts.notices.models import FeedState, Notice, Source
from insourcing.models import OutboxMessage

from .notices_replay import CF_PATH, FTS_PATH, PETERBOROUGH_CARERS, real_release, replay_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_beat_enqueues_one_read_per_feed_through_the_outbox(settings):
    settings.NOTICES_FETCH_ENABLED = True
    assert tasks.watch_feeds() == 2
    messages = OutboxMessage.objects.filter(task_name="contracts.notices.tasks.read_feed")
    states = {s.pk: s.source for s in FeedState.objects.all()}
    assert sorted(states[m.args[0]] for m in messages) == sorted(Source.values)


def test_switched_off_beat_enqueues_nothing(settings):
    settings.NOTICES_FETCH_ENABLED = False
    assert tasks.watch_feeds() == 0
    assert not OutboxMessage.objects.exists()


def test_the_read_job_reads_its_feed_by_id(replay):
    replay.page(CF_PATH, "", [real_release(PETERBOROUGH_CARERS)])
    state = FeedState.objects.create(source=Source.CONTRACTS_FINDER)
    assert tasks.read_feed(state.pk) == "done"
    assert Notice.objects.get().source == Source.CONTRACTS_FINDER
    assert not replay.served(FTS_PATH)
    assert tasks.read_feed(state.pk + 1000) == "gone"
