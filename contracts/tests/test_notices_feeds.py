"""Reading Find a Tender and Contracts Finder from a local replay server: paging with a cursor, 429 and 5xx,
malformed pages, resuming, and that nothing is fetched twice or reaches the register without review."""

import datetime

import pytest
from django.utils import timezone

from contracts.notices import feeds
from contracts.notices.models import BranchNotice, FeedState, FollowedAuthority, Notice, NoticeKind, Source
from contracts.register.models import FigureSource
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory

from .notices_replay import (
    CF_PATH,
    FTS_PATH,
    LANCASHIRE_GROUNDS,
    PETERBOROUGH_CARERS,
    SUNDERLAND_WELFARE,
    UEA_WASTE,
    Reply,
    as_find_a_tender,
    contract_change,
    real_release,
    replay_fixture,  # noqa: F401  (the `replay` fixture)
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(branch_a):
    """Demo City follows Peterborough (with its carers contract, ending 31 July 2023) and Lancashire."""
    peterborough = PublicAuthorityFactory(branch=branch_a, name="Peterborough City Council")
    lancashire = PublicAuthorityFactory(branch=branch_a, name="Lancashire County Council")
    carers = ContractFactory(
        branch=branch_a,
        authority=peterborough,
        service="All Age Carers Service",
        reference="",
        end_date=datetime.date(2023, 7, 31),
    )
    FollowedAuthority.objects.create(branch=branch_a, authority=peterborough, name=peterborough.name)
    FollowedAuthority.objects.create(branch=branch_a, authority=lancashire, name=lancashire.name)
    return carers


def _read_until_settled(source, *, rounds=10):
    """Run the job as beat would, letting time pass past each wait the feed asked for."""
    outcomes = []
    for _ in range(rounds):
        outcome = feeds.feed_read(source=source, pause=0)
        outcomes.append(outcome.status)
        if outcome.status == "done":
            break
        FeedState.objects.filter(source=source).update(not_before=timezone.now() - datetime.timedelta(seconds=1))
    return outcomes


def test_it_pages_through_429_500_and_a_malformed_page_fetching_each_page_once(replay, register):
    carers = register
    replay.page(CF_PATH, "", [real_release(PETERBOROUGH_CARERS)], next_cursor="MTAw")
    replay.add(CF_PATH, "MTAw", Reply(429, {"message": "12 request limit in 2 minute exceeded"}, {"Retry-After": "7"}))
    replay.page(CF_PATH, "MTAw", [real_release(LANCASHIRE_GROUNDS)], next_cursor="MjAw")
    replay.add(CF_PATH, "MjAw", Reply(500, {"error": "Internal Server Error"}))
    replay.add(CF_PATH, "MjAw", Reply(200, b'{"releases": [{"ocid": "ocds-b5fd17raw-'))  # cut off mid-package
    # The last page repeats a release of the first (a notice updated while paging) and one nobody follows.
    replay.page(CF_PATH, "MjAw", [real_release(SUNDERLAND_WELFARE), real_release(PETERBOROUGH_CARERS)])

    assert _read_until_settled(Source.CONTRACTS_FINDER) == ["rate-limited", "failed", "failed", "done"]

    # Each request asks for the page after the last one stored, or again for the one that just failed: a page
    # once stored is never fetched again.
    assert [(s.cursor, s.status) for s in replay.log] == [
        ("", 200),
        ("MTAw", 429),
        ("MTAw", 200),
        ("MjAw", 500),
        ("MjAw", 200),  # the malformed package
        ("MjAw", 200),
    ]
    assert Notice.objects.count() == 3  # the repeated release is stored once
    state = FeedState.objects.get(source=Source.CONTRACTS_FINDER)
    assert state.cursor == "" and state.failures == 0 and state.last_success_at is not None
    assert state.pages_read == 3
    # Nothing reached the register: the contract keeps its end date and no figure names a notice.
    carers.refresh_from_db()
    assert carers.end_date == datetime.date(2023, 7, 31)
    assert not FigureSource.objects.filter(kind=FigureSource.Kind.CONTRACTS_FINDER).exists()
    assert not BranchNotice.objects.filter(status=BranchNotice.Status.APPLIED).exists()


def test_a_429_waits_as_long_as_retry_after_says_and_keeps_the_cursor(replay, register):
    replay.page(CF_PATH, "", [real_release(PETERBOROUGH_CARERS)], next_cursor="MTAw")
    replay.add(CF_PATH, "MTAw", Reply(429, {}, {"Retry-After": "90"}))
    before = timezone.now()

    outcome = feeds.feed_read(source=Source.CONTRACTS_FINDER, pause=0)

    state = FeedState.objects.get(source=Source.CONTRACTS_FINDER)
    assert outcome.status == "rate-limited" and outcome.pages == 1
    assert state.cursor == "MTAw"
    assert (
        before + datetime.timedelta(seconds=89) <= state.not_before <= timezone.now() + datetime.timedelta(seconds=91)
    )
    # Asked again before the wait is over, it makes no request at all.
    assert feeds.feed_read(source=Source.CONTRACTS_FINDER, pause=0).status == "waiting"
    assert len(replay.log) == 2


def test_server_errors_back_off_longer_each_time(replay, register):
    for _ in range(2):
        replay.add(FTS_PATH, "", Reply(503, {"error": "busy"}))
    waits = []
    for _ in range(2):
        start = timezone.now()
        assert feeds.feed_read(source=Source.FIND_A_TENDER, pause=0).status == "failed"
        state = FeedState.objects.get(source=Source.FIND_A_TENDER)
        waits.append((state.not_before - start).total_seconds())
        FeedState.objects.filter(pk=state.pk).update(not_before=None)
    assert waits[1] > waits[0] >= 60
    assert "503" in state.last_error


def test_a_change_notice_for_a_register_contract_waits_for_review_and_an_unfollowed_buyer_reaches_no_branch(
    replay, register, branch_b
):
    carers = register
    change = contract_change(real_release(PETERBOROUGH_CARERS), new_end="2029-03-31T23:59:59Z", number=0x1B4)
    replay.page(FTS_PATH, "", [change, as_find_a_tender(real_release(UEA_WASTE), number=0x1B5)])

    assert feeds.feed_read(source=Source.FIND_A_TENDER, pause=0).status == "done"

    notice = Notice.objects.get(ocid="ocds-h6vhtk-0001b4")
    assert notice.kind == NoticeKind.CHANGE
    assert notice.notice_id == "000436-2026"
    assert notice.url == "https://www.find-tender.service.gov.uk/Notice/000436-2026"
    item = BranchNotice.objects.get(notice=notice)
    assert item.branch == carers.branch and item.contract == carers and item.matched_by == "title similarity"
    assert item.status == BranchNotice.Status.WAITING and item.proposal == BranchNotice.Proposal.END_DATE
    assert item.proposed_end_date == datetime.date(2029, 3, 31)
    assert item.question() == (
        "Contract change notice for All Age Carers Service sets a new end date of 31 March 2029. Apply it?"
    )
    unfollowed = Notice.objects.get(ocid="ocds-h6vhtk-0001b5")
    assert not unfollowed.branch_notices.exists()
    carers.refresh_from_db()
    assert carers.end_date == datetime.date(2023, 7, 31)


def test_the_next_pass_reads_from_where_the_last_one_ended(replay, register):
    replay.page(FTS_PATH, "", [])
    replay.page(FTS_PATH, "", [])
    feeds.feed_read(source=Source.FIND_A_TENDER, pause=0)
    first_end = FeedState.objects.get(source=Source.FIND_A_TENDER).next_from

    feeds.feed_read(source=Source.FIND_A_TENDER, pause=0)

    first, second = replay.served(FTS_PATH)
    assert second.query["updatedFrom"] == [first_end.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S")]
    assert second.query["updatedFrom"] == first.query["updatedTo"]
    assert second.query["limit"] == ["100"]


def test_contracts_finder_is_asked_for_every_stage_by_publication_date(replay, register):
    replay.page(CF_PATH, "", [])
    feeds.feed_read(source=Source.CONTRACTS_FINDER, pause=0)
    [seen] = replay.log
    assert seen.query["stages"] == ["planning,tender,award,implementation"]
    assert set(seen.query) == {"publishedFrom", "publishedTo", "stages", "limit"}


def test_switched_off_it_asks_nobody(replay, register, settings):
    settings.NOTICES_FETCH_ENABLED = False
    replay.page(CF_PATH, "", [real_release(PETERBOROUGH_CARERS)])
    assert feeds.feed_read(source=Source.CONTRACTS_FINDER).status == "off"
    assert replay.log == [] and not Notice.objects.exists()


def test_a_run_already_reading_the_feed_is_not_joined(replay, register):
    FeedState.objects.create(source=Source.CONTRACTS_FINDER, running_since=timezone.now())
    replay.page(CF_PATH, "", [])
    assert feeds.feed_read(source=Source.CONTRACTS_FINDER).status == "busy"
    assert replay.log == []


def test_retry_after_may_be_seconds_or_an_http_date():
    import email.utils

    in_five_minutes = email.utils.format_datetime(timezone.now() + datetime.timedelta(minutes=5), usegmt=True)
    assert feeds._retry_after("30") == 30
    assert 295 <= feeds._retry_after(in_five_minutes) <= 300
    assert feeds._retry_after(None) == feeds._retry_after("soon") == 120  # Find a Tender's 2-minute window
