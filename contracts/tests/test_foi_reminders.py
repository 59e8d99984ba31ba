"""The hourly reminder job: each overdue reply and due internal review is emailed to its owner exactly once."""

import datetime
import re
import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from conftest import wait_for
from contracts.foi import services
from contracts.models import FoIRequest
from contracts.tasks import send_foi_reminders
from contracts.tests.factories import make_sent_foi

D = datetime.date
Status = FoIRequest.Status


@pytest.mark.django_db
def test_an_overdue_request_is_reminded_once_when_the_job_runs_twice(alice, branch_a):
    foi = make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))  # due 31 March 2026
    assert services.foi_reminders_send(today=D(2026, 3, 31))["overdue"] == 0
    assert mail.outbox == []
    assert services.foi_reminders_send(today=D(2026, 4, 1))["overdue"] == 1
    assert services.foi_reminders_send(today=D(2026, 4, 1))["overdue"] == 0
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == f"FoI reply overdue: {foi.reference} to Demo City Council"
    assert "The reply was due by 31 March 2026" in message.body
    foi.refresh_from_db()
    assert foi.status == Status.OVERDUE
    assert foi.overdue_reminded_at is not None


@pytest.mark.django_db
def test_answered_and_paused_requests_are_not_reminded(alice, branch_a):
    answered = make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))
    FoIRequest.objects.filter(pk=answered.pk).update(status=Status.ANSWERED)
    paused = make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))
    services.foi_request_record_event(foi=paused, event=services.Event.CLARIFICATION_ASKED, on=D(2026, 3, 5))
    assert services.foi_reminders_send(today=D(2026, 6, 1))["overdue"] == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_internal_review_reply_is_reminded_once_on_its_due_date(alice, branch_a):
    foi = make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))
    services.foi_review_request(
        foi=foi, body="Please review.", method=FoIRequest.SentBy.POST, requested_on=D(2026, 4, 1)
    )
    foi.refresh_from_db()
    assert foi.review_due_on == D(2026, 5, 1)
    assert services.foi_reminders_send(today=D(2026, 4, 30))["review_due"] == 0
    assert services.foi_reminders_send(today=D(2026, 5, 1))["review_due"] == 1
    assert services.foi_reminders_send(today=D(2026, 5, 4))["review_due"] == 0
    [message] = mail.outbox
    assert message.subject == f"Internal review reply due: {foi.reference} to Demo City Council"
    assert "due by 1 May 2026" in message.body


@pytest.mark.django_db
def test_a_failed_email_leaves_the_reminder_for_the_next_run(alice, branch_a, monkeypatch):
    make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(services.emails, "send", broken)
    with pytest.raises(ConnectionError):
        services.foi_reminders_send(today=D(2026, 4, 1))
    assert FoIRequest.objects.get().overdue_reminded_at is None
    monkeypatch.undo()
    assert services.foi_reminders_send(today=D(2026, 4, 1))["overdue"] == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_the_reminder_once(alice, branch_a, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locking is what is under test: run on PostgreSQL (make test)")
    make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))
    make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 3))
    real_send = services.emails.send

    def slow_send(*args, **kwargs):
        time.sleep(0.3)  # holds the claimed row while the other run tries it
        real_send(*args, **kwargs)

    monkeypatch.setattr(services.emails, "send", slow_send)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(services.foi_reminders_send(today=D(2026, 4, 10))["overdue"])
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results) in ([0, 2], [1, 1])
    assert len(mail.outbox) == 2
    assert FoIRequest.objects.filter(status=Status.OVERDUE, overdue_reminded_at__isnull=False).count() == 2


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_beat_task_on_a_real_worker_reminds_once(celery_worker, alice, branch_a):
    def runs_finished() -> int:
        return len(re.findall(r"send_foi_reminders\[[^\]]+\] succeeded", celery_worker.log()))

    before, finished_before = len(celery_worker.sent_mail()), runs_finished()
    foi = make_sent_foi(branch_a, alice, sent_on=timezone.localdate() - datetime.timedelta(days=60))
    send_foi_reminders.delay()
    wait_for(lambda: len(celery_worker.sent_mail()) > before, message="the overdue reminder")
    send_foi_reminders.delay()
    wait_for(lambda: runs_finished() >= finished_before + 2, message="both runs to finish")
    new_mail = celery_worker.sent_mail()[before:]
    assert len(new_mail) == 1
    assert f"FoI reply overdue: {foi.reference}" in new_mail[0]
    assert "alice@example.org" in new_mail[0]
    foi.refresh_from_db()
    assert foi.status == Status.OVERDUE


@pytest.mark.django_db
def test_the_overdue_reminder_links_to_the_request_at_the_sites_address(alice, branch_a, settings):
    settings.SITE_URL = "https://insourcing.example.org"
    foi = make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))
    services.foi_reminders_send(today=D(2026, 4, 1))
    [message] = mail.outbox
    link = f"https://insourcing.example.org{foi.get_absolute_url()}"
    assert link in message.body
    html, _ = message.alternatives[0]
    assert f'href="{link}"' in html


@pytest.mark.django_db
def test_without_site_url_reminder_links_use_the_first_allowed_host(alice, branch_a, settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = [".unison-branch.example", "other.example"]
    foi = make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))
    services.foi_reminders_send(today=D(2026, 4, 1))
    [message] = mail.outbox
    assert f"https://unison-branch.example{foi.get_absolute_url()}" in message.body
