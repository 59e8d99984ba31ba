"""Freedom of Information requests: the branch's letters, each request and its statutory clock, re-requests,
and the "Insourcing First" motion (guide, "How to find the information" and Appendix 3)."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from contracts.register.models import Contract, PublicAuthority
from insourcing.models import Branch, BranchWording
from insourcing.scoping import ScopedQuerySet

from . import deadlines, letters

__all__ = ["FoILetterTemplate", "FoIRepeat", "FoIRequest", "InsourcingFirstMotion", "LetterKind"]


class LetterKind(models.TextChoices):
    REQUEST = "request", "FoI request"
    INTERNAL_REVIEW = "internal-review", "Internal review request"
    COMPLAINT = "complaint", "Complaint to the regulator"

    @property
    def default_name(self) -> str:
        return self.value.replace("-", "_")


class FoILetterTemplate(BranchWording):
    """A branch's own wording for one of the model letters. Without one, the guide's wording is used."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="foi_letter_templates")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    body = models.TextField(
        help_text=(
            f"Placeholders in square brackets are filled for each letter; {letters.ASKS_MARKER} is where the list goes."
        )
    )
    asks = models.TextField(
        "information requested", blank=True, help_text="One item per line. Add or remove items as the branch needs."
    )
    # Kept as the table was made (NOT NULL, indexed), unlike the base's.
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    KEY_FIELD = "kind"
    TEXT_FIELDS = ("body", "asks")
    TEXTAREA_ROWS = {"body": 20, "asks": 8}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["branch", "kind"], name="unique_foi_letter_template")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.branch}"

    @classmethod
    def guide_keys(cls) -> list[str]:
        return list(LetterKind.values)

    @classmethod
    def guide_wording(cls, key: str) -> dict[str, str]:
        kind = LetterKind(key)
        return {
            "body": letters.default_text(kind.default_name),
            "asks": letters.default_asks() if kind == LetterKind.REQUEST else "",
        }

    @classmethod
    def text_fields_for(cls, key: str) -> tuple[str, ...]:
        return cls.TEXT_FIELDS if key == LetterKind.REQUEST else ("body",)

    @classmethod
    def wording_label(cls, key: str, field: str) -> str:
        return "Letter" if field == "body" else super().wording_label(key, field)

    @classmethod
    def validate_wording(cls, key: str, texts: dict[str, str]) -> None:
        if key == LetterKind.REQUEST:
            letters.check_asks_marker(texts.get("body", ""), texts.get("asks", ""))

    @classmethod
    def for_branch(cls, branch: Branch, kind: str) -> "FoILetterTemplate":
        """The branch's letter of `kind`, or the guide's (unsaved)."""
        return cls.objects.filter(branch=branch, kind=kind).first() or cls.guide_row(branch, kind)


def reply_upload_to(foi: "FoIRequest", filename: str) -> str:
    return f"foi-replies/{foi.branch_id}/{uuid.uuid4().hex}-{get_valid_filename(filename)[-100:]}"


class FoIRequestQuerySet(ScopedQuerySet):
    def awaiting_reply(self):
        """Sent and not yet answered, including those the reminder job has already marked overdue."""
        return self.filter(status__in=[*FoIRequest.AWAITING_REPLY, FoIRequest.Status.OVERDUE])

    def overdue(self, today: datetime.date):
        return self.awaiting_reply().filter(due_on__lt=today)

    def due_within(self, *, days: int, today: datetime.date):
        """Replies due from today up to `days` days ahead (not yet overdue)."""
        return self.awaiting_reply().filter(due_on__gte=today, due_on__lt=today + datetime.timedelta(days=days))

    def newly_overdue(self, today: datetime.date):
        return self.filter(status__in=FoIRequest.AWAITING_REPLY, due_on__lt=today, overdue_reminded_at__isnull=True)

    def review_reply_due(self, today: datetime.date):
        return self.filter(
            status=FoIRequest.Status.INTERNAL_REVIEW, review_due_on__lte=today, review_reminded_at__isnull=True
        )


