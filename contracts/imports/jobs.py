"""The browser's import workflow on an ImportJob: upload, read, dry run, apply, cancel.

The web request only stores the upload and queues the job (`import_jobs_upload`, `import_job_request`); the
worker runs `import_job_run`, which claims the step the job is waiting for and does it:

    uploaded --read--> read (a register: columns to match) --check--> checked --apply--> applied / not-applied
                  \\--> checking (OCDS, the Contracts Finder CSV, or a file of a batch: no matching needed)
                  \\--> unpacked (a zip of files: each becomes a job of the same batch)
                  \\--> refused / unreadable (the file is deleted at once)

Every step begins with `limits.check` having passed, saves its progress with a conditional update (so a cancelled
job stops at its next step) and ends in a status the page can show. The mapping page reads the headers and preview
rows the worker stored; nothing in a web request parses the file.
"""

import datetime
import logging
import uuid
import zipfile
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import dateformat, timezone

from contracts.register.models import PublicAuthority
from insourcing import claims, outbox

from . import limits
from .models import ImportJob, ImportMapping
from .readers import Table, UnreadableFile, read
from .service import contracts_import, filled_columns, prepare, saved_mapping
from .synonyms import guess_mapping

logger = logging.getLogger(__name__)
Status = ImportJob.Status
PREVIEW_ROWS = 5


KEEP = object()  # import_job_request: leave the job's authority as it is


class Cancelled(Exception):
    """The job left the step the worker was on (cancelled by an officer, or stopped by the sweep)."""


# ---------------------------------------------------------------- web request side: store and queue


def import_authority(*, branch, chosen: PublicAuthority | None, new_name: str) -> PublicAuthority | None:
    """The authority an officer named on the upload or matching form: the one chosen, or the one typed, found by
    name whatever its case before a new one is made; None for "the authority named in each row"."""
    if not new_name:
        return chosen
    found = PublicAuthority.objects.filter(branch=branch, name__iexact=new_name).order_by("pk").first()
    return found or PublicAuthority.objects.create(branch=branch, name=new_name)


def import_jobs_upload(*, branch, user, authority, files) -> list[ImportJob]:
    """Store each uploaded file as a job of one batch and queue it for the worker. Nothing is read here."""
    batch = uuid.uuid4()
    jobs = []
    with transaction.atomic():
        for upload in files:
            job = ImportJob(
                branch=branch,
                uploaded_by=user,
                authority=authority,
                original_name=upload.name[:255],
                size=upload.size,
                batch=batch,
            )
            job.file.save(upload.name, upload, save=False)
            job.save()
            _enqueue(job)
            jobs.append(job)
    return jobs


def _enqueue(job: ImportJob, *, user=None, all_or_nothing: bool = True) -> None:
    from .tasks import run_import_job

    outbox.enqueue(run_import_job, job.pk, user.pk if user else None, all_or_nothing)


def import_job_request(
    *, job: ImportJob, step: str, user, mapping: dict | None = None, all_or_nothing=True, authority=KEEP
) -> bool:
    """Queue a dry run ("check") or the apply ("apply") of a job waiting for the officer. False if it is not.
    `authority` (a PublicAuthority, or None for each row's own) replaces the one chosen on upload."""
    allowed, status = {
        "check": ((Status.READ, Status.CHECKED, Status.NOT_APPLIED), Status.CHECKING),
        "apply": ((Status.CHECKED,), Status.APPLYING),
    }[step]
    if job.file_deleted_at or not job.file:
        return False
    fields = {"status": status, "progress": 0, "started_at": None, "finished_at": None, "error": ""}
    if mapping is not None:
        fields["mapping"] = mapping
    if authority is not KEEP:
        fields["authority"] = authority
    if step == "apply":
        fields["all_or_nothing"] = all_or_nothing
    with transaction.atomic():
        # Conditional: a double-clicked Apply queues the import once.
        if not ImportJob.objects.filter(pk=job.pk, status__in=allowed).update(**fields):
            return False
        _enqueue(job, user=user, all_or_nothing=all_or_nothing)
    for name, value in fields.items():
        setattr(job, name, value)
    return True


