"""The import on a real Celery worker: upload, read, dry run and apply in the background; a zip of files."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import wait_for
from contracts.models import Contract, ImportJob

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

CSV = b"Contract reference,Title,Supplier,End date\nW-1,Office cleaning,Brightwork Ltd,31/03/2030\n"
OCDS = (
    b'{"publishedDate": "2020-05-18T11:32:28Z", "releases": [{"ocid": "ocds-x-1", "date": "2020-05-18",'
    b' "buyer": {"name": "Lancashire County Council"}, "tender": {"title": "Grounds maintenance"},'
    b' "awards": [{"id": "1", "suppliers": [{"id": "s", "name": "SODEXO LIMITED"}]}]}]}'
)


def _settled(pk, statuses):
    def check():
        job = ImportJob.objects.get(pk=pk)
        return job if job.status in statuses else None

    return check


def test_the_worker_reads_checks_and_applies_an_upload(celery_worker, alice, branch_a, client):
    client.force_login(alice)
    upload = reverse("contracts:import_upload", kwargs={"slug": branch_a.slug})
    client.post(upload, {"file": SimpleUploadedFile("register.csv", CSV), "new_authority": "Demo City Council"})
    job = ImportJob.objects.get()
    job = wait_for(_settled(job.pk, {"read", "failed"}), message="the worker to read the file")
    assert job.status == "read", job.error + celery_worker.log()[-2000:]
    assert client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")["HX-Redirect"].endswith("/mapping/")

    mapping = {f"column_{i}": f for i, f in enumerate(["reference", "service", "provider_name", "end_date"])}
    mapping["authority"] = job.authority_id  # selected on the page, as chosen on upload
    client.post(reverse("contracts:import_mapping", kwargs={"pk": job.pk}), mapping)
    job = wait_for(_settled(job.pk, {"checked", "failed"}), message="the dry run")
    assert (job.status, job.summary["new"]) == ("checked", 1)

    client.post(reverse("contracts:import_apply", kwargs={"pk": job.pk}), {"mode": "all"})
    job = wait_for(_settled(job.pk, {"applied", "not-applied", "failed"}), message="the apply")
    assert job.status == "applied"
    assert Contract.objects.get().reference == "W-1"


def test_a_zip_of_files_is_unpacked_and_each_file_reported(celery_worker, alice, branch_a, client):
    client.force_login(alice)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("download/award-1.json", OCDS)
        archive.writestr("download/register.csv", CSV.replace(b"End date", b"Authority").replace(b"2030", b""))
        archive.writestr("download/notes.txt", b"not a register")
    response = client.post(
        reverse("contracts:import_upload", kwargs={"slug": branch_a.slug}),
        {"file": SimpleUploadedFile("contracts-finder.zip", buffer.getvalue())},
    )
    zipped = ImportJob.objects.get()
    assert response["Location"] == zipped.get_absolute_url()
    zipped = wait_for(_settled(zipped.pk, {"unpacked", "failed", "unreadable"}), message="the zip to unpack")
    assert zipped.status == "unpacked" and not zipped.file

    def all_settled():
        files = list(ImportJob.objects.filter(unpacked_from=zipped).order_by("original_name"))
        return files if len(files) == 2 and not any(f.is_busy for f in files) else None

    files = wait_for(all_settled, message="each file of the zip")
    assert [(f.original_name, f.status) for f in files] == [
        ("award-1.json", "checked"),
        ("register.csv", "checked"),
    ], celery_worker.log()[-2000:]
    page = client.get(reverse("contracts:import_batch", kwargs={"slug": branch_a.slug, "batch": zipped.batch}))
    text = page.content.decode()
    assert all(name in text for name in ("award-1.json", "register.csv", "contracts-finder.zip"))
    assert "Skipped notes.txt: not a register (CSV, Excel .xlsx or JSON)." in text  # a readme is not read as one
    assert "Upload of 1 file, 2 files from inside zips</h1>" in text
    assert not Contract.objects.exists()
