"""Claim before acting (insourcing.claims): of any number of concurrent callers exactly one wins, and every job
that must act once claims through it, so a second run, a redelivered task or a double click does nothing."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections, transaction

from conftest import wait_for
from contracts.foi import services as foi_services
from contracts.imports import jobs as import_jobs
from contracts.models import FoIRepeat, FoIRequest, ImportJob, LetterKind, PublicAuthority
from contracts.tests.access_cases_imports import apply_job, make_job
from contracts.tests.factories import make_foi, make_sent_foi
from insourcing import claims
from insourcing.models import GeneratedDocument
from insourcing.tests.factories import GeneratedDocumentFactory
from surveys.models import Survey
from surveys.services import survey_raw_delete
from surveys.tests.factories import answer_randomly, make_survey

D = datetime.date
Status = GeneratedDocument.Status


def _claim_rendering(pk: int) -> bool:
    return claims.claim(GeneratedDocument.objects.filter(status=Status.QUEUED), pk=pk, status=Status.RENDERING)


def _race(callers: int, attempt) -> list[bool]:
    """Run `attempt()` in `callers` threads released together, each on its own connection; their results."""
    barrier = threading.Barrier(callers)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=20)
            results.append(attempt())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


def _waiting_on_a_row_lock() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_second_caller_waits_for_the_first_claim_to_commit_and_then_loses(branch_a):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's re-check of a waiting UPDATE is what is under test: run on PostgreSQL (make test)")
    document = GeneratedDocumentFactory(branch=branch_a)
    first_claimed, second_waiting = threading.Event(), threading.Event()
    results, errors = {}, []

    def first():
        try:
            with transaction.atomic():
                results["first"] = _claim_rendering(document.pk)
                first_claimed.set()
                # Hold the claim uncommitted until the second caller is blocked on the same row.
                assert second_waiting.wait(timeout=20), "the second caller never reached the row"
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            first_claimed.set()
            connection.close()  # each thread had its own connection

    def second():
        try:
            first_claimed.wait(timeout=20)
            results["second"] = _claim_rendering(document.pk)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    wait_for(lambda: _waiting_on_a_row_lock() >= 1, timeout=20, message="the second UPDATE to wait for the first")
    second_waiting.set()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert results == {"first": True, "second": False}
    assert GeneratedDocument.objects.get(pk=document.pk).status == Status.RENDERING


@pytest.mark.django_db(transaction=True)
def test_of_many_concurrent_callers_exactly_one_wins(branch_a):
    if connection.vendor != "postgresql":
        pytest.skip("run on PostgreSQL (make test)")
    document = GeneratedDocumentFactory(branch=branch_a)
    results = _race(6, lambda: _claim_rendering(document.pk))
    assert sorted(results) == [False] * 5 + [True]


@pytest.mark.django_db
def test_a_claim_rolled_back_with_its_failed_action_is_won_by_the_next_run(branch_a):
    document = GeneratedDocumentFactory(branch=branch_a)
    with pytest.raises(ConnectionError), transaction.atomic():
        assert _claim_rendering(document.pk)
        raise ConnectionError("the mail server is down")
    assert GeneratedDocument.objects.get(pk=document.pk).status == Status.QUEUED
    assert _claim_rendering(document.pk)
    assert not _claim_rendering(document.pk)


@pytest.mark.django_db
def test_a_claim_that_changes_nothing_is_refused(branch_a):
    document = GeneratedDocumentFactory(branch=branch_a)
    with pytest.raises(ValueError, match="must change the row"):
        claims.claim(GeneratedDocument.objects.all(), pk=document.pk)


# ------------------------------------------------------------------ every job that must act once claims through it


@pytest.fixture
def claims_made(monkeypatch):
    """(model, won) for each claim made, through the real helper."""
    made = []
    real = claims.claim

    def spy(rows, **kwargs):
        won = real(rows, **kwargs)
        made.append((rows.model, won))
        return won

    monkeypatch.setattr(claims, "claim", spy)
    return made


@pytest.mark.django_db
def test_sending_a_request_claims_the_draft_so_a_double_click_sends_one_letter(claims_made, alice, branch_a):
    foi = make_foi(branch_a, alice)
    stale = FoIRequest.objects.get(pk=foi.pk)  # the second click's copy, loaded before the first was sent
    foi_services.foi_request_send(foi=foi, user=alice, method=FoIRequest.SentBy.APP_EMAIL)
    with pytest.raises(foi_services.FoIError, match="already been sent"):
        foi_services.foi_request_send(foi=stale, user=alice, method=FoIRequest.SentBy.APP_EMAIL)
    assert claims_made == [(FoIRequest, True), (FoIRequest, False)]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_asking_for_a_review_claims_the_request_so_a_double_click_asks_once(claims_made, alice, branch_a):
    foi = make_sent_foi(branch_a, alice)
    stale = FoIRequest.objects.get(pk=foi.pk)
    claims_made.clear()  # sending it was a claim too
    body = foi_services.follow_up_body(foi, LetterKind.INTERNAL_REVIEW)
    foi_services.foi_review_request(foi=foi, body=body, method=FoIRequest.SentBy.POST, requested_on=D(2026, 4, 1))
    with pytest.raises(foi_services.FoIError, match="already been requested"):
        foi_services.foi_review_request(
            foi=stale, body="Changed my mind", method=FoIRequest.SentBy.POST, requested_on=D(2026, 4, 2)
        )
    assert claims_made == [(FoIRequest, True), (FoIRequest, False)]
    foi.refresh_from_db()
    assert (foi.review_requested_on, foi.review_body) == (D(2026, 4, 1), body)


@pytest.mark.django_db
def test_the_reminder_job_claims_each_reminder_and_repeat(claims_made, alice, branch_a):
    foi = make_sent_foi(branch_a, alice, sent_on=D(2026, 3, 2))  # due 31 March 2026
    FoIRepeat.objects.create(
        request=foi,
        contract=foi.contracts.get(),
        decision_date=D(2026, 10, 1),
        months_before=6,
        scheduled_for=D(2026, 4, 1),
    )
    claims_made.clear()  # sending it was a claim too
    assert foi_services.foi_reminders_send(today=D(2026, 4, 1)) == {"overdue": 1, "review_due": 0, "repeats": 1}
    assert foi_services.foi_reminders_send(today=D(2026, 4, 1)) == {"overdue": 0, "review_due": 0, "repeats": 0}
    assert sorted(claims_made, key=lambda c: c[0].__name__) == [(FoIRepeat, True), (FoIRequest, True)]


@pytest.mark.django_db
def test_deleting_expired_answers_claims_the_survey_so_a_second_run_deletes_nothing(claims_made, alice, branch_a):
    survey = make_survey(branch_a, alice, open_it=True)
    answer_randomly(survey, 5)
    survey_raw_delete(survey=survey)
    snapshot = Survey.objects.get(pk=survey.pk).snapshot.data
    survey_raw_delete(survey=survey)  # a second run, from a survey loaded before the first finished
    assert claims_made == [(Survey, True), (Survey, False)]
    assert Survey.objects.get(pk=survey.pk).snapshot.data == snapshot


@pytest.mark.django_db
def test_an_import_step_and_its_file_deletion_are_claimed_so_a_second_run_does_nothing(claims_made, alice, branch_a):
    applied_on = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(applied_on, tick=False):
        authority = PublicAuthority.objects.create(branch=branch_a, name="Demo City Council")
        job = apply_job(make_job(branch_a, alice, authority=authority), user=alice, all_or_nothing=True)
    assert job.status == ImportJob.Status.APPLIED
    assert import_jobs.import_job_run(job.pk) == "skipped"  # a redelivered message: the job is finished
    steps = [won for model, won in claims_made if model is ImportJob]
    assert steps and all(steps)  # each step of the import was claimed once, and won
    claims_made.clear()
    with time_machine.travel(applied_on + datetime.timedelta(days=30), tick=False):
        assert import_jobs.import_files_delete_expired() == 1
        assert import_jobs.import_files_delete_expired() == 0
    assert claims_made == [(ImportJob, True)]


@pytest.mark.django_db(transaction=True)
def test_of_many_concurrent_inserting_claims_exactly_one_wins(branch_a):
    """A claim for something with no row yet (one digest per campaign and week) is won by one insert only."""
    from campaigns.plans.models import SentDigest
    from campaigns.tests.factories import CampaignFactory

    campaign = CampaignFactory(branch=branch_a)
    week_of = datetime.date(2027, 3, 15)
    results = _race(
        6,
        lambda: bool(
            claims.claim_new(
                SentDigest, [{"campaign": campaign.pk, "week_of": week_of}], unique=("campaign", "week_of")
            )
        ),
    )
    assert sorted(results) == [False] * 5 + [True]
    assert SentDigest.objects.filter(campaign=campaign, week_of=week_of).count() == 1