def import_job_cancel(*, job: ImportJob) -> bool:
    """Stop an import that has not been applied and delete its file. False if it had already finished.

    The row lock waits for an apply that is writing (it holds the same lock), so an import is either applied
    or cancelled, never half of each.
    """
    with transaction.atomic():
        claimed = ImportJob.objects.select_for_update().get(pk=job.pk)
        if claimed.is_finished:
            return False
        _discard(claimed, Status.CANCELLED, "")
    job.refresh_from_db()
    return True


def _discard(job: ImportJob, status: str, error: str) -> None:
    """Finish the job without a register to show for it, deleting its file now (call under the job's row lock)."""
    job.set_status(status)
    job.error = error
    job.progress = 100
    if job.file:
        job.file.delete(save=False)
        job.file_deleted_at = timezone.now()
    job.save(update_fields=["status", "error", "progress", "file", "file_deleted_at", "finished_at"])


# ---------------------------------------------------------------- worker side


def import_job_run(job_id: int, user_id: int | None = None, all_or_nothing: bool = True) -> str:
    """Claim the step job `job_id` waits for and run it. Idempotent: a claimed or finished job is skipped."""
    now = timezone.now()
    steps = {Status.UPLOADED: Status.READING, Status.CHECKING: Status.CHECKING, Status.APPLYING: Status.APPLYING}
    job = ImportJob.objects.filter(pk=job_id).only("status").first()
    if job is None or job.status not in steps:
        return "skipped"
    claimed = claims.claim(
        ImportJob.objects.filter(status=job.status, started_at__isnull=True),
        pk=job_id,
        status=steps[job.status],
        started_at=now,
        progress=5,
    )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("branch", "authority").get(pk=job_id)
    user = None
    if user_id:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=user_id).first()
    try:
        if job.status == Status.READING:
            _read_step(job)
        elif job.status == Status.CHECKING:
            _check_step(job)
        else:
            _apply_step(job, user=user, all_or_nothing=all_or_nothing)
    except Cancelled:
        return "cancelled"
    except limits.Refused as error:
        _finish_discarded(job, Status.REFUSED, error.reason)
    except UnreadableFile as error:
        _finish_discarded(job, Status.UNREADABLE, error.reason)
    job.refresh_from_db(fields=["status"])
    return job.status


def _progress(job: ImportJob, percent: int) -> None:
    if not ImportJob.objects.filter(pk=job.pk, status=job.status).update(progress=percent):
        raise Cancelled
    job.progress = percent


def _finish_discarded(job: ImportJob, status: str, error: str) -> None:
    with transaction.atomic():
        claimed = ImportJob.objects.select_for_update().get(pk=job.pk)
        if claimed.status == job.status:  # not cancelled meanwhile
            _discard(claimed, status, error)


def _data(job: ImportJob) -> bytes:
    if not job.file:
        raise UnreadableFile("The uploaded file has been deleted: upload it again.")
    try:
        with job.file.open("rb") as handle:
            return handle.read(settings.MAX_UPLOAD_BYTES + 1)
    except FileNotFoundError:
        raise UnreadableFile("The uploaded file has been deleted: upload it again.") from None


def _read_step(job: ImportJob) -> None:
    data = _data(job)
    members = limits.check(data, job.original_name)  # before anything parses the file
    _progress(job, 15)
    if members is not None:
        _unpack(job, data, members)
        return
    loaded = read(data)
    _progress(job, 40)
    if isinstance(loaded, Table) and len(loaded.rows) > settings.IMPORT_MAX_ROWS:
        raise limits.refuse(f"The file has {len(loaded.rows):,} rows.")
    fields = ["file_format", "headers", "mapping", "preview", "status", "progress", "started_at"]
    if not isinstance(loaded, Table) or loaded.is_harvester:
        job.file_format = ImportJob.Format.OCDS if not isinstance(loaded, Table) else ImportJob.Format.HARVESTER
        job.status = Status.CHECKING  # nothing to match: straight on to the dry run
    else:
        job.file_format = ImportJob.Format.REGISTER
        saved = ImportMapping.objects.filter(authority=job.authority).first() if job.authority_id else None
        job.headers = loaded.headers
        job.mapping = guess_mapping(loaded.keys, saved.columns if saved else None, filled=filled_columns(loaded))
        job.preview = {
            "keys": loaded.keys,
            "rows": [
                [preview_text(cell) for cell in cells[: len(loaded.headers)]] for _, cells in loaded.rows[:PREVIEW_ROWS]
            ],
        }
        # One file of several goes straight to its dry run with the guessed matching; the officer can change it.
        job.status = Status.CHECKING if _in_a_batch(job) else Status.READ
    job.progress = 50
    with transaction.atomic():
        if not ImportJob.objects.select_for_update().filter(pk=job.pk, status=Status.READING).exists():
            raise Cancelled
        job.save(update_fields=fields)
    if job.status == Status.CHECKING:
        _check_step(job, data=data, loaded=loaded)