class FoIRequest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        CLARIFICATION = "clarification", "Clarification asked (clock paused)"
        ANSWERED = "answered", "Answered"
        PARTLY_ANSWERED = "partly-answered", "Partly answered"
        REFUSED = "refused", "Refused (exemption cited)"
        OVERDUE = "overdue", "Overdue"
        INTERNAL_REVIEW = "internal-review", "Internal review requested"
        COMPLAINT = "complaint", "Complaint to the regulator"

    class SentBy(models.TextChoices):
        APP_EMAIL = "app-email", "Emailed from Insourcing"
        POST = "post", "Posted"
        OUTSIDE = "outside", "Sent another way (e.g. from the branch's own email)"

    AWAITING_REPLY = [Status.SENT, Status.ACKNOWLEDGED]
    ANSWERS = [Status.ANSWERED, Status.PARTLY_ANSWERED, Status.REFUSED]

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="foi_requests")
    authority = models.ForeignKey(PublicAuthority, on_delete=models.PROTECT, related_name="foi_requests")
    contracts = models.ManyToManyField(Contract, blank=True, related_name="foi_requests")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="foi_requests",
        help_text="Gets the reminders.",
    )
    subject = models.CharField(max_length=300, default="Freedom of Information request: contracted-out services")
    body = models.TextField("letter")
    asks = models.TextField("information requested", blank=True, help_text="One item per line.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    repeat_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="repeats_made")

    sent_by = models.CharField(max_length=20, choices=SentBy.choices, blank=True)
    sent_to = models.EmailField(blank=True)
    sent_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(
        "date of receipt", null=True, blank=True, help_text="The day the authority received the request."
    )
    due_on = models.DateField("reply due", null=True, blank=True)
    authority_reference = models.CharField(max_length=100, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)

    clarification_asked_on = models.DateField(null=True, blank=True)
    clarification_details = models.TextField("what the authority asked", blank=True)
    clarification_received_on = models.DateField("clarification received by the authority", null=True, blank=True)

    replied_on = models.DateField(null=True, blank=True)
    # The reply's own outcome, kept when the status moves on to an internal review or a complaint.
    reply_outcome = models.CharField(max_length=20, choices=Status.choices, blank=True, db_default="")
    reply_file = models.FileField(upload_to=reply_upload_to, blank=True, max_length=300)
    reply_notes = models.TextField(blank=True)
    exemptions_cited = models.CharField(max_length=500, blank=True, help_text="e.g. section 43 (commercial interests)")

    review_body = models.TextField("internal review letter", blank=True)
    review_requested_on = models.DateField(null=True, blank=True)
    # How the review letter went, which can differ from the request: a posted review must not say "By email".
    review_sent_by = models.CharField(max_length=20, choices=SentBy.choices, blank=True, db_default="")
    review_due_on = models.DateField(null=True, blank=True)
    complaint_body = models.TextField("complaint letter", blank=True)
    complaint_made_on = models.DateField(null=True, blank=True)

    # Claimed by the reminder job with a conditional UPDATE so each reminder goes once.
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FoIRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "FoI request"
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["status", "review_due_on"])]

    def __str__(self):
        return f"{self.reference} to {self.authority}"

    def get_absolute_url(self):
        return reverse("contracts:foi_detail", kwargs={"pk": self.pk})

    def reply_date_problem(self, replied_on: datetime.date | None) -> str:
        """Why a reply cannot carry this date (before the request was sent or received), or "" when it can."""
        for day, what in ((self.sent_on, "sent"), (self.received_on, "received")):
            if replied_on and day and replied_on < day:
                return (
                    f"The reply cannot be dated {replied_on.day} {replied_on:%B %Y}: the request was {what} on "
                    f"{day.day} {day:%B %Y}. Check the date on the reply."
                )
        return ""

    @property
    def reference(self) -> str:
        return f"FOI-{self.created_at:%Y}-{self.pk:04d}"

    @property
    def regime(self) -> deadlines.Regime:
        return deadlines.regime_for(self.authority.nation)

    @property
    def ask_list(self) -> list[str]:
        return letters.ask_lines(self.asks)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def clock_paused(self) -> bool:
        return self.status == self.Status.CLARIFICATION

    @property
    def clock_started_on(self) -> datetime.date | None:
        """Receipt, or receipt of the clarification (FOIA / FOISA s.1(3): the 20 days start again)."""
        return self.clarification_received_on or self.received_on

    def deadline(self) -> deadlines.Deadline | None:
        if self.clock_paused or not self.clock_started_on:
            return None
        return deadlines.due_date(self.clock_started_on, self.authority.nation)

    def review_deadline(self) -> deadlines.Deadline | None:
        if not self.review_requested_on:
            return None
        return deadlines.due_date(self.review_requested_on, self.authority.nation)

    def refresh_due_dates(self) -> None:
        deadline, review = self.deadline(), self.review_deadline()
        self.due_on = deadline.due if deadline else None
        self.review_due_on = review.due if review else None

    def placeholder_values(self) -> dict[str, str]:
        branch, authority, regime = self.branch, self.authority, self.regime
        signatory = branch.signatory_name or (self.owner.full_name if self.owner else "")
        position = branch.signatory_position or (self.owner.position if self.owner else "")
        return {
            "Branch name": branch.name,
            "Branch address": letters.one_line(branch.address),
            "Branch email address": branch.email,
            "Branch phone number": branch.phone,
            "Your name": signatory,
            "Your branch official position": position,
            "Public authority": authority.name,
            "Public authority name": authority.name,
            "Act": regime.act,
            "Regulator": regime.regulator,
            "Decision section": regime.decision_section,
            "Review basis": regime.review_basis,
            "Our reference": self.reference if self.pk else "",
            # Empty until the authority gives one: the letter then drops "(your reference: ...)".
            "Authority reference": self.authority_reference,
            "Request date": _uk_date(self.sent_on),
            "Review date": _uk_date(self.review_requested_on),
        }

    def letter_text(self) -> str:
        return letters.plain_text(self.body, self.ask_list)

    def letter_date(self) -> datetime.date:
        return self.sent_on or timezone.localdate()


