"""Following an authority finds the notices already stored from it: they go into the branch's review queue once,
by the read job's own rules, in a background job (enqueued through the outbox, taking ids)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contracts.notices import services, tasks
from contracts.notices.models import BranchNotice, FollowedAuthority, NoticeKind
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory
from insourcing.models import OutboxMessage

from .notices_helpers import make_notice, press_watch_list_button

pytestmark = pytest.mark.django_db

REMATCH = "contracts.notices.tasks.rematch_notices"
LONG_AGO = timezone.now() - datetime.timedelta(days=200)


@pytest.fixture
def stored(branch_a):
    """Notices read months ago, before Demo City followed Peterborough: a change notice for its carers contract,
    one spelt "The Peterborough City Council", one known only by its identifier, and one from another buyer."""
    authority = PublicAuthorityFactory(branch=branch_a, name="Peterborough City Council")
    carers = ContractFactory(
        branch=branch_a, authority=authority, service="All Age Carers Service", reference="", end_date=None
    )
    old = {"fetched_at": LONG_AGO, "published": LONG_AGO}
    return {
        "authority": authority,
        "carers": carers,
        "change": make_notice(number=436, **old),
        "spelt": make_notice(
            number=437,
            kind=NoticeKind.TENDER,
            title="Street cleaning",
            buyer_name="The Peterborough City Council",
            **old,
        ),
        "by_id": make_notice(
            number=438, kind=NoticeKind.TENDER, title="Libraries", buyer_name="PCC", buyer_ids=["GB-LAE-PTE"], **old
        ),
        "other": make_notice(number=439, kind=NoticeKind.TENDER, title="Parks", buyer_name="Leeds City Council", **old),
    }


def _follow_on_the_watch_list(client, branch, authority):
    return client.post(
        reverse("notices:watch_list", args=[branch.slug]),
        {
            "followed-TOTAL_FORMS": "1",
            "followed-INITIAL_FORMS": "0",
            "followed-0-name": "Peterborough City Council",
            "followed-0-identifiers": "GB-LAE:PTE",
            "followed-0-authority": str(authority.pk),
        },
    )


def _run_enqueued_rematch():
    """Run what the outbox holds, as the worker would (the worker itself is exercised in test_notices_worker)."""
    for message in OutboxMessage.objects.filter(task_name=REMATCH):
        tasks.rematch_notices(*message.args)


def test_following_an_authority_puts_its_stored_notices_in_the_queue(alice_client, branch_a, stored):
    response = _follow_on_the_watch_list(alice_client, branch_a, stored["authority"])
    assert response.status_code == 302
    # Nothing matched in the request: a job taking the new row's id waits in the outbox.
    assert not BranchNotice.objects.exists()
    [message] = OutboxMessage.objects.filter(task_name=REMATCH)
    assert message.args == [[FollowedAuthority.objects.get(branch=branch_a).pk]]

    _run_enqueued_rematch()

    queue = {i.notice_id: i for i in BranchNotice.objects.filter(branch=branch_a)}
    assert set(queue) == {stored["change"].pk, stored["spelt"].pk, stored["by_id"].pk}
    change = queue[stored["change"].pk]  # matched to the register as the read job matches it
    assert change.contract == stored["carers"] and change.matched_by == "title similarity"
    assert change.proposal == BranchNotice.Proposal.END_DATE and change.status == BranchNotice.Status.WAITING
    assert queue[stored["spelt"].pk].status == BranchNotice.Status.NOTED  # a tender is for information


def test_matching_again_duplicates_nothing_and_keeps_decisions(alice, alice_client, branch_a, stored):
    _follow_on_the_watch_list(alice_client, branch_a, stored["authority"])
    _run_enqueued_rematch()
    item = BranchNotice.objects.get(notice=stored["change"])
    services.branch_notice_dismiss(item=item, user=alice)

    _run_enqueued_rematch()  # a redelivered job
    services.notices_rematch(followed_ids=list(FollowedAuthority.objects.values_list("pk", flat=True)))

    assert BranchNotice.objects.filter(branch=branch_a).count() == 3
    item.refresh_from_db()
    assert item.status == BranchNotice.Status.DISMISSED


def test_following_every_authority_in_the_register_matches_their_stored_notices(alice_client, branch_a, stored):
    PublicAuthorityFactory(branch=branch_a, name="Leeds City Council")
    press_watch_list_button(alice_client, branch_a, "seed", "register")
    [message] = OutboxMessage.objects.filter(task_name=REMATCH)
    assert len(message.args[0]) == 2  # both authorities, in one job

    _run_enqueued_rematch()

    # By name only: "PCC" (known to Peterborough only by an identifier the register does not give) stays out.
    matched = set(BranchNotice.objects.filter(branch=branch_a).values_list("notice", flat=True))
    assert matched == {stored["change"].pk, stored["spelt"].pk, stored["other"].pk}


def test_another_branch_following_the_same_authority_gets_its_own_copy(alice_client, branch_a, branch_b, stored):
    FollowedAuthority.objects.create(branch=branch_b, name="Peterborough City Council")
    services.notices_rematch(followed_ids=list(FollowedAuthority.objects.values_list("pk", flat=True)))
    assert BranchNotice.objects.filter(branch=branch_b).count() == 2  # not the one known by identifier only
    assert not BranchNotice.objects.filter(branch=branch_b, contract__isnull=False).exists()  # not A's contract


def test_old_notices_matched_later_go_to_the_queue_not_the_daily_email(alice, alice_client, branch_a, stored):
    _follow_on_the_watch_list(alice_client, branch_a, stored["authority"])
    _run_enqueued_rematch()
    assert BranchNotice.objects.filter(branch=branch_a).waiting().count() == 1
    assert services.notice_alerts_send() == 0
    assert mail.outbox == []


def test_a_refused_watch_list_enqueues_nothing(alice_client, branch_a, stored):
    response = alice_client.post(
        reverse("notices:watch_list", args=[branch_a.slug]),
        {
            "followed-TOTAL_FORMS": "1",
            "followed-INITIAL_FORMS": "0",
            "followed-0-name": "Peterborough City Council",
            "followed-0-identifiers": ": /",
        },
    )
    assert response.status_code == 200
    assert not FollowedAuthority.objects.exists()
    assert not OutboxMessage.objects.filter(task_name=REMATCH).exists()
