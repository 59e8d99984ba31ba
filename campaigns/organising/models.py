"""Campaigns: organising tools (workforce grid, activity plans, arguments, allies, power map, business case)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from insourcing.models import Branch, BranchWording
from insourcing.scoping import ScopedQuerySet

from ..plans.models import Campaign, CampaignPartQuerySet, PlanRow, TeamMember
from . import guide
from .guide import Audience, BroadGroup, Category, Progress

__all__ = [
    "Activity",
    "Ally",
    "AllyAction",
    "BusinessCase",
    "DecisionMeeting",
    "KeyArgument",
    "OrganisingWording",
    "PowerMapContact",
    "PowerMapPerson",
    "Stance",
    "WorkforceAction",
]


class OrganisingWording(BranchWording):
    """A branch's own wording for one of the guide's organising suggestions; the guide's is the default."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="organising_wording")
    key = models.CharField(max_length=80, help_text="A key of campaigns.organising_guide.ENTRIES.")
    text = models.TextField()

    TEXTAREA_ROWS = {"text": 2}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["branch", "key"], name="unique_organising_wording")]

    def __str__(self):
        return self.key

    @classmethod
    def guide_keys(cls) -> list[str]:
        return list(guide.ENTRIES)

    @classmethod
    def guide_wording(cls, key: str) -> dict[str, str]:
        return {"text": guide.ENTRIES[key].text}

    @classmethod
    def wording_label(cls, key: str, field: str) -> str:
        return guide.ENTRIES[key].label


class PlannedActionMixin(models.Model):
    """What every planned action shares: dates, progress, and whether it is late."""

    description = models.TextField()
    starts_on = models.DateField("start", null=True, blank=True)
    due_on = models.DateField("due", null=True, blank=True)
    progress = models.CharField(max_length=20, choices=Progress.choices, default=Progress.PLANNED)
    notes = models.TextField(blank=True)
    plan_row = models.ForeignKey(
        PlanRow,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The campaign plan row this action became, if any.",
    )

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.progress not in (Progress.DONE, Progress.DROPPED)

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < (today or timezone.localdate())


class Activity(models.Model):
    """One activity in a workforce activity plan, e.g. "Holding a series of recruitment events"."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="organising_activities")
    category = models.CharField(max_length=20, choices=Category.choices)
    guide_key = models.CharField(max_length=80, blank=True, help_text="The guide suggestion it came from, if any.")
    title = models.TextField("activity")
    notes = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "category", "order", "pk"]
        verbose_name_plural = "activities"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:activity_plans", kwargs={"pk": self.campaign_id}) + f"#activity-{self.pk}"


class WorkforceActionQuerySet(CampaignPartQuerySet):
    def in_grid(self):
        return self.exclude(audience="")


class WorkforceAction(PlannedActionMixin):
    """A planned action with the contractor workforce: a cell of the grid, a step of an activity, or both."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="workforce_actions")
    category = models.CharField(max_length=20, choices=Category.choices)
    audience = models.CharField(
        "who with",
        max_length=20,
        choices=Audience.choices,
        blank=True,
        help_text="The column of the workforce grid it shows in. Leave blank to keep it off the grid.",
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="actions")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkforceActionQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "due_on", "pk"]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        if self.activity_id:
            return self.activity.get_absolute_url()
        return reverse("campaigns:workforce_grid", kwargs={"pk": self.campaign_id}) + f"#action-{self.pk}"


class KeyArgument(models.Model):
    """One argument for in-house provision with the evidence gathered for it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="key_arguments")
    guide_key = models.CharField(max_length=80, blank=True)
    argument = models.TextField()
    evidence = models.TextField("evidence gathered", blank=True)
    source = models.TextField(
        blank=True, help_text="Where the evidence comes from: an FoI answer, accounts, the staff survey, KPIs."
    )
    order = models.PositiveIntegerField(default=0)

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "guide_key"], condition=~models.Q(guide_key=""), name="unique_guide_argument"
            )
        ]

    def __str__(self):
        return self.argument[:80]


class Ally(models.Model):
    """A specific group to win over, under one of the guide's broad groups, and what we want from it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="allies")
    broad_group = models.CharField(max_length=20, choices=BroadGroup.choices)
    specific_group = models.CharField(max_length=300, help_text="e.g. Oakfield Residents' Association")
    target = models.TextField("what we want from them", blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "broad_group", "order", "pk"]
        verbose_name_plural = "allies"

    def __str__(self):
        return self.specific_group

    def get_absolute_url(self):
        return reverse("campaigns:allies", kwargs={"pk": self.campaign_id}) + f"#ally-{self.pk}"


class AllyActionQuerySet(ScopedQuerySet):
    branch_path = "ally__campaign__branch"


class AllyAction(PlannedActionMixin):
    ally = models.ForeignKey(Ally, on_delete=models.CASCADE, related_name="actions")

    objects = AllyActionQuerySet.as_manager()

    class Meta:
        ordering = ["ally", "due_on", "pk"]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return self.ally.get_absolute_url()