def preview_text(cell) -> str:
    """A cell as the mapping page shows it: Excel's dates (read as midnight datetimes) as the app writes dates."""
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime) and cell.time() == datetime.time():
        cell = cell.date()
    if isinstance(cell, datetime.datetime):
        return dateformat.format(cell, "j M Y H:i")
    if isinstance(cell, datetime.date):
        return dateformat.format(cell, "j M Y")
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # 45000.0 from a number cell
    return str(cell)[:80]


def _in_a_batch(job: ImportJob) -> bool:
    if job.unpacked_from_id is not None:
        return True
    return (
        job.batch is not None
        and ImportJob.objects.filter(branch=job.branch_id, batch=job.batch).exclude(pk=job.pk).exists()
    )


def _unpack(job: ImportJob, data: bytes, members: list[limits.Member]) -> None:
    """A zip of files: each file becomes a job of the same batch, queued on its own. Zips inside are refused."""
    if job.unpacked_from_id:
        raise UnreadableFile("A zip inside a zip is not unpacked: put its files in the outer zip.")
    archive = zipfile.ZipFile(BytesIO(data))
    with transaction.atomic():
        if not ImportJob.objects.select_for_update().filter(pk=job.pk, status=Status.READING).exists():
            raise Cancelled
        for member in members:
            if not member.register:
                continue
            child = ImportJob(
                branch=job.branch,
                uploaded_by=job.uploaded_by,
                authority=job.authority,
                original_name=member.name.rsplit("/", 1)[-1][:255] or member.name[:255],
                size=member.size,
                batch=job.batch,
                unpacked_from=job,
            )
            # zipfile unpacks no more than the size the directory declared, which limits.check bounded.
            child.file.save(child.original_name, ContentFile(archive.read(member.name)), save=False)
            child.save()
            _enqueue(child)
        job.summary = {"skipped": limits.skipped_line(members)} if limits.skipped_line(members) else {}
        job.save(update_fields=["summary"])
        _discard(job, Status.UNPACKED, "")


def _check_step(job: ImportJob, *, data: bytes | None = None, loaded=None) -> None:
    """Dry run: the outcome of every row, nothing written to the register."""
    prepared = _prepare(job, data=data, loaded=loaded)
    _progress(job, 70)
    result = contracts_import(
        branch=job.branch,
        rows=prepared.rows,
        authority_name=_authority_for(job, prepared),
        dry_run=True,
        all_or_nothing=True,
    )
    _account_for_columns(result, prepared)
    with transaction.atomic():
        claimed = ImportJob.objects.select_for_update().get(pk=job.pk)
        if claimed.status != Status.CHECKING:
            raise Cancelled
        claimed.set_status(Status.CHECKED)
        claimed.error, claimed.progress = "", 100
        claimed.summary, claimed.report = result.summary(), result.report()
        claimed.checked_at = timezone.now()
        claimed.save(update_fields=["status", "error", "progress", "summary", "report", "checked_at", "finished_at"])


def _prepare(job: ImportJob, *, data: bytes | None = None, loaded=None):
    if data is None:
        data = _data(job)
        limits.check(data, job.original_name)
    authority_name = job.authority.name if job.authority_id else ""
    mapping = job.mapping if job.file_format == ImportJob.Format.REGISTER else None
    saved = None if mapping else saved_mapping(job.branch, authority_name)
    return prepare(data, source_name=job.original_name, mapping=mapping, saved=saved, loaded=loaded)


