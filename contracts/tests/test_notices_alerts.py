"""The officers' daily email of new notices and the dashboard's lines."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contracts.notices import services
from contracts.notices.models import BranchNotice, NoticeAlert, NoticeDigest, NoticeKind
from insourcing.tests.factories import make_officer

from .notices_helpers import make_award_for, make_change_for, make_notice

pytestmark = pytest.mark.django_db


def test_each_officer_gets_one_email_a_day_and_each_notice_once(alice, amy, branch_a, branch_a2, bob):
    second = make_officer(branch_a, email="second@example.org")
    make_change_for(branch_a)
    today = timezone.localdate()

    assert services.notice_alerts_send(today=today) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "second@example.org"]
    [to_alice] = [m for m in mail.outbox if m.to == [alice.email]]
    assert "new end date 31 March 2029: apply?" in to_alice.body
    assert f"/branches/{branch_a.slug}/notices/" in to_alice.body

    make_award_for(branch_a)  # arrives later the same day
    assert services.notice_alerts_send(today=today) == 0
    assert len(mail.outbox) == 2

    mail.outbox.clear()
    assert services.notice_alerts_send(today=today + datetime.timedelta(days=1)) == 2
    tomorrow = [m for m in mail.outbox if m.to == [second.email]][0]
    assert "SODEXO LIMITED" in tomorrow.body and "31 March 2029" not in tomorrow.body  # only what is new to them
    assert NoticeAlert.objects.filter(user=alice).count() == 2


def test_a_failed_send_gives_the_claims_back_for_the_next_run(alice, branch_a, monkeypatch):
    make_change_for(branch_a)
    real = services._alert_message

    def broken(*args):
        message = real(*args)
        monkeypatch.setattr(message, "send", lambda: (_ for _ in ()).throw(ConnectionError("SMTP down")))
        return message

    monkeypatch.setattr(services, "_alert_message", broken)
    with pytest.raises(ConnectionError):
        services.notice_alerts_send()
    assert not NoticeDigest.objects.exists() and not NoticeAlert.objects.exists()

    monkeypatch.setattr(services, "_alert_message", real)
    assert services.notice_alerts_send() == 1
    assert len(mail.outbox) == 1


def test_dismissed_notices_are_not_emailed(alice, branch_a):
    item = make_change_for(branch_a)
    services.branch_notice_dismiss(item=item, user=alice)
    assert services.notice_alerts_send() == 0
    assert mail.outbox == []


def test_the_dashboard_shows_waiting_moved_and_new_tenders(alice_client, alice, branch_a):
    moved = make_change_for(branch_a)
    services.branch_notice_apply(item=moved, user=alice)
    make_award_for(branch_a)
    tender = make_notice(number=900, kind=NoticeKind.TENDER, title="School catering")
    BranchNotice.objects.create(branch=branch_a, notice=tender, status=BranchNotice.Status.NOTED)

    page = alice_client.get(reverse("dashboard")).content.decode()

    lines = page[page.index('id="notice-lines"') :]
    assert "1 notice waiting for review" in lines
    assert "1 contract whose end date a notice moved" in lines
    assert "1 new tender from authorities you follow" in lines


def test_the_email_asks_only_about_what_still_waits_and_names_who_applied_the_rest(alice, branch_a):
    """The walk-through's email asked "…: apply?" of a notice an officer had already applied."""
    pat = make_officer(branch_a, email="pat@example.org", full_name="Pat Officer")
    applied = make_change_for(branch_a)
    dismissed = make_award_for(branch_a)
    tender = make_notice(number=901, kind=NoticeKind.TENDER, title="School catering")
    waiting = BranchNotice.objects.create(
        branch=branch_a,
        notice=tender,
        contract=applied.contract,
        proposal=BranchNotice.Proposal.END_DATE,
        proposed_end_date=datetime.date(2030, 1, 31),
    )
    services.branch_notice_apply(item=applied, user=pat)
    services.branch_notice_dismiss(item=dismissed, user=pat)

    services.notice_alerts_send()

    [to_alice] = [m for m in mail.outbox if m.to == [alice.email]]
    html = to_alice.alternatives[0][0]
    for body in (to_alice.body, html):
        assert body.count("apply?") == 1 and "new end date 31 January 2030: apply?" in body
        assert "To review: " in body
        assert "Already applied to the register by Pat Officer on " in body
        assert "new end date 31 March 2029: apply?" not in body
        assert "SODEXO" not in body and "Routine Grounds Maintenance" not in body  # dismissed before the email
        assert "Hello Alice Officer," in body and "alice@example.org" not in body
    assert waiting.notice.label in to_alice.body


def test_the_dashboard_counts_link_to_the_queue(alice_client, alice, branch_a):
    moved = make_change_for(branch_a)
    services.branch_notice_apply(item=moved, user=alice)
    make_award_for(branch_a)
    page = alice_client.get(reverse("dashboard")).content.decode()
    lines = page[page.index('id="notice-lines"') :]
    queue = reverse("notices:review", args=[branch_a.slug])
    assert f'<a href="{queue}#waiting-heading">1 notice waiting for review</a>' in lines
    assert f'<a href="{queue}#recent-heading">1 contract whose end date a notice moved</a>' in lines
