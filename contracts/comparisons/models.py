"""Terms and conditions comparisons: the guide's "Template comparing staff terms and conditions".

A Comparison belongs to a contract (several per contract, e.g. one per job role). Each has one set of terms
per column: the contractor's staff (or, when there is a two-tier workforce, those transferred under TUPE),
new starters when two-tier, and comparable staff directly employed by the public authority. Reference
rates (minimum wage, Real Living Wage) are national data; pay points (NJC, SJC, Agenda for Change) are
entered or imported by each branch.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from insourcing.models import Branch, BranchWording
from insourcing.scoping import ScopedQuerySet
from insourcing.services import wording_for

from . import gap

__all__ = [
    "COLUMN_LABELS",
    "ROWS",
    "Comparison",
    "ComparisonTerms",
    "ComparisonWording",
    "PayPoint",
    "PayScheme",
    "ReferenceRate",
]

# The guide's rows, in its order and wording (editable per branch through ComparisonWording).
ROWS = [
    ("pay_rates", "Pay rates"),
    ("pay_increases", "Pay increases"),
    ("unsocial_hours", "Unsocial hours payments"),
    ("hours", "Hours"),
    ("leave", "Leave"),
    ("sick_pay", "Sick pay"),
    ("pension", "Pension scheme"),
    ("other", "Other terms (e.g. maternity/paternity/parental leave, rest breaks)"),
]
# Column headings: the guide's two, and the split the guide describes for a two-tier workforce.
COLUMN_LABELS = [
    ("contractor", "Staff employed by contractor"),
    ("tupe", "Contractor staff transferred under TUPE"),
    ("new-starters", "Contractor staff taken on since the transfer (new starters)"),
    ("direct", "Comparable staff directly employed by the public authority"),
]


class PayScheme(models.TextChoices):
    NJC = "njc", "NJC (local government)"
    SJC = "sjc", "SJC (Scottish local government)"
    AFC = "afc", "NHS Agenda for Change"
    OTHER = "other", "Other"

    @property
    def standard_weekly_hours(self) -> Decimal | None:
        """The full-time week each scheme's hourly rates are worked out on."""
        return {"njc": Decimal("37"), "sjc": Decimal("37"), "afc": Decimal("37.5")}.get(self.value)


class ReferenceRateQuerySet(models.QuerySet):
    def on(self, date: datetime.date) -> dict[str, "ReferenceRate"]:
        """The rate of each kind in force on `date` (latest effective date on or before it)."""
        rates: dict[str, ReferenceRate] = {}
        for rate in self.filter(effective_from__lte=date).order_by("-effective_from"):
            rates.setdefault(rate.kind, rate)
        return rates


class ReferenceRate(models.Model):
    """A national hourly rate from a date: public data, the same for every branch."""

    class Kind(models.TextChoices):
        MINIMUM_WAGE = "minimum-wage", "National Living Wage / National Minimum Wage"
        RLW_UK = "rlw-uk", "Real Living Wage (UK)"
        RLW_LONDON = "rlw-london", "Real Living Wage (London)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    effective_from = models.DateField()
    hourly_rate = models.DecimalField(max_digits=6, decimal_places=2)
    name = models.CharField(max_length=100)
    age_note = models.CharField(max_length=100, blank=True, help_text="e.g. aged 21 and over")
    note = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=300)

    objects = ReferenceRateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "effective_from"], name="unique_reference_rate")]

    def __str__(self):
        return f"{self.name} from {self.effective_from.day} {self.effective_from:%B %Y}: £{self.hourly_rate}"


class PayPointQuerySet(ScopedQuerySet):
    branch_path = "branch"

    def in_force(self, date: datetime.date, scheme: str, point: str) -> "PayPoint | None":
        """The figure for one scheme and point in force on `date`."""
        return self.filter(scheme=scheme, point=point, effective_from__lte=date).order_by("-effective_from").first()


