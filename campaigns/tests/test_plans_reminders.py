import datetime
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from campaigns.models import Campaign, PlanRow, SentDigest, SentReminder
from campaigns.plans import services
from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory

TODAY = datetime.date(2026, 6, 10)


@pytest.fixture
def campaign(branch_a):
    return CampaignFactory(branch=branch_a, name="Bring cleaning back in-house", reminder_days_before=7)


@pytest.fixture
def sam(campaign):
    return TeamMemberFactory(campaign=campaign, name="Sam Steward", email="sam@example.org")


def _row(campaign, person, days_from_today, **kwargs):
    return PlanRowFactory(
        campaign=campaign, responsible=person, deadline=TODAY + datetime.timedelta(days=days_from_today), **kwargs
    )


@pytest.mark.parametrize(
    ("days", "kind", "subject"),
    [(7, "before", "Coming up"), (3, "before", "Coming up"), (0, "due", "Due today"), (-2, "overdue", "Overdue")],
)
def test_the_responsible_person_is_reminded_at_each_offset(campaign, sam, days, kind, subject):
    row = _row(campaign, sam, days, objective="Map the workforce")

    assert services.plan_reminders_send(today=TODAY) == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert message.subject == f"{subject}: Map the workforce (Bring cleaning back in-house)"
    assert SentReminder.objects.get(plan_row=row).kind == kind
    assert SentReminder.objects.get(plan_row=row).sent_at is not None
    token = services.unsubscribe_token(sam)
    assert reverse("campaigns:reminders_unsubscribe", kwargs={"token": token}) in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_is_sent_before_the_chosen_number_of_days(campaign, sam):
    _row(campaign, sam, 8)
    assert services.plan_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_each_reminder_goes_once_however_often_the_job_runs(campaign, sam):
    _row(campaign, sam, 5)
    _row(campaign, sam, -1)
    assert services.plan_reminders_send(today=TODAY) == 2
    assert services.plan_reminders_send(today=TODAY) == 0
    assert services.plan_reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2


def test_a_row_gets_before_due_and_overdue_reminders_as_the_days_pass(campaign, sam):
    row = _row(campaign, sam, 7)
    for day in range(10):
        services.plan_reminders_send(today=TODAY + datetime.timedelta(days=day))
    assert sorted(SentReminder.objects.filter(plan_row=row).values_list("kind", flat=True)) == [
        "before",
        "due",
        "overdue",
    ]
    assert len(mail.outbox) == 3


def test_moving_the_deadline_earns_fresh_reminders(campaign, sam):
    row = _row(campaign, sam, 0)
    services.plan_reminders_send(today=TODAY)
    PlanRow.objects.filter(pk=row.pk).update(deadline=TODAY + datetime.timedelta(days=2))
    assert services.plan_reminders_send(today=TODAY) == 1


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_done_and_dropped_rows_get_no_reminders(campaign, sam, status):
    _row(campaign, sam, 0, status=status)
    _row(campaign, sam, -3, status=status)
    assert services.plan_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_draft_rows_and_rows_of_closed_campaigns_get_no_reminders(campaign, sam, branch_a):
    _row(campaign, sam, 0, is_draft=True)
    won = CampaignFactory(branch=branch_a, status=Campaign.Status.WON)
    _row(won, TeamMemberFactory(campaign=won), 0)
    assert services.plan_reminders_send(today=TODAY) == 0


def test_people_who_switched_reminders_off_or_have_no_email_get_none(campaign):
    off = TeamMemberFactory(campaign=campaign, reminders_enabled=False)
    no_email = TeamMemberFactory(campaign=campaign, email="")
    _row(campaign, off, 0)
    _row(campaign, no_email, 0)
    _row(campaign, None, 0)
    assert services.plan_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_a_failed_send_releases_the_claim_so_a_retry_sends_it(campaign, sam):
    row = _row(campaign, sam, 0)
    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("down")),
        pytest.raises(OSError),
    ):
        services.plan_reminders_send(today=TODAY)
    assert not SentReminder.objects.filter(plan_row=row).exists()
    assert services.plan_reminders_send(today=TODAY) == 1
    assert len(mail.outbox) == 1


