"""Contract register imports: each uploaded file (an ImportJob) and the column mapping saved per authority."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from contracts.register.models import PublicAuthority
from insourcing.models import Branch
from insourcing.scoping import ScopedQuerySet

__all__ = ["ImportJob", "ImportMapping"]


class ImportMappingQuerySet(ScopedQuerySet):
    branch_path = "authority__branch"


class ImportMapping(models.Model):
    """How one authority's register headers map onto contract fields, remembered for its next file."""

    authority = models.OneToOneField(PublicAuthority, on_delete=models.CASCADE, related_name="import_mapping")
    # {normalised header: field name}; keyed by header rather than position so reordered columns still match.
    columns = models.JSONField(default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImportMappingQuerySet.as_manager()

    def __str__(self):
        return f"Import mapping for {self.authority}"


class ImportJobQuerySet(ScopedQuerySet):
    branch_path = "branch"


def import_upload_to(job: "ImportJob", filename: str) -> str:
    # Under MEDIA_ROOT, which no URL serves: the file is only ever read by the import service.
    return f"imports/{job.branch_id}/{uuid.uuid4().hex}-{get_valid_filename(filename)[-80:]}"


class ImportJob(models.Model):
    """One uploaded file on its way through mapping, dry run and apply."""

    class Format(models.TextChoices):
        REGISTER = "register", "Contract register (CSV or Excel)"
        OCDS = "ocds", "Contracts Finder / Find a Tender (OCDS JSON)"
        HARVESTER = "harvester", "Contracts Finder CSV export"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Waiting for the import service"
        READING = "reading", "Reading the file"
        READ = "read", "Columns to match"
        CHECKING = "checking", "Dry run in progress"
        CHECKED = "checked", "Dry run done"
        APPLYING = "applying", "Applying to the register"
        APPLIED = "applied", "Applied"
        NOT_APPLIED = "not-applied", "Not applied (errors, all-or-nothing)"
        UNREADABLE = "unreadable", "File could not be read"
        REFUSED = "refused", "Refused: over the limits"
        UNPACKED = "unpacked", "Zip unpacked: each file is imported on its own"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Stopped without finishing"

    # The worker has (or is about to have) the job: the page polls, the officer can only wait or cancel.
    BUSY = (Status.UPLOADED, Status.READING, Status.CHECKING, Status.APPLYING)
    FINISHED = (
        Status.APPLIED,
        Status.NOT_APPLIED,
        Status.UNREADABLE,
        Status.REFUSED,
        Status.UNPACKED,
        Status.CANCELLED,
        Status.FAILED,
    )
    # Finished without a register to show for it: the file is deleted at once, not after the retention period.
    DISCARDED = (Status.UNREADABLE, Status.REFUSED, Status.UNPACKED, Status.CANCELLED, Status.FAILED)

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="import_jobs")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    authority = models.ForeignKey(
        PublicAuthority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_jobs",
        help_text="Every row goes to this authority. Empty: the authority named in each row.",
    )
    # Empty once the file is deleted, IMPORT_FILE_RETENTION_DAYS after the import finished (contracts.tasks).
    file = models.FileField(upload_to=import_upload_to, max_length=300, blank=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    file_format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True, help_text="{normalised header: field}")
    all_or_nothing = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    error = models.TextField(blank=True)
    summary = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=list, blank=True, help_text="One entry per row: line, outcome, issues.")
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the job reached a status with nothing left to do: the file's clock starts",
    )
    file_deleted_at = models.DateTimeField(null=True, blank=True)
    # Progress of the step the worker is on (0-100), for the progress bar; started_at is when it claimed the step.
    progress = models.PositiveSmallIntegerField(default=0, db_default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    # Kept from the worker's reading so the mapping page never parses the file: {"keys": [...], "rows": [[...]]}.
    preview = models.JSONField(null=True, blank=True)
    # The files of one upload (several files, or the files of a zip) share a batch and one result page.
    batch = models.UUIDField(null=True, blank=True)  # looked up with the branch, whose index serves
    unpacked_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="unpacked_files", db_index=False
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("contracts:import_detail", kwargs={"pk": self.pk})

    def set_status(self, status: str) -> None:
        """Move to `status`, starting the retention clock of the file on a finished status (and stopping it if not)."""
        self.status = status
        self.finished_at = timezone.now() if status in self.FINISHED else None

    @property
    def is_busy(self) -> bool:
        return self.status in self.BUSY

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def was_discarded(self) -> bool:
        return self.status in self.DISCARDED

    @property
    def file_deletion_due(self) -> datetime.datetime | None:
        """When the uploaded file will be deleted; None while the import is still in progress."""
        if self.finished_at is None:
            return None
        return self.finished_at + datetime.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
