import datetime
import re
import threading
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign, PlanRow, SentDigest, SentReminder
from campaigns.plans import services
from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory
from insourcing.emails import site_domain

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
    assert message.extra_headers["List-Id"] == f"UNISON Insourcing plan reminders <plan-reminders.{site_domain()}>"


def test_one_email_per_person_per_run_lists_every_row_due_overdue_or_coming_up(campaign, sam):
    _row(campaign, sam, -2, objective="Hold a members' meeting", task="Book the canteen.")
    _row(campaign, sam, 0, objective="Book the hall")
    _row(campaign, sam, 3, objective="Leaflet the depot")
    _row(campaign, sam, 30, objective="Far off")
    jo = TeamMemberFactory(campaign=campaign, name="Jo Cleaner", email="jo@example.org")
    _row(campaign, jo, 0, objective="Petition the council")

    assert services.plan_reminders_send(today=TODAY) == 2

    by_person = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_person) == ["jo@example.org", "sam@example.org"]
    to_sam = by_person["sam@example.org"]
    assert to_sam.subject == ("3 campaign tasks: 1 overdue, 1 due today, 1 coming up (Bring cleaning back in-house)")
    body = to_sam.body
    assert body.index("Overdue") < body.index("Hold a members' meeting") < body.index("Due today")
    assert body.index("Due today") < body.index("Book the hall") < body.index("Coming up")
    assert body.index("Coming up") < body.index("Leaflet the depot")
    assert "What to do: Book the canteen." in body
    assert "Far off" not in body
    assert by_person["jo@example.org"].subject == "Due today: Petition the council (Bring cleaning back in-house)"
    assert SentReminder.objects.filter(sent_at__isnull=False).count() == 4
    assert services.plan_reminders_send(today=TODAY) == 0


def test_someone_without_an_account_gets_their_private_task_page_and_can_reply_to_the_lead(
    client, campaign, sam, alice
):
    campaign.lead = TeamMemberFactory(campaign=campaign, name="Alice Officer", email="alice@example.org", user=alice)
    campaign.save()
    _row(campaign, sam, 0, objective="Book the hall", task="Ask the caretaker.")

    services.plan_reminders_send(today=TODAY)

    [message] = mail.outbox
    assert message.reply_to == ["alice@example.org"]
    assert "reply to this email to reach Alice Officer" in message.body
    sam.refresh_from_db()
    page_url = reverse("campaigns:member_tasks", kwargs={"token": sam.tasks_token})
    assert page_url in message.body
    assert "/campaigns/" + str(campaign.pk) not in message.body  # no login-only plan link
    page = client.get(page_url)
    assert page.status_code == 200
    assert b"Book the hall" in page.content and b"Ask the caretaker." in page.content
    assert page["X-Robots-Tag"] == "noindex"


def test_someone_with_an_account_is_sent_to_the_plan(campaign, alice):
    member = TeamMemberFactory(campaign=campaign, email="alice@example.org", user=alice)
    _row(campaign, member, 0)
    services.plan_reminders_send(today=TODAY)
    [message] = mail.outbox
    assert campaign.get_absolute_url() in message.body
    assert "/campaigns/tasks/" not in message.body
    member.refresh_from_db()
    assert member.tasks_token is None


def test_nothing_is_sent_before_the_chosen_number_of_days(campaign, sam):
    _row(campaign, sam, 8)
    assert services.plan_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_each_reminder_goes_once_however_often_the_job_runs(campaign, sam):
    _row(campaign, sam, 5)
    _row(campaign, sam, -1)
    assert services.plan_reminders_send(today=TODAY) == 1
    assert services.plan_reminders_send(today=TODAY) == 0
    assert services.plan_reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    assert SentReminder.objects.filter(sent_at__isnull=False).count() == 2


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


def test_the_unsubscribe_link_asks_first_then_switches_reminders_off(campaign, sam):
    client = Client(enforce_csrf_checks=True)
    url = reverse("campaigns:reminders_unsubscribe", kwargs={"token": services.unsubscribe_token(sam)})
    response = client.get(url)
    assert response.status_code == 200
    assert b"Stop reminders" in response.content
    sam.refresh_from_db()
    assert sam.reminders_enabled

    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content).group(1).decode()
    response = client.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    sam.refresh_from_db()
    assert not sam.reminders_enabled
    _row(campaign, sam, 0)
    assert services.plan_reminders_send(today=TODAY) == 0