def _authority_for(job: ImportJob, prepared) -> str:
    """The authority every row is imported under, or "" for each row's own.

    An OCDS file names its buyer in each release, and one file of a batch may come from another authority than the
    one chosen on upload: the chosen authority only fills in for a release that names no buyer.
    """
    chosen = " ".join(job.authority.name.split()) if job.authority_id else ""
    if prepared.file_format == ImportJob.Format.REGISTER:
        return chosen
    if chosen:
        for row in prepared.rows:
            if not row.values.get("authority"):
                row.values["authority"] = chosen
    return ""


def _account_for_columns(result, prepared) -> None:
    # The summary is what the pages read: without these the dry run and result pages cannot say which column
    # filled which field, nor that no column gives the end date, supplier or value.
    result.file_format, result.mapping = prepared.file_format, prepared.mapping
    result.columns, result.missing = prepared.columns, prepared.missing


def _apply_step(job: ImportJob, *, user, all_or_nothing: bool) -> None:
    from .service import _save_mappings

    prepared = _prepare(job)
    _progress(job, 40)
    authority_name = _authority_for(job, prepared)
    # The job's row lock is held while the register is written: a cancel waits, then finds it applied.
    with transaction.atomic():
        claimed = ImportJob.objects.select_for_update().get(pk=job.pk)
        if claimed.status != Status.APPLYING:
            raise Cancelled
        result = contracts_import(
            branch=job.branch,
            rows=prepared.rows,
            authority_name=" ".join(authority_name.split()),
            user=user,
            dry_run=False,
            all_or_nothing=all_or_nothing,
            change_reason=f"Imported from {job.original_name}"[:100],
        )
        _account_for_columns(result, prepared)
        if result.applied and prepared.file_format == ImportJob.Format.REGISTER:
            _save_mappings(job.branch, result.authorities, prepared.mapping, user)
        claimed.set_status(Status.APPLIED if result.applied else Status.NOT_APPLIED)
        claimed.summary, claimed.report = result.summary(), result.report()
        claimed.applied_at = timezone.now() if result.applied else None
        claimed.all_or_nothing = all_or_nothing
        claimed.progress = 100
        claimed.save()


# ---------------------------------------------------------------- housekeeping


def import_jobs_sweep(now: datetime.datetime | None = None) -> int:
    """Stop imports whose worker is lost, and imports left waiting for the officer past the retention period.

    Either way the file is deleted, so no import stays "waiting" forever with a register on disk. A job that is
    still alive cannot be busy longer than IMPORT_STUCK_AFTER_MINUTES (above the task's hard time limit).
    """
    now = now or timezone.now()
    stuck = now - datetime.timedelta(minutes=settings.IMPORT_STUCK_AFTER_MINUTES)
    abandoned = now - datetime.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    due = ImportJob.objects.annotate(since=Coalesce("started_at", "created_at")).filter(
        Q(status__in=ImportJob.BUSY, since__lt=stuck)
        | Q(status__in=(Status.READ, Status.CHECKED), created_at__lt=abandoned)
    )
    stopped = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if job is None or job.is_finished:
                continue
            if job.is_busy:
                _discard(
                    job,
                    Status.FAILED,
                    "The import stopped without finishing (the import service was restarted or the file took too "
                    "long). Nothing was changed in the register; upload the file again.",
                )
            else:
                _discard(job, Status.CANCELLED, "Nobody finished this import, so its file was deleted.")
            stopped += 1
    return stopped


def import_files_delete_expired(now: datetime.datetime | None = None) -> int:
    """Delete the uploaded files of imports finished more than IMPORT_FILE_RETENTION_DAYS ago.

    The job itself stays: its summary and row report are the record of what the import did. Each job is claimed
    (`insourcing.claims.claim`) in the transaction that deletes its file, so overlapping runs delete each file
    once and a deletion that fails leaves the job for the next run; a file already gone from storage is no error.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    due = ImportJob.objects.filter(finished_at__lte=cutoff, file_deleted_at__isnull=True).exclude(file="")
    deleted = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            if not claims.claim(due, pk=pk, file_deleted_at=now):
                continue
            job = ImportJob.objects.get(pk=pk)
            job.file.delete(save=False)
            job.save(update_fields=["file"])
            deleted += 1
    return deleted
