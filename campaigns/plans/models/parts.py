"""The campaign plan: team, plan rows under the five phases, membership snapshots and reminder bookkeeping."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from insourcing.models import Branch, BranchWording
from insourcing.scoping import ScopedQuerySet

from .campaign import Campaign, density, new_calendar_token


class CampaignPartQuerySet(ScopedQuerySet):
    """Rows that belong to a campaign are scoped through it."""

    branch_path = "campaign__branch"


class TeamMember(models.Model):
    """A member of the campaign team or organising committee (guide 1.2)."""

    class Role(models.TextChoices):
        WORKFORCE_LEADER = "workforce-leader", "Workforce leader"
        BRANCH_OFFICER = "branch-officer", "Branch officer"
        REGIONAL_STAFF = "regional-staff", "Regional staff"
        OTHER = "other", "Other"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.WORKFORCE_LEADER)
    email = models.EmailField("contact email", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_memberships",
        verbose_name="linked account",
        help_text="Their Insourcing login, if they have one: the plan's “mine” filter uses it.",
    )
    reminders_enabled = models.BooleanField(
        "email reminders", default=True, help_text="Deadline reminders (and the weekly digest for the lead)."
    )
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    # The private link in their reminders to a read-only page of their own tasks, for people without an account.
    tasks_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:team", kwargs={"pk": self.campaign_id})

    def rotate_calendar_token(self) -> None:
        self.calendar_token = new_calendar_token()
        self.save(update_fields=["calendar_token"])

    def revoke_calendar_token(self) -> None:
        self.calendar_token = None
        self.save(update_fields=["calendar_token"])

    def ensure_tasks_token(self) -> str:
        """The task page token, made on first need; a conditional update so two runs agree on one token."""
        if not self.tasks_token:
            TeamMember.objects.filter(pk=self.pk, tasks_token__isnull=True).update(tasks_token=new_calendar_token())
            self.tasks_token = TeamMember.objects.values_list("tasks_token", flat=True).get(pk=self.pk)
        return self.tasks_token

    def revoke_tasks_token(self) -> None:
        """The old link stops working; the person's next reminder carries a new one."""
        self.tasks_token = None
        self.save(update_fields=["tasks_token"])


class PlanRowQuerySet(CampaignPartQuerySet):
    OPEN = ("todo", "doing")

    def accepted(self):
        return self.filter(is_draft=False)

    def open(self):
        return self.filter(status__in=self.OPEN)

    @classmethod
    def overdue_q(cls, today=None, *, prefix: str = "") -> models.Q:
        """Open rows, drafts included, past their deadline: the one rule behind `is_overdue`, the plan's
        "Overdue" filter, the "Next 30 days" box and every count (`prefix` is for counting through a relation,
        e.g. "plan_rows__"). Reminders go only to accepted rows: they ask `accepted()` as well."""
        return models.Q(**{f"{prefix}status__in": cls.OPEN, f"{prefix}deadline__lt": today or timezone.localdate()})

    def overdue(self, today=None):
        return self.filter(self.overdue_q(today))

    def due_within(self, *, days: int, today=None):
        """Open rows due from today up to `days` days ahead (not yet overdue)."""
        today = today or timezone.localdate()
        return self.accepted().open().filter(deadline__gte=today, deadline__lt=today + timedelta(days=days))

    def for_person(self, user):
        return self.filter(responsible__user=user)


