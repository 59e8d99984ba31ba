"""The browser's import pages: upload, column mapping with preview, dry run, apply."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from contracts.imports.jobs import import_job_run
from contracts.models import Contract, ImportJob, ImportMapping, PublicAuthority
from contracts.tests.access_cases_imports import make_job
from insourcing.models import OutboxMessage

ODD_HEADERS = (
    "contract_number,title_of_agreement,Contractor,annual_contract_value,validity_start,validity_end,"
    "Contact email\n"
    'CN-001,Office cleaning,Brightwork Facilities Ltd,"£1,234.56",01/04/2024,31/03/2029,jo@council.example\n'
    # No reference and no title: nothing identifies the row, so it is the one error (the bad date alone is not).
    ",,Crumbs Catering Ltd,£250000,01-Apr-2023,not a date,sam@council.example\n"
).encode()


def _upload(client, branch, data, name="register.csv", **extra):
    return client.post(
        reverse("contracts:import_upload", kwargs={"slug": branch.slug}),
        {"file": SimpleUploadedFile(name, data), **extra},
    )


def _work(job: ImportJob, user=None, **options) -> ImportJob:
    """What the worker does with the queued step (tests/test_import_worker.py runs the real one)."""
    import_job_run(job.pk, user.pk if user else None, **options)
    job.refresh_from_db()
    return job


def test_upload_only_stores_the_file_and_queues_the_worker(alice_client, alice, branch_a):
    response = _upload(alice_client, branch_a, ODD_HEADERS, new_authority="Demo City Council")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.branch, job.uploaded_by, job.authority.name) == (branch_a, alice, "Demo City Council")
    assert job.file.name.startswith(f"imports/{branch_a.pk}/")
    # Nothing read in the request: no format, no headers, waiting for the worker, which is queued in the outbox.
    assert (job.status, job.file_format, job.headers, job.progress) == ("uploaded", "", [], 0)
    assert OutboxMessage.objects.get().args[0] == job.pk
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert 'id="import-progress"' in page and "Cancel the import and delete the file" in page


def test_the_worker_guesses_the_mapping_and_the_progress_poll_moves_on_to_it(alice_client, alice, branch_a):
    _upload(alice_client, branch_a, ODD_HEADERS, new_authority="Demo City Council")
    job = _work(ImportJob.objects.get())
    assert job.status == ImportJob.Status.READ
    assert job.mapping == {
        "contract_number": "reference",
        "title_of_agreement": "service",
        "contractor": "provider_name",
        "annual_contract_value": "annual_value",
        "validity_start": "start_date",
        "validity_end": "end_date",
    }
    assert job.preview["rows"][0][2] == "Brightwork Facilities Ltd"
    poll = alice_client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert poll["HX-Redirect"] == reverse("contracts:import_mapping", kwargs={"pk": job.pk})
    assert not Contract.objects.exists()


def test_an_officer_who_arrives_after_the_worker_has_read_the_file_goes_straight_to_the_mapping(
    alice_client, alice, olive, branch_a
):
    """The worker can be quicker than the browser's redirect after the upload: no page that waits for nothing."""
    _upload(alice_client, branch_a, ODD_HEADERS, new_authority="Demo City Council")
    job = _work(ImportJob.objects.get())
    mapping = reverse("contracts:import_mapping", kwargs={"pk": job.pk})
    assert alice_client.get(job.get_absolute_url()).url == mapping
    organiser = Client()
    organiser.force_login(olive)
    assert organiser.get(job.get_absolute_url()).status_code == 200  # an organiser only reads: no mapping to do