class PayPoint(models.Model):
    """One point of a national pay scale as a branch recorded it (e.g. NJC SCP 3 from 1 April 2025)."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="pay_points")
    scheme = models.CharField(max_length=10, choices=PayScheme.choices)
    point = models.CharField(
        "spine point or band", max_length=60, help_text='As the scale names it, e.g. "SCP 3" or "Band 2".'
    )
    effective_from = models.DateField()
    annual_salary = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    weekly_hours = models.DecimalField(
        "standard weekly hours",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text="The full-time week the hourly rate is worked out on: NJC and SJC 37, Agenda for Change 37.5.",
    )
    source = models.CharField(max_length=300, blank=True, help_text="e.g. NJC pay agreement 2025")

    objects = PayPointQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "point", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "scheme", "point", "effective_from"], name="unique_pay_point")
        ]

    def __str__(self):
        return f"{self.get_scheme_display()} {self.point}"

    def get_absolute_url(self):
        return reverse("contracts:pay_point_edit", kwargs={"pk": self.pk})

    @property
    def hourly(self) -> gap.Figure:
        return gap.hourly_from_annual(self.annual_salary, self.weekly_hours)


class ComparisonQuerySet(ScopedQuerySet):
    branch_path = "contract__branch"


class Comparison(models.Model):
    class LivingWageArea(models.TextChoices):
        UK = "uk", "UK"
        LONDON = "london", "London"

    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE, related_name="comparisons")
    title = models.CharField("job role or title", max_length=200, help_text='e.g. "Cleaners" or "Kitchen assistants".')
    as_at = models.DateField(
        "as at", default=timezone.localdate, help_text="The date the terms apply: reference rates on this date."
    )
    two_tier = models.BooleanField(
        "two-tier workforce",
        default=False,
        help_text="Staff transferred under TUPE and new starters are on different terms: compare them separately.",
    )
    living_wage_area = models.CharField(
        "Real Living Wage area", max_length=10, choices=LivingWageArea.choices, default=LivingWageArea.UK
    )
    pay_scheme = models.CharField("comparable pay scheme", max_length=10, choices=PayScheme.choices, blank=True)
    pay_point = models.CharField("comparable pay point", max_length=60, blank=True)
    staff_count = models.PositiveIntegerField(
        "staff in this comparison",
        null=True,
        blank=True,
        help_text="Leave blank to use the contract's staff numbers.",
    )
    transferred_staff = models.PositiveIntegerField("staff transferred under TUPE", null=True, blank=True)
    new_starter_staff = models.PositiveIntegerField("new starters", null=True, blank=True)
    sources = models.TextField(blank=True, help_text="Where the terms came from: FoI answers, payslips, handbooks.")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComparisonQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "title"]

    def __str__(self):
        return f"{self.title} – {self.contract}"

    def get_absolute_url(self):
        return reverse("contracts:comparison_detail", kwargs={"pk": self.pk})

    @property
    def columns(self) -> list[str]:
        """Term columns shown, contractor side first."""
        if self.two_tier:
            return [
                ComparisonTerms.Column.CONTRACTOR,
                ComparisonTerms.Column.NEW_STARTERS,
                ComparisonTerms.Column.DIRECT,
            ]
        return [ComparisonTerms.Column.CONTRACTOR, ComparisonTerms.Column.DIRECT]

    def workforce(self) -> int | None:
        return self.staff_count if self.staff_count is not None else self.contract.staff_count

    def front_line_pay(self):
        """A front-line worker's full-time pay a year (a `contracts.register.ratios.FrontLinePay`), which the
        register's contract and provider pages read through the `contract.comparisons` relation."""
        from .analysis import comparison_front_line_pay  # analysis imports this module

        return comparison_front_line_pay(self)

    def staff_for(self, column: str) -> int | None:
        """Headcount a contractor column stands for: the whole workforce, or its tier when two-tier."""
        if not self.two_tier:
            return self.workforce()
        if column == ComparisonTerms.Column.NEW_STARTERS:
            return self.new_starter_staff
        return self.transferred_staff


class ComparisonTermsQuerySet(ScopedQuerySet):
    branch_path = "comparison__contract__branch"


class ComparisonTerms(models.Model):
    """One column of the comparison: each of the guide's rows as text, and the numbers that can be valued."""

    class Column(models.TextChoices):
        CONTRACTOR = "contractor", "Contractor"
        NEW_STARTERS = "new-starters", "New starters"
        DIRECT = "direct", "Directly employed"

    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="terms")
    column = models.CharField(max_length=20, choices=Column.choices)

    pay_rates = models.TextField(blank=True)
    pay_increases = models.TextField(blank=True)
    unsocial_hours = models.TextField(blank=True)
    hours = models.TextField(blank=True)
    leave = models.TextField(blank=True)
    sick_pay = models.TextField(blank=True)
    pension = models.TextField(blank=True)
    other = models.TextField(blank=True)

    hourly_rate = models.DecimalField(
        "hourly rate (£)", max_digits=7, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    weekly_hours = models.DecimalField(
        "weekly hours", max_digits=5, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    annual_leave_days = models.DecimalField(
        "annual leave (days, with bank holidays)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    sick_full_weeks = models.DecimalField(
        "sick pay: weeks on full pay",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="0 if only Statutory Sick Pay.",
    )
    sick_half_weeks = models.DecimalField(
        "sick pay: weeks on half pay",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    employer_pension_pct = models.DecimalField(
        "employer pension contribution (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unsocial_premium_pct = models.DecimalField(
        "unsocial hours premium (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="e.g. 33.33 for time and a third.",
    )
    unsocial_hours_weekly = models.DecimalField(
        "unsocial hours worked a week",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects = ComparisonTermsQuerySet.as_manager()

    TEXT_FIELDS = [key for key, _ in ROWS]
    NUMBER_FIELDS = {
        "pay_rates": ["hourly_rate"],
        "unsocial_hours": ["unsocial_premium_pct", "unsocial_hours_weekly"],
        "hours": ["weekly_hours"],
        "leave": ["annual_leave_days"],
        "sick_pay": ["sick_full_weeks", "sick_half_weeks"],
        "pension": ["employer_pension_pct"],
    }

    class Meta:
        ordering = ["comparison", "column"]
        constraints = [models.UniqueConstraint(fields=["comparison", "column"], name="unique_comparison_column")]

    def __str__(self):
        return f"{self.comparison}: {self.get_column_display()}"


class ComparisonWordingQuerySet(ScopedQuerySet):
    branch_path = "branch"

    def labels(self, branch: Branch) -> dict[str, str]:
        """The guide's row and column wording, with this branch's own wording where it has set one."""
        return {key: row.text for key, row in wording_for(model=self.model, branch=branch).items()}


class ComparisonWording(BranchWording):
    """A branch's own wording for one row label or column heading of its comparisons."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="comparison_wording")
    key = models.CharField(max_length=20, choices=ROWS + COLUMN_LABELS)
    text = models.CharField(max_length=200)

    objects = ComparisonWordingQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["branch", "key"], name="unique_comparison_wording")]

    def __str__(self):
        return self.text

    @classmethod
    def guide_keys(cls) -> list[str]:
        return [key for key, _ in ROWS + COLUMN_LABELS]

    @classmethod
    def guide_wording(cls, key: str) -> dict[str, str]:
        return {"text": (dict(ROWS) | dict(COLUMN_LABELS))[key]}

    @classmethod
    def wording_label(cls, key: str, field: str) -> str:
        return f"Wording for “{cls.guide_wording(key)['text']}”"
