"""The browser's import workflow on an ImportJob: inspect the upload, dry run, apply.

Each step reads the stored file again and calls `run_import`, the same service the command uses.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ImportJob, ImportMapping
from .readers import Table, UnreadableFile, read
from .service import filled_columns, run_import
from .synonyms import guess_mapping

PREVIEW_ROWS = 5


def _data(job: ImportJob) -> bytes:
    if not job.file:
        raise UnreadableFile(
            f"The uploaded file was deleted {settings.IMPORT_FILE_RETENTION_DAYS} days after the import finished: "
            "upload it again."
        )
    with job.file.open("rb") as handle:
        return handle.read()


def import_job_inspect(*, job: ImportJob) -> ImportJob:
    """Work out the file's format and, for a register, its headers and a first guess at the mapping."""
    try:
        loaded = read(_data(job))
    except UnreadableFile as error:
        job.set_status(ImportJob.Status.UNREADABLE)
        job.error = error.reason
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    if not isinstance(loaded, Table):
        job.file_format = ImportJob.Format.OCDS
    elif loaded.is_harvester:
        job.file_format = ImportJob.Format.HARVESTER
    else:
        job.file_format = ImportJob.Format.REGISTER
        saved = ImportMapping.objects.filter(authority=job.authority).first() if job.authority_id else None
        job.headers = loaded.headers
        job.mapping = guess_mapping(loaded.keys, saved.columns if saved else None, filled=filled_columns(loaded))
    job.save(update_fields=["file_format", "headers", "mapping"])
    return job


def import_job_preview(*, job: ImportJob) -> tuple[list[str], list[str], list[list[str]]]:
    """(headers, column keys, first rows as text) for the mapping page."""
    loaded = read(_data(job))
    if not isinstance(loaded, Table):
        return [], [], []
    rows = [
        [("" if cell is None else str(cell))[:80] for cell in cells[: len(loaded.headers)]]
        for _, cells in loaded.rows[:PREVIEW_ROWS]
    ]
    return loaded.headers, loaded.keys, rows


def _run(job: ImportJob, *, user, dry_run: bool, all_or_nothing: bool):
    return run_import(
        data=_data(job),
        source_name=job.original_name,
        branch=job.branch,
        authority_name=job.authority.name if job.authority_id else "",
        mapping=job.mapping if job.file_format == ImportJob.Format.REGISTER else None,
        user=user,
        dry_run=dry_run,
        all_or_nothing=all_or_nothing,
    )


def import_job_check(*, job: ImportJob, user) -> ImportJob:
    """Dry run: the outcome of every row, nothing written to the register."""
    try:
        result = _run(job, user=user, dry_run=True, all_or_nothing=True)
    except UnreadableFile as error:
        job.set_status(ImportJob.Status.UNREADABLE)
        job.error = error.reason
    else:
        job.set_status(ImportJob.Status.CHECKED)
        job.error = ""
        job.summary, job.report = result.summary(), result.report()
        job.checked_at = timezone.now()
    job.save(update_fields=["status", "error", "summary", "report", "checked_at", "finished_at"])
    return job


def import_job_apply(*, job: ImportJob, user, all_or_nothing: bool) -> ImportJob:
    # Claim the job first, so a double-clicked Apply cannot run the import twice at once.
    with transaction.atomic():
        claimed = ImportJob.objects.select_for_update().get(pk=job.pk)
        if claimed.status != ImportJob.Status.CHECKED:
            return claimed
        try:
            result = _run(claimed, user=user, dry_run=False, all_or_nothing=all_or_nothing)
        except UnreadableFile as error:
            claimed.set_status(ImportJob.Status.UNREADABLE)
            claimed.error = error.reason
        else:
            claimed.set_status(ImportJob.Status.APPLIED if result.applied else ImportJob.Status.NOT_APPLIED)
            claimed.summary, claimed.report = result.summary(), result.report()
            claimed.applied_at = timezone.now() if result.applied else None
        claimed.all_or_nothing = all_or_nothing
        claimed.save()
    return claimed


def import_files_delete_expired(now: datetime.datetime | None = None) -> int:
    """Delete the uploaded files of imports finished more than IMPORT_FILE_RETENTION_DAYS ago.

    The job itself stays: its summary and row report are the record of what the import did. Each job is claimed
    under a row lock, so overlapping runs delete each file once; a file already gone from storage is no error.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    due = ImportJob.objects.filter(finished_at__lte=cutoff, file_deleted_at__isnull=True).exclude(file="")
    deleted = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            job = (
                ImportJob.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, file_deleted_at__isnull=True)
                .exclude(file="")
                .first()
            )
            if job is None:
                continue
            job.file.delete(save=False)
            job.file_deleted_at = now
            job.save(update_fields=["file", "file_deleted_at"])
            deleted += 1
    return deleted
