"""Public procurement notices watched for the branch: what each branch follows, where each feed got to, the
notices read, and each branch's review queue of what a notice would change in its register.

A notice is public data shared by every branch (one row per release, so nothing is stored twice); what it means
for a branch (the contract it matches, what it proposes, whether an officer applied it) is a `BranchNotice`.
Nothing here writes to the register: `services.branch_notice_apply` does, when an officer says so.
"""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from contracts.register.models import Contract, PublicAuthority
from insourcing.models import Branch
from insourcing.scoping import ScopedQuerySet


class Source(models.TextChoices):
    FIND_A_TENDER = "find-a-tender", "Find a Tender"
    CONTRACTS_FINDER = "contracts-finder", "Contracts Finder"


class FollowedAuthority(models.Model):
    """One authority on a branch's watch list: notices whose buyer has this name or one of these identifiers are
    the branch's."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="followed_authorities")
    authority = models.ForeignKey(
        PublicAuthority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followers",
        help_text="The register's record of this authority: new awards are added under it.",
    )
    name = models.CharField(max_length=300, help_text="As the notices name the buyer, e.g. Leeds City Council.")
    identifiers = models.CharField(
        max_length=500,
        blank=True,
        help_text="Scheme and id, one or more separated by commas: GB-LAE:LDS, GB-NHS:RBA, GB-COH:01234567, or the "
        "party id a notice gives the buyer.",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "followed authorities"
        constraints = [models.UniqueConstraint(fields=["branch", "name"], name="unique_followed_authority")]

    def __str__(self):
        return self.name

    def identifier_set(self) -> set[str]:
        return {normalise_identifier(part) for part in self.identifiers.split(",") if normalise_identifier(part)}


def normalise_name(name: str) -> str:
    """Names as buyers are spelt in notices: `The University Of Plymouth` and `University of Plymouth` are one."""
    text = (name or "").casefold().replace("&amp;", "&").replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    words = [w for w in text.split() if w not in {"the"}]
    return " ".join(words)


def normalise_identifier(raw: str) -> str:
    """`GB-LAE:LDS`, `gb-lae-lds` and `GB-LAE LDS` are one identifier; a bare party id is kept as it is."""
    text = (raw or "").strip().upper()
    text = re.sub(r"[\s:/]+", "-", text)
    return text.strip("-")


class FeedState(models.Model):
    """Where one public feed got to: the window being read and the cursor within it, and when it may be asked again
    (after a 429's Retry-After or a backoff on server errors). Saved with each page's notices, so a failed run
    resumes at the page it stopped on."""

    source = models.CharField(max_length=20, choices=Source.choices, unique=True)
    window_from = models.DateTimeField(null=True, blank=True, help_text="The pass reads changes from here…")
    window_to = models.DateTimeField(null=True, blank=True, help_text="…to here (fixed while paging).")
    cursor = models.CharField(max_length=300, blank=True)
    next_from = models.DateTimeField(null=True, blank=True, help_text="Where the next pass starts.")
    not_before = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    running_since = models.DateTimeField(null=True, blank=True)
    pages_read = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.get_source_display()


class NoticeKind(models.TextChoices):
    PLANNING = "planning", "Planning"
    TENDER = "tender", "Tender"
    AWARD = "award", "Award"
    CHANGE = "change", "Contract change"
    TERMINATION = "termination", "Termination"
    COMPLETION = "completion", "Completion"
    OTHER = "other", "Other"


class Notice(models.Model):
    """One OCDS release as read from a feed. Contact points are never kept (they name people)."""

    source = models.CharField(max_length=20, choices=Source.choices)
    release_id = models.CharField(max_length=300)
    ocid = models.CharField(max_length=200, db_index=True)
    notice_id = models.CharField(max_length=100, blank=True, db_index=True)
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    tags = models.JSONField(default=list)
    title = models.CharField(max_length=500, blank=True)
    buyer_name = models.CharField(max_length=300, blank=True)
    # normalise_name(buyer_name), so a newly followed authority finds its stored notices by index, not by
    # reading every notice ever stored (hundreds of thousands within a few years: nothing is deleted).
    buyer_key = models.CharField(max_length=300, blank=True, db_index=True, db_default="")
    buyer_ids = models.JSONField(default=list)
    supplier_name = models.CharField(max_length=300, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    references = models.JSONField(default=list, help_text="Other ids the release gives: tender, award, contract.")
    published = models.DateTimeField()
    url = models.URLField(max_length=500, blank=True)
    # What the release says, read by the import's OCDS reader: dates as ISO text, the value as text.
    values = models.JSONField(default=dict)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source", "release_id"], name="unique_notice_release")]

    def __str__(self):
        return self.title or self.release_id

    @property
    def label(self) -> str:
        return f"{self.get_source_display()} notice {self.notice_id or self.release_id}"

    def source_detail(self) -> str:
        """How an applied figure names this notice as its source (the register shows it beside the figure)."""
        published = timezone.localtime(self.published).date()
        text = f"{self.label} ({self.get_kind_display().lower()}), published {published.day} {published:%B %Y}"
        return f"{text}: {self.url}"[:500] if self.url else text[:500]


class BranchNoticeQuerySet(ScopedQuerySet):
    branch_path = "branch"

    def waiting(self):
        return self.filter(status=BranchNotice.Status.WAITING)


class BranchNotice(models.Model):
    """What one notice means for one branch: the register contract it matches and what it proposes."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        APPLIED = "applied", "Applied to the register"
        DISMISSED = "dismissed", "Dismissed"
        NOTED = "noted", "For information"

    class Proposal(models.TextChoices):
        ADD = "add", "Add the new award to the register"
        END_DATE = "end-date", "Apply the new end date"
        NONE = "none", "Nothing to change"

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="notices")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="branch_notices")
    followed = models.ForeignKey(FollowedAuthority, on_delete=models.SET_NULL, null=True, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices")
    matched_by = models.CharField(max_length=40, blank=True, help_text="What matched it to the contract.")
    proposal = models.CharField(max_length=10, choices=Proposal.choices, default=Proposal.NONE)
    proposed_end_date = models.DateField(null=True, blank=True)
    previous_end_date = models.DateField(null=True, blank=True, help_text="The register's end date when applied.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = BranchNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-notice__published", "-pk"]
        constraints = [models.UniqueConstraint(fields=["branch", "notice"], name="unique_branch_notice")]
        indexes = [models.Index(fields=["branch", "status"])]

    def __str__(self):
        return str(self.notice)

    def get_absolute_url(self):
        return reverse("notices:review", kwargs={"slug": self.branch.slug}) + f"#notice-{self.pk}"

    def matched_by_text(self) -> str:
        """What matched the notice to the contract, in the officers' words rather than OCDS's."""
        source = self.notice.get_source_display()
        return {
            "ocid": f"its {source} id, which the contract's reference holds",
            "notice id": f"its {source} notice number, which the contract's reference holds",
            "reference": "a reference the notice gives, which the contract's reference holds",
            "supplier identifier": "the supplier's Companies House number and a similar title",
            "title similarity": "a similar title from the same authority",
        }.get(self.matched_by, self.matched_by)

    def question(self) -> str:
        """The review queue's question, as an officer would ask it."""
        notice = self.notice
        if self.proposal == self.Proposal.ADD:
            supplier = f" to {notice.supplier_name}" if notice.supplier_name else ""
            return f"New award{supplier} for {notice.title}: add it to the register?"
        if self.proposal == self.Proposal.END_DATE and self.contract:
            name = self.contract.reference or self.contract.service
            day = self.proposed_end_date
            what = (
                "Contract change notice" if notice.kind == NoticeKind.CHANGE else f"{notice.get_kind_display()} notice"
            )
            return f"{what} for {name} sets a new end date of {day.day} {day:%B %Y}. Apply it?"
        return f"{notice.get_kind_display()} notice: {notice.title}"


class NoticeDigest(models.Model):
    """One alert email per officer per day, claimed (inserted) before it is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="unique_notice_digest")]


class NoticeAlert(models.Model):
    """A notice an officer was told about: each is in one email only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    branch_notice = models.ForeignKey(BranchNotice, on_delete=models.CASCADE, related_name="alerts")
    digest = models.ForeignKey(NoticeDigest, on_delete=models.CASCADE, related_name="alerts")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "branch_notice"], name="unique_notice_alert")]


class AlertOptOut(models.Model):
    """An officer who asked for no daily notices email about one branch (from the email's unsubscribe link or the
    watch list); deleting the row switches the email back on. The notices still reach the review queue."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "branch"], name="unique_notice_alert_opt_out")]