def test_upload_over_the_size_limit_is_refused_with_the_limits_stated(alice_client, branch_a, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    response = _upload(alice_client, branch_a, b"a,b\n" + b"x,y\n" * 400)
    assert response.status_code == 200
    assert "Each file can be at most 1 KB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_unreadable_upload_is_reported_and_its_file_deleted_at_once(alice_client, alice, branch_a):
    response = _upload(alice_client, branch_a, b"\xd0\xcf\x11\xe0" + b"\x00" * 100, name="old.xls")
    job = ImportJob.objects.get()
    stored = job.file.name
    job = _work(job)
    assert job.status == ImportJob.Status.UNREADABLE
    assert (job.file.name, job.file_deleted_at is not None) == ("", True)
    assert not job.file.storage.exists(stored)
    page = alice_client.get(response["Location"])
    assert "old Excel .xls file" in page.content.decode()


def test_mapping_page_previews_first_rows_and_marks_personal_data(alice_client, alice, branch_a):
    job = make_job(branch_a, alice, ODD_HEADERS, check=False)
    response = alice_client.get(reverse("contracts:import_mapping", kwargs={"pk": job.pk}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Brightwork Facilities Ltd" in text and "Crumbs Catering Ltd" in text
    assert "Personal data: not imported" in text


def test_adjusted_mapping_runs_a_dry_run_that_changes_nothing(alice_client, alice, branch_a):
    authority = PublicAuthority.objects.create(branch=branch_a, name="Demo City Council")
    job = make_job(branch_a, alice, ODD_HEADERS, authority=authority, check=False)
    data = {f"column_{i}": field for i, field in enumerate(["reference", "service", "provider_name", "total_value"])}
    data["authority"] = authority.pk  # the page selects the upload's authority
    response = alice_client.post(reverse("contracts:import_mapping", kwargs={"pk": job.pk}), data)
    job.refresh_from_db()
    assert response.status_code == 302
    assert job.status == ImportJob.Status.CHECKING
    job = _work(job, alice)
    assert job.status == ImportJob.Status.CHECKED
    assert job.mapping["annual_contract_value"] == "total_value"
    assert job.summary["new"] == 1 and job.summary["error"] == 1  # line 3 names no contract
    assert not Contract.objects.exists()


def test_a_zip_s_register_without_an_authority_column_gets_its_authority_on_the_column_matching(
    alice_client, alice, branch_a
):
    """The walk: a register in a zip, uploaded without an authority and naming none, could only be cancelled."""
    council = PublicAuthority.objects.create(branch=branch_a, name="Demo City Council")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("register.csv", "Contract reference,Title,Supplier\nR1,Cleaning,Brightwork Ltd\n")
    _upload(alice_client, branch_a, buffer.getvalue(), name="download.zip")
    _work(ImportJob.objects.get(), alice)
    member = ImportJob.objects.get(unpacked_from__isnull=False)
    while member.status not in (ImportJob.Status.READ, ImportJob.Status.CHECKED):  # the batch's steps
        member = _work(member, alice)
    mapping = reverse("contracts:import_mapping", kwargs={"pk": member.pk})
    page = alice_client.get(mapping).content.decode()
    assert 'name="authority"' in page and 'name="new_authority"' in page

    columns = {"column_0": "reference", "column_1": "service", "column_2": "provider_name"}
    refused = alice_client.post(mapping, columns)
    assert refused.status_code == 200
    assert "No column names the authority: choose the authority for every row" in refused.content.decode()

    # Typed in another case, the council already in the register is used, not a second one.
    response = alice_client.post(mapping, columns | {"new_authority": "demo city  council"})
    assert response.status_code == 302
    member = _work(ImportJob.objects.get(pk=member.pk), alice)
    assert (member.authority, member.summary["error"], member.summary["new"]) == (council, 0, 1)
    assert PublicAuthority.objects.filter(branch=branch_a).count() == 1


def test_mapping_refuses_one_field_for_two_columns(alice_client, alice, branch_a):
    job = make_job(branch_a, alice, ODD_HEADERS, check=False)
    response = alice_client.post(
        reverse("contracts:import_mapping", kwargs={"pk": job.pk}),
        {"column_0": "reference", "column_1": "service", "column_2": "service"},
    )
    assert response.status_code == 200
    assert "is already chosen for another column" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READ


def test_dry_run_reports_each_row_with_line_column_and_reason(alice_client, alice, branch_a):
    job = make_job(branch_a, alice, ODD_HEADERS, authority=PublicAuthority.objects.create(branch=branch_a, name="X"))
    text = alice_client.get(job.get_absolute_url()).content.decode()
    assert job.summary["error"] == 1
    assert {"line": 3, "outcome": "error"}.items() <= job.report[1].items()
    assert job.report[1]["issues"][0][1] == "validity_end"
    assert "is not a date we recognise" in text


def test_apply_all_or_nothing_with_an_error_applies_nothing(alice_client, alice, branch_a):
    authority = PublicAuthority.objects.create(branch=branch_a, name="Demo City Council")
    job = make_job(branch_a, alice, ODD_HEADERS, authority=authority)
    response = alice_client.post(reverse("contracts:import_apply", kwargs={"pk": job.pk}), {"mode": "all"})
    assert response.status_code == 302
    job = _work(job, alice, all_or_nothing=True)
    assert job.status == ImportJob.Status.NOT_APPLIED
    assert not Contract.objects.exists()


def test_apply_good_rows_saves_them_and_the_mapping_for_the_authority(alice_client, alice, branch_a):
    authority = PublicAuthority.objects.create(branch=branch_a, name="Demo City Council")
    job = make_job(branch_a, alice, ODD_HEADERS, authority=authority)
    alice_client.post(reverse("contracts:import_apply", kwargs={"pk": job.pk}), {"mode": "good"})
    job = _work(job, alice, all_or_nothing=False)
    contract = Contract.objects.get()
    assert job.status == ImportJob.Status.APPLIED
    assert (contract.reference, contract.service, contract.provider.name) == (
        "CN-001",
        "Office cleaning",
        "Brightwork Facilities Ltd",
    )
    assert (str(contract.value), contract.value_basis) == ("1234.56", "annual")
    assert ImportMapping.objects.get(authority=authority).columns["validity_end"] == "end_date"


def test_applying_twice_does_not_import_twice(alice_client, alice, branch_a):
    authority = PublicAuthority.objects.create(branch=branch_a, name="Demo City Council")
    job = make_job(branch_a, alice, ODD_HEADERS, authority=authority)
    url = reverse("contracts:import_apply", kwargs={"pk": job.pk})
    queued = OutboxMessage.objects.count()
    alice_client.post(url, {"mode": "good"})
    response = alice_client.post(url, {"mode": "good"})
    assert response.status_code == 302
    assert OutboxMessage.objects.count() == queued + 1  # queued once
    _work(job, alice, all_or_nothing=False)
    assert import_job_run(job.pk, alice.pk, False) == "skipped"  # a redelivered message does nothing
    assert Contract.objects.count() == 1


def test_saved_mapping_is_used_for_the_authoritys_next_file(alice_client, alice, branch_a):
    authority = PublicAuthority.objects.create(branch=branch_a, name="Demo City Council")
    ImportMapping.objects.create(authority=authority, columns={"contractor": "service", "contract_number": "reference"})
    _upload(alice_client, branch_a, ODD_HEADERS, authority=authority.pk)
    job = _work(ImportJob.objects.get())
    assert job.mapping["contractor"] == "service"
    assert job.mapping["contract_number"] == "reference"
    assert "title_of_agreement" not in job.mapping


def test_ocds_upload_skips_mapping_and_goes_to_the_dry_run(alice_client, branch_a):
    data = (
        b'{"publishedDate": "2020-05-18T11:32:28Z", "releases": [{"ocid": "ocds-x-1", "date": "2020-05-18",'
        b' "buyer": {"name": "Lancashire County Council"}, "tender": {"title": "Grounds maintenance"},'
        b' "awards": [{"id": "1", "suppliers": [{"id": "s", "name": "SODEXO LIMITED"}]}]}]}'
    )
    response = _upload(alice_client, branch_a, data, name="award.json")
    job = _work(ImportJob.objects.get())
    assert response["Location"] == job.get_absolute_url()
    assert (job.file_format, job.status, job.summary["new"]) == ("ocds", "checked", 1)


@pytest.mark.parametrize("name", ["import_check", "import_apply", "import_cancel"])
def test_actions_refuse_get(alice_client, alice, branch_a, name):
    job = make_job(branch_a, alice)
    assert alice_client.get(reverse(f"contracts:{name}", kwargs={"pk": job.pk})).status_code == 405
    assert not Contract.objects.exists()


def test_detail_refuses_post(alice_client, alice, branch_a):
    job = make_job(branch_a, alice)
    assert alice_client.post(job.get_absolute_url()).status_code == 405


def test_officer_of_another_branch_cannot_apply(client, alice, bob, branch_a):
    job = make_job(branch_a, alice)
    client.force_login(bob)
    response = client.post(reverse("contracts:import_apply", kwargs={"pk": job.pk}), {"mode": "good"})
    assert response.status_code == 404
    assert not Contract.objects.exists()


def test_organiser_reads_the_result_but_sees_no_apply_button(olive_client, alice, branch_a):
    job = make_job(branch_a, alice)
    response = olive_client.get(job.get_absolute_url())
    assert response.status_code == 200
    assert "Apply to the register" not in response.content.decode()


def test_import_pages_run_the_same_queries_for_1_and_500_rows(
    alice_client, alice, branch_a, count_queries, django_assert_max_num_queries
):
    header = "Contract reference,Title,Supplier,End date\n"
    small = make_job(branch_a, alice, (header + "R-0,Cleaning,A Ltd,31/03/2030\n").encode())
    big = make_job(
        branch_a, alice, (header + "".join(f"R-{i},Cleaning {i},A Ltd,31/03/2030\n" for i in range(500))).encode()
    )
    pages = [
        lambda job: alice_client.get(job.get_absolute_url()),
        lambda job: alice_client.get(reverse("contracts:import_mapping", kwargs={"pk": job.pk})),
        lambda job: alice_client.get(reverse("contracts:import_list", kwargs={"slug": branch_a.slug})),
    ]
    for page in pages:
        assert count_queries(lambda p=page: p(small)) == count_queries(lambda p=page: p(big))
        with django_assert_max_num_queries(12):
            assert page(big).status_code == 200


def test_mapping_page_shows_the_preview_the_worker_kept_without_reading_the_file(alice_client, alice, branch_a):
    job = make_job(branch_a, alice, ODD_HEADERS, check=False)
    with job.file.open("wb") as handle:  # were the page to read the file, it would find nothing of the register
        handle.write(b"")
    response = alice_client.get(reverse("contracts:import_mapping", kwargs={"pk": job.pk}))
    assert response.status_code == 200
    assert "Brightwork Facilities Ltd" in response.content.decode()


def test_mapping_page_shows_excel_dates_as_dates_and_excel_numbers_as_numbers(alice_client, alice, branch_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Contract reference", "Title", "End date", "Contract value", "Decided"])
    sheet.append(["R1", "Cleaning", datetime.datetime(2027, 3, 31), 45000.0, datetime.datetime(2024, 5, 2, 14, 30)])
    sheet.append(["R2", "Catering", datetime.date(2028, 1, 9), 1250.5, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = make_job(branch_a, alice, buffer.getvalue(), "register.xlsx", check=False)

    text = alice_client.get(reverse("contracts:import_mapping", kwargs={"pk": job.pk})).content.decode()
    assert "31 Mar 2027" in text and "9 Jan 2028" in text
    assert "00:00" not in text
    assert "2 May 2024 14:30" in text  # a real time of day is kept
    assert "45000" in text and "45000.0" not in text and "1250.5" in text


def test_cancel_stops_the_import_and_deletes_its_file(alice_client, alice, branch_a):
    job = make_job(branch_a, alice, ODD_HEADERS, check=False)
    stored = job.file.name
    response = alice_client.post(reverse("contracts:import_cancel", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert response.status_code == 302
    assert (job.status, job.file.name) == (ImportJob.Status.CANCELLED, "")
    assert job.file_deleted_at is not None and not job.file.storage.exists(stored)
    assert alice_client.get(reverse("contracts:import_mapping", kwargs={"pk": job.pk})).status_code == 302
    assert import_job_run(job.pk) == "skipped"


def test_cancel_while_the_worker_is_reading_stops_it_at_its_next_step(alice_client, alice, branch_a, monkeypatch):
    _upload(alice_client, branch_a, ODD_HEADERS)
    job = ImportJob.objects.get()
    from contracts.imports import jobs

    real_read = jobs.read

    def read_then_cancelled(data):
        alice_client.post(reverse("contracts:import_cancel", kwargs={"pk": job.pk}))
        return real_read(data)

    monkeypatch.setattr(jobs, "read", read_then_cancelled)
    assert import_job_run(job.pk) == "cancelled"
    job.refresh_from_db()
    assert (job.status, job.headers, job.file.name) == (ImportJob.Status.CANCELLED, [], "")


def test_an_applied_import_cannot_be_cancelled(alice_client, alice, branch_a):
    authority = PublicAuthority.objects.create(branch=branch_a, name="Demo City Council")
    job = make_job(branch_a, alice, authority=authority)
    alice_client.post(reverse("contracts:import_apply", kwargs={"pk": job.pk}), {"mode": "good"})
    job = _work(job, alice, all_or_nothing=False)
    response = alice_client.post(reverse("contracts:import_cancel", kwargs={"pk": job.pk}), follow=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED and job.file
    assert "The import had already finished (applied)" in response.content.decode()


def test_several_files_make_one_upload_each_reported_on_the_result_page(alice_client, alice, branch_a):
    header = b"Contract reference,Title,Supplier,Authority\n"
    files = [
        SimpleUploadedFile("first.csv", header + b"F-1,Cleaning,A Ltd,Demo City Council\n"),
        SimpleUploadedFile(
            "second.csv", header + b"S-1,Catering,B Ltd,Demo City Council\nS-2,Care,C Ltd,Demo City Council\n"
        ),
        SimpleUploadedFile("broken.xlsx", b"PK\x03\x04 not really a workbook"),
    ]
    response = alice_client.post(reverse("contracts:import_upload", kwargs={"slug": branch_a.slug}), {"file": files})
    jobs = list(ImportJob.objects.order_by("pk"))
    assert len(jobs) == 3 and len({job.batch for job in jobs}) == 1
    assert response["Location"] == reverse(
        "contracts:import_batch", kwargs={"slug": branch_a.slug, "batch": jobs[0].batch}
    )
    for job in jobs:
        _work(job, alice)
    first, second, broken = (ImportJob.objects.get(pk=job.pk) for job in jobs)
    # A file of several goes straight to its dry run with the guessed matching.
    assert (first.status, first.summary["new"]) == ("checked", 1)
    assert (second.status, second.summary["new"]) == ("checked", 2)
    assert broken.status == "unreadable"
    page = alice_client.get(response["Location"]).content.decode()
    assert "first.csv" in page and "second.csv" in page and "not a readable Excel .xlsx workbook" in page
    assert "data-hx-get" not in page  # nothing left to poll for
    assert not Contract.objects.exists()


def test_dry_run_and_result_pages_account_for_every_column_and_say_which_are_missing(alice_client, alice, branch_a):
    _upload(
        alice_client, branch_a, b"Contract reference,Title,Supplier,Notes\nR-1,Cleaning,A Ltd,x\n", new_authority="X"
    )
    job = _work(ImportJob.objects.get(), alice)
    fields = ["reference", "service", "provider_name", ""]
    alice_client.post(
        reverse("contracts:import_mapping", kwargs={"pk": job.pk}),
        {f"column_{i}": f for i, f in enumerate(fields)} | {"authority": job.authority_id},  # as the page selects it
    )
    job = _work(job, alice)
    assert job.status == "checked"
    for _ in ("dry run", "result"):
        page = alice_client.get(job.get_absolute_url()).content.decode()
        assert "Columns of the file" in page and 'id="import-columns"' in page
        assert "No column was found for the end date" in page
        assert "No column was found for the contract value" in page
        assert "No column was found for the supplier" not in page
        alice_client.post(reverse("contracts:import_apply", kwargs={"pk": job.pk}), {"mode": "all"})
        job = _work(job, alice)
    assert job.status == "applied"


def test_each_file_of_a_batch_says_which_columns_are_missing_on_its_page_and_the_batch_row(
    alice_client, alice, branch_a
):
    files = [
        SimpleUploadedFile(
            "full.csv", b"Contract reference,Title,Supplier,End date,Value\nF-1,A,B Ltd,31/03/2030,100\n"
        ),
        SimpleUploadedFile("thin.csv", b"Contract reference,Title\nT-1,Catering\n"),
    ]
    response = alice_client.post(
        reverse("contracts:import_upload", kwargs={"slug": branch_a.slug}), {"file": files, "new_authority": "X"}
    )
    full, thin = (_work(job, alice) for job in ImportJob.objects.order_by("pk"))
    assert full.status == thin.status == "checked"  # a batch's files skip the mapping step
    thin_page = alice_client.get(thin.get_absolute_url()).content.decode()
    assert "Columns of the file" in thin_page and "No column was found for the supplier" in thin_page
    full_page = alice_client.get(full.get_absolute_url()).content.decode()
    assert "Columns of the file" in full_page and "No column was found" not in full_page
    batch = alice_client.get(response["Location"]).content.decode()
    assert batch.count("No column was found for the supplier") == 1


OCDS_LANCASHIRE = (
    b'{"releases": [{"ocid": "ocds-x-1", "date": "2020-05-18", "buyer": {"name": "Lancashire County Council"},'
    b' "tender": {"title": "Grounds maintenance"}, "awards": [{"id": "1", "suppliers": [{"name": "SODEXO LIMITED"}]}]},'
    b' {"ocid": "ocds-x-2", "date": "2020-05-18", "tender": {"title": "Catering"},'
    b' "awards": [{"id": "2", "suppliers": [{"name": "Crumbs Ltd"}]}]}]}'
)


def test_the_authority_chosen_on_upload_only_fills_in_for_ocds_releases_without_a_buyer(alice_client, alice, branch_a):
    files = [
        SimpleUploadedFile("award.json", OCDS_LANCASHIRE),
        SimpleUploadedFile("register.csv", b"Contract reference,Title,Supplier\nR-1,Cleaning,A Ltd\n"),
    ]
    response = alice_client.post(
        reverse("contracts:import_upload", kwargs={"slug": branch_a.slug}),
        {"file": files, "new_authority": "Demo City Council"},
    )
    for job in ImportJob.objects.order_by("pk"):
        job = _work(job, alice)
        assert job.status == "checked"
        alice_client.post(reverse("contracts:import_apply", kwargs={"pk": job.pk}), {"mode": "all"})
        assert _work(job, alice).status == "applied"
    by_title = {c.service: c.authority.name for c in Contract.objects.select_related("authority")}
    assert by_title == {
        "Grounds maintenance": "Lancashire County Council",
        "Catering": "Demo City Council",
        "Cleaning": "Demo City Council",
    }
    assert "Upload of 2 files</h1>" in alice_client.get(response["Location"]).content.decode()


def test_apply_all_applies_each_ready_file_through_the_outbox(alice_client, alice, branch_a):
    header = b"Contract reference,Title,Supplier,Authority\n"
    files = [
        SimpleUploadedFile("first.csv", header + b"F-1,Cleaning,A Ltd,Demo City Council\n"),
        SimpleUploadedFile("second.csv", header + b"S-1,Catering,B Ltd,Demo City Council\n"),
    ]
    response = alice_client.post(reverse("contracts:import_upload", kwargs={"slug": branch_a.slug}), {"file": files})
    jobs = [_work(job, alice) for job in ImportJob.objects.order_by("pk")]
    assert "Apply all 2 ready files" in alice_client.get(response["Location"]).content.decode()
    OutboxMessage.objects.all().delete()
    batch = jobs[0].batch
    url = reverse("contracts:import_batch_apply", kwargs={"slug": branch_a.slug, "batch": batch})
    assert alice_client.post(url)["Location"] == response["Location"]
    assert OutboxMessage.objects.count() == 2  # queued for the worker, nothing applied in the request
    assert not Contract.objects.exists()
    assert alice_client.post(url).status_code == 302 and OutboxMessage.objects.count() == 2  # a double click
    for job in jobs:
        assert _work(job, alice).status == "applied"
    assert set(Contract.objects.values_list("reference", flat=True)) == {"F-1", "S-1"}


def test_summary_and_progress_read_as_sentences(alice_client, alice, branch_a, settings):
    settings.MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    _upload(
        alice_client,
        branch_a,
        b"Contract reference,Title,Supplier,End date\nR-1,Cleaning,A Ltd,soon\n",
        new_authority="X",
    )
    job = ImportJob.objects.get()
    waiting = alice_client.get(job.get_absolute_url()).content.decode()
    assert "Waiting for the import service (waiting for the import service)" not in waiting
    assert "Waiting for the import service…" in waiting
    fields = ["reference", "service", "provider_name", "end_date"]
    _work(job, alice)
    alice_client.post(
        reverse("contracts:import_mapping", kwargs={"pk": job.pk}),
        {f"column_{i}": f for i, f in enumerate(fields)} | {"authority": job.authority_id},  # as the page selects it
    )
    _work(job, alice)
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert "<strong>1</strong> row</li>" in page and "<strong>1</strong> warning</li>" in page
    upload = alice_client.get(reverse("contracts:import_upload", kwargs={"slug": branch_a.slug})).content.decode()
    assert "20 MB" in upload and "20.0 MB" not in upload


def test_mapping_preview_keeps_blank_cells_so_every_column_lines_up(alice_client, alice, branch_a):
    # Issue #19: blanks were dropped, so a column's third sample could belong to the file's fourth row.
    data = b"Contract reference,Title,Supplier\nR1,Cleaning,A Ltd\nR2,,B Ltd\nR3,Catering,\nR4,Portering,D Ltd\n"
    job = make_job(branch_a, alice, data, check=False)
    text = alice_client.get(reverse("contracts:import_mapping", kwargs={"pk": job.pk})).content.decode()
    cells = re.findall(r'<td class="small" data-label="First rows">(.*?)</td>', text, re.S)
    opening = '<span class="d-block text-truncate import-sample">'
    samples = [[sample.removesuffix("</span>") for sample in cell.split(opening)[1:]] for cell in cells]
    blank = '<span class="visually-hidden">(blank)</span>'
    assert samples == [
        ["R1", "R2", "R3", "R4"],
        ["Cleaning", blank, "Catering", "Portering"],
        ["A Ltd", "B Ltd", blank, "D Ltd"],
    ]


def test_an_upload_just_over_the_size_limit_says_by_how_much(alice_client, branch_a, settings):
    # Issue #19: "big.csv is 20 MB. Each file can be at most 20 MB" read as a contradiction.
    settings.MAX_UPLOAD_BYTES = 1024
    response = _upload(alice_client, branch_a, b"a,b\n" + b"x" * 1026, name="big.csv")
    assert "big.csv is 1.01 KB. Each file can be at most 1 KB" in response.content.decode()
    assert not ImportJob.objects.exists()
