"""The watch on a real Celery worker: beat's job enqueues each feed's read through the outbox, and the worker
process reads the session's replay server (its address reaches the worker by environment, see conftest
`celery_worker`); following an authority has the worker match the notices already stored."""

import datetime

import pytest

from conftest import wait_for
from contracts.notices import tasks
from contracts.notices.models import BranchNotice, FeedState, FollowedAuthority, Notice
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory

from .notices_helpers import make_notice, press_watch_list_button
from .notices_replay import (
    CF_PATH,
    FTS_PATH,
    LANCASHIRE_GROUNDS,
    PETERBOROUGH_CARERS,
    UEA_WASTE,
    as_find_a_tender,
    contract_change,
    real_release,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture
def carers(branch_a):
    peterborough = PublicAuthorityFactory(branch=branch_a, name="Peterborough City Council")
    FollowedAuthority.objects.create(branch=branch_a, authority=peterborough, name=peterborough.name)
    return ContractFactory(
        branch=branch_a,
        authority=peterborough,
        service="All Age Carers Service",
        reference="",
        end_date=datetime.date(2023, 7, 31),
    )


def test_the_worker_reads_both_feeds_from_the_outbox_into_the_review_queue(celery_worker, settings, carers):
    replay = celery_worker.replay
    replay.reset()
    change = contract_change(real_release(PETERBOROUGH_CARERS), new_end="2029-03-31T23:59:59Z", number=0x1B4)
    replay.page(FTS_PATH, "", [change], next_cursor="MTAw")
    replay.page(FTS_PATH, "MTAw", [as_find_a_tender(real_release(UEA_WASTE), number=0x1B5)])
    replay.page(CF_PATH, "", [real_release(LANCASHIRE_GROUNDS)])
    settings.NOTICES_FETCH_ENABLED = True  # for beat's job, run here; the worker has its own settings

    assert tasks.watch_feeds() == 2  # commits, so the outbox publishes both reads to the worker

    def both_read():
        return FeedState.objects.filter(last_success_at__isnull=False).count() == 2

    wait_for(both_read, timeout=60, message="the worker to read both feeds")
    # The worker, not this process, asked the replay server, each page once.
    assert sorted((s.path, s.cursor, s.status) for s in replay.log) == [
        (CF_PATH, "", 200),
        (FTS_PATH, "", 200),
        (FTS_PATH, "MTAw", 200),
    ]
    assert Notice.objects.count() == 3
    item = BranchNotice.objects.get()  # only Peterborough is followed
    assert (item.branch_id, item.contract, item.status) == (carers.branch_id, carers, BranchNotice.Status.WAITING)
    assert item.proposal == BranchNotice.Proposal.END_DATE and item.proposed_end_date == datetime.date(2029, 3, 31)
    carers.refresh_from_db()
    assert carers.end_date == datetime.date(2023, 7, 31)  # not applied without review


def test_the_worker_matches_stored_notices_when_an_authority_is_followed(celery_worker, alice, branch_a, client):
    lancashire = PublicAuthorityFactory(branch=branch_a, name="Lancashire County Council")
    tender = make_notice(number=500, kind="tender", title="Grounds maintenance", buyer_name=lancashire.name)
    client.force_login(alice)

    press_watch_list_button(client, branch_a, "seed", "register")

    item = wait_for(lambda: BranchNotice.objects.filter(branch=branch_a).first(), message="the worker's match")
    assert item.notice == tender and item.followed.name == lancashire.name