def test_the_unsubscribe_link_asks_first_then_switches_reminders_off(client, campaign, sam):
    url = reverse("campaigns:reminders_unsubscribe", kwargs={"token": services.unsubscribe_token(sam)})
    response = client.get(url)
    assert response.status_code == 200
    assert b"Stop reminders" in response.content
    sam.refresh_from_db()
    assert sam.reminders_enabled

    response = client.post(url)
    assert response.status_code == 200
    sam.refresh_from_db()
    assert not sam.reminders_enabled
    _row(campaign, sam, 0)
    assert services.plan_reminders_send(today=TODAY) == 0


def test_a_tampered_unsubscribe_link_is_refused(client, sam):
    token = services.unsubscribe_token(sam)
    response = client.post(reverse("campaigns:reminders_unsubscribe", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 404
    sam.refresh_from_db()
    assert sam.reminders_enabled


def test_the_weekly_digest_goes_to_the_lead_once_a_week(campaign, sam):
    campaign.lead = sam
    campaign.save()
    _row(campaign, sam, -3, objective="Hold a members' meeting")
    _row(campaign, sam, 5, objective="Leaflet the depot")

    assert services.weekly_digests_send(today=TODAY) == 1
    assert services.weekly_digests_send(today=TODAY + datetime.timedelta(days=2)) == 0
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["sam@example.org"]
    assert "Hold a members' meeting, due 7 June 2026" in body
    assert "Leaflet the depot, due 15 June 2026" in body
    assert services.weekly_digests_send(today=TODAY + datetime.timedelta(days=7)) == 1
    assert SentDigest.objects.count() == 2


def test_no_digest_for_a_lead_who_switched_reminders_off(campaign):
    campaign.lead = TeamMemberFactory(campaign=campaign, reminders_enabled=False)
    campaign.save()
    assert services.weekly_digests_send(today=TODAY) == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_each_reminder_once(branch_a):
    campaign = CampaignFactory(branch=branch_a)
    people = [TeamMemberFactory(campaign=campaign) for _ in range(5)]
    rows = [_row(campaign, people[i % 5], (i % 10) - 3) for i in range(200)]
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(services.plan_reminders_send(today=TODAY, batch_size=20))
        except Exception as exc:  # surfaced in the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(results) == len(rows)
    assert len(mail.outbox) == len(rows)
    assert SentReminder.objects.filter(sent_at__isnull=False).count() == len(rows)
    recipients_by_row = {}
    for message in mail.outbox:
        recipients_by_row.setdefault(message.subject, []).append(message.to[0])
    assert all(len(to) == 1 for to in recipients_by_row.values())


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_reminder_job_and_the_mail_goes_once(celery_worker, branch_a):
    from django.utils import timezone

    from campaigns.plans.tasks import send_plan_reminders
    from conftest import wait_for

    campaign = CampaignFactory(branch=branch_a, name="Bring cleaning back in-house")
    person = TeamMemberFactory(campaign=campaign, email="worker-test@example.org")
    row = PlanRowFactory(
        campaign=campaign, responsible=person, objective="Book the hall", deadline=timezone.localdate()
    )
    send_plan_reminders.delay()
    send_plan_reminders.delay()

    wait_for(lambda: SentReminder.objects.filter(plan_row=row, sent_at__isnull=False).exists(), message="a reminder")

    def both_runs_finished():
        lines = celery_worker.log().splitlines()
        return sum("campaigns.tasks.send_plan_reminders[" in line and "succeeded" in line for line in lines) >= 2

    wait_for(both_runs_finished, message="both reminder jobs to finish")
    mails = [m for m in celery_worker.sent_mail() if "Due today: Book the hall" in m]
    assert len(mails) == 1
    assert SentReminder.objects.filter(plan_row=row).count() == 1
