import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract
from insourcing.models import Branch
from insourcing.scoping import ScopedQuerySet


def parse_alarm_days(value: str) -> list[int]:
    """ "7, 1" -> [7, 1]; ValueError on anything else, so the form can say what is wrong."""
    days = []
    for part in value.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit() or not 0 <= int(part) <= 90:
            raise ValueError(f"“{part}” is not a number of days from 0 to 90.")
        days.append(int(part))
    return sorted(set(days), reverse=True)


def validate_alarm_days(value: str) -> None:
    try:
        parse_alarm_days(value)
    except ValueError as error:
        raise ValidationError(f"{error} Write days before the deadline separated by commas, e.g. 7,1.") from None


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CampaignQuerySet(ScopedQuerySet):
    branch_path = "branch"

    def active(self):
        return self.exclude(status__in=[Campaign.Status.WON, Campaign.Status.LOST, Campaign.Status.CLOSED])


class Campaign(models.Model):
    """An insourcing campaign following the guide's Five Phases to Win."""

    class Phase(models.IntegerChoices):
        RESEARCH = 1, "1 – Research and campaign development"
        BASE_BUILDING = 2, "2 – Base building"
        LAUNCH = 3, "3 – Insourcing campaign launch and escalate"
        CRISIS = 4, "4 – Win insourcing or create crisis"
        WIN = 5, "5 – Win, celebrate, review and sustain"

    class Status(models.TextChoices):
        PLANNING = "planning", "Planning"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        WON = "won", "Won – insourced"
        LOST = "lost", "Not won"
        CLOSED = "closed", "Closed"

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="campaigns")
    target_contracts = models.ManyToManyField(Contract, related_name="campaigns", blank=True)
    name = models.CharField(max_length=300)
    goal = models.TextField(
        blank=True, help_text="What winning looks like, e.g. the service back in-house on NJC terms."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNING)
    phase = models.PositiveSmallIntegerField(choices=Phase.choices, default=Phase.RESEARCH)
    started_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    # db_default fills the rows that exist when the column is added, without rewriting the table.
    updated_at = models.DateTimeField(auto_now=True, db_index=True, db_default=Now())

    lead = models.ForeignKey(
        "campaigns.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="campaign lead",
        help_text="Receives the weekly digest of the plan.",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        "remind this many days before a deadline",
        default=7,
        validators=[MaxValueValidator(90)],
        help_text="People are also reminded on the day and once when a task is overdue. 0 turns off early reminders.",
    )

    # SMART organising targets (guide 1.3), measured against the baseline recorded when the campaign started.
    target_density = models.DecimalField(
        "target membership density (%)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text="The guide's goal for phase 3 is majority density: over 50%.",
    )
    target_activists = models.PositiveIntegerField("target number of activists", null=True, blank=True)
    target_date = models.DateField("targets to be met by", null=True, blank=True)
    baseline_on = models.DateField("baseline recorded on", null=True, blank=True)
    baseline_staff = models.PositiveIntegerField("staff at the start", null=True, blank=True)
    baseline_members = models.PositiveIntegerField("UNISON members at the start", null=True, blank=True)
    baseline_other_union_members = models.PositiveIntegerField(
        "other-union members at the start", null=True, blank=True
    )
    baseline_activists = models.PositiveIntegerField("activists at the start", null=True, blank=True)

    # Phase 5 review (guide 5.1): captured to inform future organising strategy.
    lessons_learned = models.TextField(blank=True)
    recommendations = models.TextField("recommendations for the future", blank=True)

    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    alarm_days = models.CharField(
        "calendar alarms (days before)",
        max_length=40,
        default="7,1",
        db_default="7,1",
        validators=[validate_alarm_days],
        help_text="Days before each deadline that subscribed calendars sound an alarm, e.g. 7,1. Leave blank for none.",
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", kwargs={"pk": self.pk})

    @property
    def baseline_density(self) -> Decimal | None:
        return density(self.baseline_members, self.baseline_staff)

    def record_baseline(self, *, on, contracts) -> None:
        """Sum the target contracts' known figures; a figure unknown for any contract stays unknown."""

        def total(field):
            values = [getattr(c, field) for c in contracts]
            return None if not values or None in values else sum(values)

        self.baseline_on = on
        self.baseline_staff = total("staff_count")
        self.baseline_members = total("union_members")
        self.baseline_other_union_members = total("other_union_members")
        self.baseline_activists = total("activists")

    def review_outcome(self) -> dict:
        """Phase 5 closes the loop: each SMART target against what was reached and when, whether the service
        was insourced, and the follow-up rows for delivering it with their state."""
        readings = [(s.taken_on, s.density, s.activists) for s in self.snapshots.all()]
        if self.baseline_on:
            readings.insert(0, (self.baseline_on, self.baseline_density, self.baseline_activists))
        readings.sort(key=lambda r: r[0])

        def reached(index, target):
            known = [(r[0], r[index]) for r in readings if r[index] is not None]
            met = next((on for on, value in known if target is not None and value >= target), None)
            return {"target": target, "latest": known[-1] if known else None, "met_on": met}

        density_line, activists_line = reached(1, self.target_density), reached(2, self.target_activists)
        # A target not reached yet whose date is still ahead is "not yet due", not "not met".
        pending = self.target_date is not None and self.target_date >= timezone.localdate()
        for line in (density_line, activists_line):
            line["on_time"] = line["met_on"] is not None and (
                self.target_date is None or line["met_on"] <= self.target_date
            )
            line["not_yet_due"] = line["met_on"] is None and pending
        insourced = {self.Status.WON: True, self.Status.LOST: False}.get(self.status)
        return {
            "density": density_line,
            "activists": activists_line,
            "insourced": insourced,
            "follow_ups": list(self.plan_rows.filter(is_follow_up=True).select_related("responsible")),
        }

    @property
    def alarms(self) -> list[int]:
        return parse_alarm_days(self.alarm_days)

    def rotate_calendar_token(self) -> None:
        self.calendar_token = new_calendar_token()
        self.save(update_fields=["calendar_token"])

    def revoke_calendar_token(self) -> None:
        self.calendar_token = None
        self.save(update_fields=["calendar_token"])


def density(members: int | None, staff: int | None) -> Decimal | None:
    """Membership density in percent, one decimal place; unknown when either figure is unknown or staff is 0."""
    if members is None or not staff:
        return None
    return (Decimal(members) * 100 / Decimal(staff)).quantize(Decimal("0.1"))
