import uuid

from django.core.files.base import ContentFile

from contracts.imports.jobs import import_job_request, import_job_run
from contracts.models import ImportJob
from insourcing.tests.access import AccessCase

CSV = b"Contract reference,Title,Supplier,End date\nACC-1,Office cleaning,Brightwork Facilities Ltd,31/03/2030\n"


def make_job(branch, user, data: bytes = CSV, name: str = "register.csv", *, authority=None, check=True) -> ImportJob:
    """An uploaded job taken through the worker's steps in this process (the worker's own tests use Celery)."""
    job = ImportJob(
        branch=branch, uploaded_by=user, authority=authority, original_name=name, size=len(data), batch=uuid.uuid4()
    )
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    import_job_run(job.pk)
    job.refresh_from_db()
    if check and job.status == ImportJob.Status.READ:
        import_job_request(job=job, step="check", user=user)
        import_job_run(job.pk, user.pk)
        job.refresh_from_db()
    return job


def apply_job(job: ImportJob, *, user, all_or_nothing: bool) -> ImportJob:
    """Queue the apply and run it in this process, as the worker would."""
    import_job_request(job=job, step="apply", user=user, all_or_nothing=all_or_nothing)
    import_job_run(job.pk, user.pk, all_or_nothing)
    job.refresh_from_db()
    return job


def _job(branch, user):
    from contracts.models import PublicAuthority

    authority, _ = PublicAuthority.objects.get_or_create(branch=branch, name="Access City Council")
    return make_job(branch, user, authority=authority)


CASES = [
    AccessCase("contracts:import_list", make=lambda b, u: b, kwargs=lambda b: {"slug": b.slug}),
    AccessCase("contracts:import_upload", make=lambda b, u: b, kwargs=lambda b: {"slug": b.slug}, organiser="denied"),
    AccessCase(
        "contracts:import_upload",
        make=lambda b, u: b,
        kwargs=lambda b: {"slug": b.slug},
        method="post",
        data={"new_authority": "X"},
        organiser="denied",
    ),
    AccessCase("contracts:import_detail", make=_job, kwargs=lambda j: {"pk": j.pk}),
    AccessCase("contracts:import_mapping", make=_job, kwargs=lambda j: {"pk": j.pk}, organiser="denied"),
    AccessCase(
        "contracts:import_mapping",
        make=_job,
        kwargs=lambda j: {"pk": j.pk},
        method="post",
        data={"column_0": "reference", "column_1": "service"},
        organiser="denied",
    ),
    AccessCase("contracts:import_check", make=_job, kwargs=lambda j: {"pk": j.pk}, method="post", organiser="denied"),
    AccessCase(
        "contracts:import_apply",
        make=_job,
        kwargs=lambda j: {"pk": j.pk},
        method="post",
        data={"mode": "all"},
        organiser="denied",
    ),
    AccessCase("contracts:import_cancel", make=_job, kwargs=lambda j: {"pk": j.pk}, method="post", organiser="denied"),
    AccessCase("contracts:import_batch", make=_job, kwargs=lambda j: {"slug": j.branch.slug, "batch": j.batch}),
    AccessCase(
        "contracts:import_batch_apply",
        make=_job,
        kwargs=lambda j: {"slug": j.branch.slug, "batch": j.batch},
        method="post",
        organiser="denied",
    ),
]
