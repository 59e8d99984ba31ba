import re
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from .scoping import ScopedQuerySet, request_roles


class UserManager(DjangoUserManager):
    """Accounts are identified by email address; there is no separate username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    position = models.CharField(
        max_length=200, blank=True, help_text="Your branch position, used to sign letters (e.g. Branch Secretary)."
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    @cached_property
    def officer_branch_ids(self) -> frozenset[int]:
        # The request's user reads all its roles and its scope in one query (insourcing.scoping.request_roles).
        if (kept := request_roles(self, Branch.objects)) is not None:
            return kept["officer"]
        return frozenset(self.officer_roles.values_list("branch_id", flat=True))

    @cached_property
    def organiser_region_ids(self) -> frozenset[int]:
        if (kept := request_roles(self, Branch.objects)) is not None:
            return kept["organiser"]
        return frozenset(self.organiser_roles.values_list("region_id", flat=True))

    @property
    def is_officer(self) -> bool:
        return bool(self.officer_branch_ids)

    @property
    def is_organiser(self) -> bool:
        return bool(self.organiser_region_ids)

    def can_edit_branch(self, branch_id: int) -> bool:
        return branch_id in self.officer_branch_ids


class Region(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BranchQuerySet(ScopedQuerySet):
    branch_path = ""


class Branch(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="branches")
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    address = models.TextField("postal address", blank=True, help_text="Printed on letters the branch sends.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    signatory_name = models.CharField(max_length=200, blank=True, help_text="Default name that signs letters.")
    signatory_position = models.CharField(max_length=200, blank=True, help_text="e.g. Branch Secretary")

    objects = BranchQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "branches"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("branch_detail", kwargs={"slug": self.slug})


class BranchOfficer(models.Model):
    """A branch officer: reads and edits everything of the branch."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_roles")
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="officers")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "branch"], name="unique_branch_officer")]

    def __str__(self):
        return f"{self.user} – officer of {self.branch}"


class RegionalOrganiser(models.Model):
    """A regional organiser: reads every branch in the region, edits none."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organiser_roles")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="organisers")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="unique_regional_organiser")]

    def __str__(self):
        return f"{self.user} – organiser for {self.region}"


class GeneratedDocumentQuerySet(ScopedQuerySet):
    def for_source(self, obj):
        return self.filter(source_type=ContentType.objects.get_for_model(obj), source_id=obj.pk)


def document_upload_to(document: "GeneratedDocument", filename: str) -> str:
    return f"documents/{document.branch_id}/{document.pk}-{filename}"


class GeneratedDocument(models.Model):
    """A PDF rendered in the background; the page polls its status and then offers the download."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50)
    title = models.CharField(max_length=300)
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="documents")
    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=document_upload_to, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = GeneratedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["source_type", "source_id", "kind"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("document_status", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def filename(self) -> str:
        """Named after what it is ("FOI-2026-0003 internal review request"), not the kind and a row id."""
        name = re.sub(r"[^\w.-]+", "-", self.title, flags=re.ASCII).strip("-.")[:100]
        return f"{name or self.kind}.pdf"


class OutboxMessage(models.Model):
    """A job waiting to be published to the broker (see insourcing/outbox.py)."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)}"


class BranchWording(models.Model):
    """A branch's own version of wording the guide provides (comparison labels, organising suggestions, FoI
    letters, plan steps): one row per piece (`KEY_FIELD`) the branch changed, holding `TEXT_FIELDS`.

    Without a row the guide's wording is used, and a row is kept only while it differs from the guide's, so a
    later correction of the guide's text reaches every branch that had not changed that piece. Read, save and
    reset through `insourcing.services.wording_for` / `wording_save` / `wording_reset`; edit with
    `insourcing.forms.WordingForm`. A subclass says what the guide's wording is (`guide_keys`, `guide_wording`).
    """

    # Each model declares its own reverse name (`branch.foi_letter_templates`, ...).
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(auto_now=True, null=True)
    # Not indexed: nothing looks rows up by who changed them, and adding an index would lock the table.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, db_index=False
    )

    objects = ScopedQuerySet.as_manager()

    KEY_FIELD: ClassVar[str] = "key"
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("text",)
    # Rows of the box each text field is edited in; a field not named is a one-line input.
    TEXTAREA_ROWS: ClassVar[dict[str, int]] = {}

    class Meta:
        abstract = True

    @classmethod
    def guide_keys(cls) -> list[str]:
        """Every piece of wording the guide provides, in the order it is edited."""
        raise NotImplementedError

    @classmethod
    def guide_wording(cls, key: str) -> dict[str, str]:
        """The guide's text for `key`, one entry per name in TEXT_FIELDS."""
        raise NotImplementedError

    @classmethod
    def text_fields_for(cls, key: str) -> tuple[str, ...]:
        """The text fields piece `key` uses (a letter without a list of asks has no asks)."""
        return cls.TEXT_FIELDS

    @classmethod
    def wording_label(cls, key: str, field: str) -> str:
        """How the form labels the text `field` of piece `key`."""
        return str(cls._meta.get_field(field).verbose_name).capitalize()

    @classmethod
    def validate_wording(cls, key: str, texts: dict[str, str]) -> None:
        """Raise ValidationError when a branch's texts for `key` cannot be used (blank is never asked about)."""

    @classmethod
    def guide_row(cls, branch: "Branch", key: str) -> "BranchWording":
        """The guide's wording for `key` as an unsaved row of `branch`."""
        return cls(branch=branch, **{cls.KEY_FIELD: key}, **cls.guide_wording(key))

    @property
    def wording_key(self) -> str:
        return getattr(self, self.KEY_FIELD)
