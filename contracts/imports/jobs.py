"""The browser's import workflow on an ImportJob: inspect the upload, dry run, apply.

Each step reads the stored file again and calls `run_import`, the same service the command uses.
"""

from django.db import transaction
from django.utils import timezone

from contracts.models import ImportJob, ImportMapping

from .readers import Table, UnreadableFile, read
from .service import filled_columns, run_import
from .synonyms import guess_mapping

PREVIEW_ROWS = 5


def _data(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def import_job_inspect(*, job: ImportJob) -> ImportJob:
    """Work out the file's format and, for a register, its headers and a first guess at the mapping."""
    try:
        loaded = read(_data(job))
    except UnreadableFile as error:
        job.status, job.error = ImportJob.Status.UNREADABLE, error.reason
        job.save(update_fields=["status", "error"])
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
        job.status, job.error = ImportJob.Status.UNREADABLE, error.reason
    else:
        job.status, job.error = ImportJob.Status.CHECKED, ""
        job.summary, job.report = result.summary(), result.report()
        job.checked_at = timezone.now()
    job.save(update_fields=["status", "error", "summary", "report", "checked_at"])
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
            claimed.status, claimed.error = ImportJob.Status.UNREADABLE, error.reason
        else:
            claimed.status = ImportJob.Status.APPLIED if result.applied else ImportJob.Status.NOT_APPLIED
            claimed.summary, claimed.report = result.summary(), result.report()
            claimed.applied_at = timezone.now() if result.applied else None
        claimed.all_or_nothing = all_or_nothing
        claimed.save()
    return claimed