class Stance(models.IntegerChoices):
    OPPOSED = -2, "Opposed"
    LEANING_AGAINST = -1, "Leaning against"
    UNDECIDED = 0, "Undecided or unknown"
    LEANING_FOR = 1, "Leaning in favour"
    CHAMPION = 2, "Champion"


class PowerMapPerson(models.Model):
    """A decision maker or influencer, recorded in their public role only."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="power_map")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=300, help_text="Their public role, e.g. Cabinet member for resources")
    organisation = models.CharField(max_length=300, blank=True)
    party_or_body = models.CharField("party or body", max_length=200, blank=True)
    influence = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        default=3,
        help_text="1 = little say over the contract, 5 = takes the decision",
    )
    stance = models.SmallIntegerField(choices=Stance.choices, default=Stance.UNDECIDED)
    motivations = models.TextField(blank=True, help_text="What they have said publicly, what they want to achieve.")
    self_interest = models.TextField(blank=True, help_text="e.g. a marginal ward, a budget they must balance")
    influenced_by = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="influences")
    next_election_on = models.DateField("next election", null=True, blank=True)

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "-influence", "name"]
        verbose_name = "person on the power map"
        verbose_name_plural = "power map"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:power_map", kwargs={"pk": self.campaign_id}) + f"#person-{self.pk}"


class PowerMapContactQuerySet(ScopedQuerySet):
    branch_path = "person__campaign__branch"


class PowerMapContact(models.Model):
    """One contact with a person on the power map: a meeting, letter, surgery visit."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        SURGERY = "surgery", "Surgery"
        LETTER = "letter", "Letter or email"
        PHONE = "phone", "Phone call"
        EVENT = "event", "Public meeting or event"
        OTHER = "other", "Other"

    person = models.ForeignKey(PowerMapPerson, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(default=timezone.localdate)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEETING)
    summary = models.TextField(help_text="What was said and agreed, in their public role.")

    objects = PowerMapContactQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class DecisionMeeting(models.Model):
    """A date in the decision calendar: a meeting that may decide the contract's fate, or an election."""

    class Kind(models.TextChoices):
        CABINET = "cabinet", "Cabinet"
        SCRUTINY = "scrutiny", "Scrutiny committee"
        TRUST_BOARD = "trust-board", "Trust board"
        COUNCIL = "council", "Full council"
        PROCUREMENT = "procurement", "Procurement board"
        ELECTION = "election", "Election"
        OTHER = "other", "Other"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="decision_meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300, help_text="e.g. Cabinet: leisure services options appraisal")
    date = models.DateField()
    starts_at = models.TimeField(
        "start time",
        null=True,
        blank=True,
        help_text="Optional: with a time, calendars show the meeting at that hour; without, as an all-day event.",
    )
    decides_contract = models.BooleanField(
        "the contract's fate is decided here", default=False, help_text="Flagged in the calendar and the PDF."
    )
    notes = models.TextField(blank=True, help_text="Papers deadline, whether the union may speak, who sits on it.")
    members = models.ManyToManyField(
        PowerMapPerson,
        blank=True,
        related_name="meetings",
        verbose_name="decision makers who sit on it",
        help_text="People on the power map who vote or advise here: the meeting's page shows how they stand.",
    )
    attendees = models.ManyToManyField(
        TeamMember,
        blank=True,
        related_name="meetings_attending",
        verbose_name="who from the campaign attends",
        help_text="Their own calendar feed carries the meeting.",
    )

    objects = CampaignPartQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "date", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:meeting_detail", kwargs={"pk": self.pk})

    @property
    def when(self) -> str:
        """“2 March 2027”, or “2 March 2027, 18:00” with a start time."""
        return f"{self.date:%-d %B %Y}" + (f", {self.starts_at:%H:%M}" if self.starts_at else "")

    @property
    def is_past(self) -> bool:
        return self.date < timezone.localdate()

    @property
    def decided_phrase(self) -> str:
        """“To be decided on 2 March 2027, 18:00” while it is ahead (today included), “Decided on …” once past."""
        return f"{'Decided' if self.is_past else 'To be decided'} on {self.when}"

    @property
    def decides_phrase(self) -> str:
        """“after the cabinet decides on 16 March 2027”."""
        body = "meeting" if self.kind == self.Kind.OTHER else self.get_kind_display().lower()
        return f"after the {body} decides on {self.date:%-d %B %Y}"

    @property
    def is_election(self) -> bool:
        return self.kind == self.Kind.ELECTION

    @property
    def weekend_note(self) -> str:
        """A gentle note for a meeting on a Saturday or Sunday: allowed, but councils rarely meet then."""
        if self.date and self.date.weekday() >= 5:
            return f"{self.date:%A}: councils and boards rarely meet at weekends. Check the date if it was a slip."
        return ""


class BusinessCase(models.Model):
    """The business case for the in-house option, in the guide's four dimensions."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="business_case")
    benefits = models.TextField(blank=True)
    costs = models.TextField(blank=True)
    timescale = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignPartQuerySet.as_manager()

    DIMENSIONS = ("benefits", "costs", "timescale", "risks")

    def __str__(self):
        return f"Business case: {self.campaign}"

    def get_absolute_url(self):
        return reverse("campaigns:business_case", kwargs={"pk": self.campaign_id})