def _uk_date(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


class FoIRepeatQuerySet(ScopedQuerySet):
    branch_path = "request__branch"

    def due(self, today: datetime.date):
        return self.filter(scheduled_for__lte=today, claimed_at__isnull=True)


class FoIRepeat(models.Model):
    """Ask again a chosen time before a contract's renewal decision, so the branch has fresh figures."""

    request = models.ForeignKey(FoIRequest, on_delete=models.CASCADE, related_name="repeats")
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="foi_repeats")
    decision_date = models.DateField(help_text="The renewal decision (or end date) this repeat is timed against.")
    months_before = models.PositiveSmallIntegerField()
    scheduled_for = models.DateField()
    created_request = models.ForeignKey(
        FoIRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="created_by_repeat"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FoIRepeatQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_for"]

    def __str__(self):
        return f"Repeat {self.request.reference} on {self.scheduled_for}"


class InsourcingFirstMotion(models.Model):
    """The guide's model "Insourcing First" motion (Appendix 3) for one authority, as the branch edits it."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="insourcing_first_motions")
    authority = models.ForeignKey(PublicAuthority, on_delete=models.CASCADE, related_name="insourcing_first_motions")
    title = models.CharField(max_length=300)
    body = models.TextField("motion")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("contracts:motion_edit", kwargs={"pk": self.pk})

    def blocks(self) -> list[dict]:
        """Paragraphs and bullet lists, for the PDF and the page.

        The list key is "bullets", not "items": templates look up `block.items` as the dict's method, which is
        always true and printed every paragraph as a Python tuple."""
        result: list[dict] = []
        for line in self.body.splitlines():
            text = line.strip()
            if not text:
                continue
            if text.startswith(("-", "•", "*")):
                item = text.lstrip("-•*").strip()
                if result and "bullets" in result[-1]:
                    result[-1]["bullets"].append(item)
                else:
                    result.append({"bullets": [item]})
            else:
                result.append({"text": text})
        return result