def test_one_click_unsubscribe_works_from_a_mail_provider_without_a_csrf_token(campaign, sam):
    """RFC 8058: Gmail and Yahoo POST `List-Unsubscribe=One-Click` to the header's URL, with no cookie or token."""
    _row(campaign, sam, 0)
    services.plan_reminders_send(today=TODAY)
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    sam.refresh_from_db()
    assert not sam.reminders_enabled


def test_any_other_post_to_the_unsubscribe_link_still_needs_the_csrf_token(sam):
    url = reverse("campaigns:reminders_unsubscribe", kwargs={"token": services.unsubscribe_token(sam)})
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "Something-Else"})
    assert response.status_code == 403
    sam.refresh_from_db()
    assert sam.reminders_enabled


def test_a_tampered_unsubscribe_link_is_refused(sam):
    token = services.unsubscribe_token(sam)
    response = Client(enforce_csrf_checks=True).post(
        reverse("campaigns:reminders_unsubscribe", kwargs={"token": token[:-2] + "xx"}),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
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
    # One email per person, holding all of their rows: no row in two emails, no person split between runs.
    assert sum(results) == len(people)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert SentReminder.objects.filter(sent_at__isnull=False).count() == len(rows)
    for person in people:
        [message] = [m for m in mail.outbox if m.to == [person.email]]
        assert message.subject.startswith(f"{sum(r.responsible_id == person.pk for r in rows)} campaign tasks")


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


def test_an_officer_revokes_the_task_page_link_and_the_next_reminder_brings_a_new_one(client, alice, campaign, sam):
    _row(campaign, sam, 0)
    services.plan_reminders_send(today=TODAY)
    sam.refresh_from_db()
    old = reverse("campaigns:member_tasks", kwargs={"token": sam.tasks_token})
    assert client.head(old).status_code == 200

    client.force_login(alice)
    assert client.get(reverse("campaigns:team_member_tasks_link", kwargs={"pk": sam.pk})).status_code == 405
    response = client.post(reverse("campaigns:team_member_tasks_link", kwargs={"pk": sam.pk}))
    assert response.status_code == 302
    client.logout()
    sam.refresh_from_db()
    assert sam.tasks_token is None
    assert client.get(old).status_code == 404

    _row(campaign, sam, 1)
    services.plan_reminders_send(today=TODAY)
    sam.refresh_from_db()
    assert reverse("campaigns:member_tasks", kwargs={"token": sam.tasks_token}) in mail.outbox[-1].body


def test_an_organiser_cannot_revoke_a_task_page_link(client, olive, campaign, sam):
    sam.ensure_tasks_token()
    client.force_login(olive)
    assert client.post(reverse("campaigns:team_member_tasks_link", kwargs={"pk": sam.pk})).status_code == 403
    sam.refresh_from_db()
    assert sam.tasks_token


def test_the_task_page_shows_only_that_persons_accepted_rows(client, campaign, sam):
    _row(campaign, sam, -1, objective="Mine and late")
    _row(campaign, sam, 1, objective="Mine draft", is_draft=True)
    _row(campaign, TeamMemberFactory(campaign=campaign), 1, objective="Someone else's")
    page = client.get(reverse("campaigns:member_tasks", kwargs={"token": sam.ensure_tasks_token()}))
    content = page.content.decode()
    assert "Mine and late" in content and "Overdue" in content
    assert "Mine draft" not in content and "Someone else's" not in content
    assert client.get(reverse("campaigns:member_tasks", kwargs={"token": "nope"})).status_code == 404
    assert client.post(reverse("campaigns:member_tasks", kwargs={"token": sam.tasks_token})).status_code == 405


@pytest.mark.parametrize("rows", [1, 500])
def test_the_private_task_page_reads_the_same_number_of_queries_for_1_and_500_rows(
    client, campaign, sam, rows, django_assert_max_num_queries
):
    PlanRow.objects.bulk_create(
        PlanRow(campaign=campaign, objective=f"Task {n}", responsible=sam, deadline=TODAY, position=n)
        for n in range(rows)
    )
    url = reverse("campaigns:member_tasks", kwargs={"token": sam.ensure_tasks_token()})
    client.get(url)  # the first request of a client does once-only work
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