class PlanRow(models.Model):
    """One line of a phase's Objective / Task / Responsibility / Deadline table."""

    class Status(models.TextChoices):
        TODO = "todo", "To do"
        DOING = "doing", "Doing"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="plan_rows")
    phase = models.PositiveSmallIntegerField(choices=Campaign.Phase.choices, default=Campaign.Phase.RESEARCH)
    step = models.CharField(max_length=10, blank=True, help_text="The guide's step, e.g. 1.1")
    objective = models.CharField(max_length=500)
    task = models.TextField(blank=True)
    responsible = models.ForeignKey(
        TeamMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_rows"
    )
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TODO)
    done_on = models.DateField("done on", null=True, blank=True)
    notes = models.TextField(blank=True)
    # Set when an officer changes the deadline themselves: a recount from the deciding date never moves it
    # silently (it is listed as kept, with the date the guide would give).
    deadline_by_hand = models.BooleanField("deadline set by hand", default=False, db_default=False)
    position = models.PositiveIntegerField(default=0)
    is_draft = models.BooleanField(
        default=False, help_text="Offered from the guide and not yet accepted: no reminders until accepted."
    )
    is_follow_up = models.BooleanField(
        "follow-up for delivering the insourcing",
        default=False,
        help_text="Phase 5: work with members to see the insourcing delivered and problems addressed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanRowQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "phase", "position", "pk"]
        indexes = [
            models.Index(fields=["campaign", "phase", "position"]),
            models.Index(fields=["status", "deadline"], name="planrow_due_idx"),
        ]

    def __str__(self):
        return self.objective

    def get_absolute_url(self):
        return f"{self.campaign.get_absolute_url()}#row-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in PlanRowQuerySet.OPEN

    def is_overdue(self, today=None) -> bool:
        # Drafts too: a draft whose date has passed (after a recount, or left unaccepted) is late all the same,
        # and the page must say so. The same rule as PlanRowQuerySet.overdue_q, which the filter and counts use.
        return self.is_open and self.deadline is not None and self.deadline < (today or timezone.localdate())

    @classmethod
    def next_position(cls, campaign, phase) -> int:
        top = cls.objects.filter(campaign=campaign, phase=phase).aggregate(top=Max("position"))["top"]
        return 0 if top is None else top + 1


class MembershipSnapshot(models.Model):
    """Membership and activism in the target workforce on one date, to chart progress against the targets."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField("date", default=timezone.localdate)
    staff = models.PositiveIntegerField("staff employed", null=True, blank=True)
    members = models.PositiveIntegerField("UNISON members", null=True, blank=True)
    other_union_members = models.PositiveIntegerField("other-union members", null=True, blank=True)
    activists = models.PositiveIntegerField(null=True, blank=True)

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "taken_on", "pk"]

    def __str__(self):
        return f"{self.campaign} on {self.taken_on:%d %B %Y}"

    def get_absolute_url(self):
        return reverse("campaigns:snapshots", kwargs={"pk": self.campaign_id})

    @property
    def density(self):
        return density(self.members, self.staff)


class SentReminder(models.Model):
    """A reminder claimed (inserted) before it is sent: the unique key makes a second run skip it."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Coming up"
        DUE = "due", "Due today"
        OVERDUE = "overdue", "Overdue"

    plan_row = models.ForeignKey(PlanRow, on_delete=models.CASCADE, related_name="sent_reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Part of the key, so moving a deadline earns the row a fresh set of reminders.
    deadline = models.DateField()
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan_row", "kind", "deadline"], name="unique_plan_reminder"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder for row {self.plan_row_id}"


class SentDigest(models.Model):
    """The weekly digest claimed for one campaign and week (Monday's date)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sent_digests")
    week_of = models.DateField()
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "week_of"], name="unique_weekly_digest")]

    def __str__(self):
        return f"Digest for {self.campaign_id}, week of {self.week_of}"


class PlanStepTemplate(BranchWording):
    """A branch's own wording of a seeded plan step; without any, the guide's steps are offered.

    Unlike the other guide wording the steps are one list the branch edits as a whole (steps added, removed and
    reordered, none keyed to one of the guide's), so it is saved with its formset; reset is `wording_reset`.
    """

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="plan_step_templates")
    phase = models.PositiveSmallIntegerField(choices=Campaign.Phase.choices)
    step = models.CharField(max_length=10, blank=True)
    objective = models.CharField(max_length=500)
    task = models.TextField(blank=True)
    months_before = models.SmallIntegerField(
        "months before the decision date",
        default=0,
        help_text="Counted back from the contract's end or extension decision; negative means after it.",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["branch", "position", "pk"]

    def __str__(self):
        return f"{self.step} {self.objective}"
