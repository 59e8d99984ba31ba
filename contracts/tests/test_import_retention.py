"""Uploaded import files are deleted IMPORT_FILE_RETENTION_DAYS after their import finished; the results stay."""

import datetime
import re

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse

from conftest import wait_for
from contracts.imports.jobs import import_files_delete_expired, import_job_run
from contracts.models import ImportJob, PublicAuthority
from contracts.tasks import delete_old_import_files
from contracts.tests.access_cases_imports import CSV, apply_job, make_job

pytestmark = pytest.mark.django_db
BAD_ROW = b"Contract reference,Title,End date\nR1,Cleaning,31/03/2030\n,,31/03/2031\n"  # row 3 names no contract
APPLIED_ON = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def _job(branch, user, data: bytes = CSV) -> ImportJob:
    authority = PublicAuthority.objects.get_or_create(branch=branch, name="Demo City Council")[0]
    return make_job(branch, user, data, authority=authority)


def _applied_job(branch, user) -> ImportJob:
    with time_machine.travel(APPLIED_ON, tick=False):
        job = apply_job(_job(branch, user), user=user, all_or_nothing=True)
    assert job.status == ImportJob.Status.APPLIED
    return job


def test_applying_starts_the_files_clock_and_a_new_dry_run_stops_it(alice_client, branch_a, alice):
    job = _job(branch_a, alice, BAD_ROW)
    assert job.finished_at is None
    with time_machine.travel(APPLIED_ON, tick=False):
        job = apply_job(job, user=alice, all_or_nothing=True)
    assert (job.status, job.finished_at) == (ImportJob.Status.NOT_APPLIED, APPLIED_ON)
    assert job.file_deletion_due == APPLIED_ON + datetime.timedelta(days=30)
    alice_client.post(reverse("contracts:import_check", kwargs={"pk": job.pk}))
    import_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.finished_at, job.file_deletion_due) == (ImportJob.Status.CHECKED, None, None)


def test_files_of_imports_finished_over_the_retention_period_are_deleted_and_results_kept(branch_a, alice):
    job = _applied_job(branch_a, alice)
    name, summary, report = job.file.name, job.summary, job.report
    assert default_storage.exists(name)
    with time_machine.travel(APPLIED_ON + datetime.timedelta(days=30, seconds=-1), tick=False):
        assert import_files_delete_expired() == 0
    assert default_storage.exists(name)
    with time_machine.travel(APPLIED_ON + datetime.timedelta(days=30), tick=False):
        assert import_files_delete_expired() == 1
        assert import_files_delete_expired() == 0
    job.refresh_from_db()
    assert not default_storage.exists(name)
    assert (job.file.name, job.file_deleted_at) == ("", APPLIED_ON + datetime.timedelta(days=30))
    assert (job.status, job.summary, job.report) == (ImportJob.Status.APPLIED, summary, report)


def test_imports_in_progress_keep_their_file_however_old(branch_a, alice):
    with time_machine.travel(APPLIED_ON, tick=False):
        job = make_job(branch_a, alice)
    with time_machine.travel(APPLIED_ON + datetime.timedelta(days=400), tick=False):
        assert import_files_delete_expired() == 0
    assert default_storage.exists(job.file.name)


def test_the_retention_period_comes_from_the_setting(branch_a, alice, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 7
    job = _applied_job(branch_a, alice)
    with time_machine.travel(APPLIED_ON + datetime.timedelta(days=7), tick=False):
        assert import_files_delete_expired() == 1
    assert not default_storage.exists(job.file.name)


def test_the_import_page_says_when_the_file_will_be_and_was_deleted(alice_client, branch_a, alice):
    job = _applied_job(branch_a, alice)
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert "Kept until 1 April 2026 (30 days after the import finished), then deleted." in page
    with time_machine.travel(APPLIED_ON + datetime.timedelta(days=31), tick=False):
        import_files_delete_expired()
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert "Deleted on 2 April 2026, 30 days after the import finished. The results below are kept." in page
    assert "Office cleaning" in page  # the row report stays


def test_an_import_in_progress_says_its_file_is_kept_until_it_finishes(alice_client, branch_a, alice):
    job = make_job(branch_a, alice)
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert "Kept while the import is in progress, then deleted 30 days after it finishes." in page


def test_a_dry_run_of_a_deleted_file_asks_for_the_file_again_and_changes_nothing(alice_client, branch_a, alice):
    with time_machine.travel(APPLIED_ON, tick=False):
        job = apply_job(_job(branch_a, alice, BAD_ROW), user=alice, all_or_nothing=True)
    with time_machine.travel(APPLIED_ON + datetime.timedelta(days=31), tick=False):
        import_files_delete_expired()
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert "Run the dry run again" not in page
    for name in ("import_check", "import_mapping"):
        response = alice_client.post(reverse(f"contracts:{name}", kwargs={"pk": job.pk}), follow=True)
        assert "The uploaded file has been deleted" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.NOT_APPLIED


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_on_a_real_worker_deletes_old_files(celery_worker, branch_a, alice):
    job = _applied_job(branch_a, alice)  # in March: long past its 30 days
    name = job.file.name
    delete_old_import_files.delay()

    def finished() -> bool:
        return bool(re.search(r"delete_old_import_files\[[^\]]+\] succeeded in [\d.]+s: 1\b", celery_worker.log()))

    wait_for(finished, message="the retention task")
    job.refresh_from_db()
    assert (job.file.name, job.status) == ("", ImportJob.Status.APPLIED)
    assert job.file_deleted_at is not None
    assert not default_storage.exists(name)
