"""The register of outsourced contracts: every field in the guide's two templates and the notes under them."""

import calendar
import datetime
import re

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from insourcing.models import Branch
from insourcing.scoping import ScopedQuerySet

# The guide's APSE lead-in: two years is the ideal time to plan bringing a service back in-house.
LEAD_IN_MONTHS = 24


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), clamped to the month's last day: 31 Jan + 1 = 28/29 Feb."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from start to end (negative when end is earlier), counted as add_months does."""
    if end < start:
        return -months_between(end, start)
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class PublicAuthority(models.Model):
    """A commissioning body. Each branch keeps its own record (FoI address, notes, saved import mapping)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS_TRUST = "nhs-trust", "NHS trust"
        SCHOOL = "school", "School"
        ACADEMY = "academy", "Academy"
        UNIVERSITY = "university", "University"
        FE_COLLEGE = "fe-college", "FE college"
        POLICE = "police", "Police"
        FIRE = "fire", "Fire and rescue"
        UTILITY = "utility", "Energy or water utility"
        OTHER = "other", "Other"

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="authorities")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNCIL)
    nation = models.CharField(
        max_length=20,
        choices=Nation.choices,
        default=Nation.ENGLAND,
        help_text="Decides the FoI law: FOISA and Scotland's bank holidays for Scottish authorities, FOIA elsewhere.",
    )
    foi_email = models.EmailField("FoI email", blank=True)
    postal_address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "public authorities"
        constraints = [models.UniqueConstraint(fields=["branch", "name"], name="unique_authority_per_branch")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contracts:authority_detail", kwargs={"pk": self.pk})


def normalise_company_number(raw: str) -> str:
    """Companies House numbers in one form: `gb/02165763`, `2165763` and `02165763` are the same company.

    Numbers are eight characters; purely numeric ones lost leading zeros in spreadsheets, prefixed ones
    (SC, NI, OC, FC, IP ...) keep their letters and are zero-padded after them.
    """
    value = re.sub(r"^(GB-COH|GB|COH)[/:\-\s]+", "", (raw or "").strip().upper())
    value = re.sub(r"[\s.\-]", "", value)
    if not value:
        return ""
    match = re.fullmatch(r"([A-Z]{1,2})?(\d{1,8})([A-Z])?", value)
    if not match:
        return value
    prefix, digits, suffix = match.group(1) or "", match.group(2), match.group(3) or ""
    return prefix + digits.zfill(8 - len(prefix) - len(suffix)) + suffix


class ProviderQuerySet(models.QuerySet):
    """Providers are public reference data shared by all branches (Companies House / charity registers)."""

    def for_user(self, user):
        if getattr(user, "is_authenticated", False) and (user.is_officer or user.is_organiser):
            return self
        return self.none()

    def editable_by(self, user):
        if getattr(user, "is_authenticated", False) and user.is_officer:
            return self
        return self.none()

    def matching(self, text: str) -> "ProviderQuerySet":
        """Providers whose name contains `text`, or whose Companies House number it is; exact names first."""
        condition = models.Q(name__icontains=text)
        if number := normalise_company_number(text):
            condition |= models.Q(company_number=number)
        return (
            self.filter(condition)
            .annotate(exact=models.Case(models.When(name__iexact=text, then=0), default=1))
            .order_by("exact", "name", "pk")
        )


class Provider(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        CHARITY = "charity", "Charity"
        HOUSING_ASSOCIATION = "housing-association", "Housing association"
        OTHER = "other", "Other"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.COMPANY)
    company_number = models.CharField(
        "Companies House number", max_length=20, blank=True, db_index=True, help_text="e.g. 02165763"
    )
    charity_number = models.CharField(max_length=20, blank=True, db_index=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)

    objects = ProviderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company_number"], condition=~models.Q(company_number=""), name="unique_company_number"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Normalising here (not only in forms) keeps imports, admin and API on one identity for a company.
        self.company_number = normalise_company_number(self.company_number)
        self.charity_number = (self.charity_number or "").strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contracts:provider_detail", kwargs={"pk": self.pk})


class ContractQuerySet(ScopedQuerySet):
    branch_path = "branch"

    def ending_within(self, *, months: int, today: datetime.date | None = None):
        """Contracts whose end date is between today and `months` from now (already ended ones excluded)."""
        today = today or timezone.localdate()
        return self.filter(end_date__gte=today, end_date__lte=add_months(today, months))

    def in_lead_in(self, *, today: datetime.date | None = None):
        return self.ending_within(months=LEAD_IN_MONTHS, today=today)

    def ended(self, *, today: datetime.date | None = None):
        return self.filter(end_date__lt=today or timezone.localdate())

    def _campaign_exists(self):
        # Looked up through the reverse relation: contracts must not import campaigns.
        through = Contract.campaigns.through
        return models.Exists(through.objects.filter(contract_id=models.OuterRef("pk")))

    def with_campaign(self):
        return self.filter(self._campaign_exists())

    def without_campaign(self):
        return self.filter(~self._campaign_exists())

    def annotate_next_meeting(self, today: datetime.date):
        """`next_meeting_date`: the first meeting from today that a campaign marked as deciding the contract (through
        the reverse relation: the register knows no campaigns), for the priority list's next decision."""
        return self.annotate(
            next_meeting_date=models.Min(
                "campaigns__decision_meetings__date",
                filter=models.Q(
                    campaigns__decision_meetings__decides_contract=True, campaigns__decision_meetings__date__gte=today
                ),
            )
        )

    def annotate_has_campaign(self):
        return self.annotate(has_campaign=self._campaign_exists())

    def with_risk_flag(self, flag: str):
        # One row per contract: a contract carries each flag at most once (unique_risk_flag).
        return self.filter(risk_flags__flag=flag)


class Contract(models.Model):
    class ValueBasis(models.TextChoices):
        ANNUAL = "annual", "Annual"
        TOTAL = "total", "Whole contract"
        UNKNOWN = "unknown", "Unknown"

    class NationalBargaining(models.TextChoices):
        NJC = "njc", "NJC (local government, England, Wales, NI)"
        SJC = "sjc", "SJC (Scottish local government)"
        AFC = "afc", "NHS Agenda for Change"
        OTHER = "other", "Other national agreement"
        NONE = "none", "Not linked"
        UNKNOWN = "unknown", "Unknown"

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="contracts")
    authority = models.ForeignKey(PublicAuthority, on_delete=models.PROTECT, related_name="contracts")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="contracts", null=True, blank=True)
    reference = models.CharField(
        max_length=200,
        blank=True,
        help_text="The authority's own contract reference or OCDS id; re-imports match on it.",
    )
    service = models.CharField("contracted service", max_length=500)
    description = models.TextField(blank=True)
    service_category = models.CharField(max_length=300, blank=True)
    cpv_code = models.CharField("CPV code", max_length=20, blank=True)

    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    value_basis = models.CharField(max_length=10, choices=ValueBasis.choices, default=ValueBasis.UNKNOWN)

    original_tender_date = models.DateField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        "contract end date",
        null=True,
        blank=True,
        help_text="The current end date, including extensions already taken.",
    )
    latest_end_date = models.DateField(
        "latest possible end date", null=True, blank=True, help_text="If every extension option is taken."
    )
    extension_terms = models.CharField(
        max_length=300, blank=True, help_text='As written, e.g. "3+2" or "two optional 12-month extensions".'
    )
    extension_terms_need_review = models.BooleanField(
        default=False, help_text="Imported free text that an officer should turn into extension periods."
    )

    termination_notice_months = models.PositiveSmallIntegerField(
        "early-termination notice (months)", null=True, blank=True
    )
    termination_terms = models.TextField(
        "terms of early termination", blank=True, help_text="Notice and any financial penalty, as the contract says."
    )
    termination_penalty = models.CharField(max_length=300, blank=True)

    national_bargaining = models.CharField(
        "terms linked to national bargaining",
        max_length=10,
        choices=NationalBargaining.choices,
        default=NationalBargaining.UNKNOWN,
    )
    two_tier = models.CharField(
        "terms differ for transferred staff and new starters",
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    two_tier_notes = models.TextField("how the terms differ", blank=True)
    pension_scheme = models.CharField(
        max_length=300, blank=True, help_text="e.g. LGPS, NHS Pension, a stakeholder scheme"
    )

    staff_count = models.PositiveIntegerField("staff employed", null=True, blank=True)
    union_members = models.PositiveIntegerField("UNISON members", null=True, blank=True)
    other_union_members = models.PositiveIntegerField("other-union members", null=True, blank=True)
    activists = models.PositiveIntegerField(null=True, blank=True)
    union_recognised = models.CharField(max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    docas = models.CharField(
        "DOCAS in place", max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )

    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContractQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["end_date", "service"]
        indexes = [models.Index(fields=["branch", "end_date"]), models.Index(fields=["authority", "reference"])]

    def __str__(self):
        return self.service

    def get_absolute_url(self):
        return reverse("contracts:contract_detail", kwargs={"pk": self.pk})

    # The renewal clock. Each method reads `extensions.all()`, so a list page prefetches them once.

    def months_to_end(self, today: datetime.date | None = None) -> int | None:
        if self.end_date is None:
            return None
        return months_between(today or timezone.localdate(), self.end_date)

    def available_extensions(self) -> list["ContractExtension"]:
        return [e for e in self.extensions.all() if e.status == ContractExtension.Status.AVAILABLE]

    def next_extension_break(self, today: datetime.date | None = None) -> "ContractExtension | None":
        """The next extension still open whose decision date is today or later: a chance to challenge it."""
        today = today or timezone.localdate()
        upcoming = [e for e in self.available_extensions() if e.decision_date and e.decision_date >= today]
        return min(upcoming, key=lambda e: e.decision_date, default=None)

    def next_decision(self, today: datetime.date | None = None) -> tuple[datetime.date, str] | None:
        """The next date the contract's future is decided, and what decides it: a meeting a campaign marked as
        deciding the contract (reached through the reverse relation, as the register knows no campaigns), or
        the next extension break."""
        today = today or timezone.localdate()
        candidates = []
        meeting = (
            self.campaigns.filter(decision_meetings__decides_contract=True, decision_meetings__date__gte=today)
            .order_by("decision_meetings__date")
            .values_list("decision_meetings__date", "decision_meetings__title")
            .first()
        )
        if meeting:
            candidates.append(meeting)
        if extension := self.next_extension_break(today):
            candidates.append((extension.decision_date, f"the decision on the +{extension.months} months extension"))
        return min(candidates, default=None)

    def notice_deadline(self) -> datetime.date | None:
        """The last day notice of early termination can be given to end the contract on its end date."""
        if self.end_date is None or self.termination_notice_months is None:
            return None
        return add_months(self.end_date, -self.termination_notice_months)

    def notice_deadline_passed(self, today: datetime.date | None = None) -> bool:
        deadline = self.notice_deadline()
        return deadline is not None and deadline < (today or timezone.localdate())

    def first_decision_date(self, today: datetime.date | None = None) -> datetime.date | None:
        """The next point the contract can be challenged: the next extension decision, else the end."""
        extension_break = self.next_extension_break(today)
        dates = [d for d in (self.end_date, extension_break and extension_break.decision_date) if d]
        return min(dates, default=None)

    def planning_start(self, today: datetime.date | None = None) -> datetime.date | None:
        """Start planning by: the guide's two-year lead-in (after APSE) before the first decision point."""
        decision = self.first_decision_date(today)
        return add_months(decision, -LEAD_IN_MONTHS) if decision else None

    def latest_possible_end(self) -> datetime.date | None:
        """As recorded, or the end date plus every extension still available when extension periods are recorded.

        With no latest end date and no periods nothing says how long the contract can run, so it is unknown: the
        end date is not a latest end (issue #19). A register that says a contract cannot be extended gets its end
        date stored as the latest end, with that file as its source, at import."""
        return self.latest_end_date or self.latest_end_worked_out()

    def latest_end_worked_out(self) -> datetime.date | None:
        """The end date plus every extension still available, when extension periods are recorded."""
        if self.end_date is None or not self.extensions.all():
            return None
        return add_months(self.end_date, sum(e.months for e in self.available_extensions()))

    def latest_end_is_worked_out(self) -> bool:
        """Whether the contract page should say the latest possible end is worked out rather than give a source:
        nothing recorded it, or it was recorded with no source and agrees with the end date and the periods (the
        demo's, or one typed in before an applied notice sourced the end date)."""
        worked_out = self.latest_end_worked_out()
        if worked_out is None:
            return False
        if not self.latest_end_date:
            return True
        return self.latest_end_date == worked_out and self.figure_source("latest_end_date") is None

    def possible_extensions(self):
        """The extension terms read against the end date when nothing confirms them, for the clock to show as
        "not confirmed": a Reading with `possible_periods`, or None when periods are recorded or the terms say
        nothing readable. Terms like "option to extend for a further two years" with no latest end date may
        still offer a break to challenge, which the guide says should be noted."""
        if self.latest_end_date or not self.extension_terms or self.extensions.all():
            return None
        from contracts.register.extensions import read_extension_terms  # it needs add_months from this module

        reading = read_extension_terms(self.extension_terms, start=self.start_date, end=self.end_date, latest=None)
        return reading if reading is not None and reading.possible_latest_end else None

    def in_lead_in(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.end_date is not None and today <= self.end_date <= add_months(today, LEAD_IN_MONTHS)

    def lead_in_status(self, today: datetime.date | None = None, *, has_campaign: bool | None = None) -> str:
        """One of LeadIn's values. `has_campaign` comes from `annotate_has_campaign()` on list pages."""
        today = today or timezone.localdate()
        if self.end_date is None:
            return LeadIn.UNKNOWN
        if self.end_date < today:
            return LeadIn.ENDED
        if not self.in_lead_in(today):
            return LeadIn.LATER
        if has_campaign is None:
            has_campaign = getattr(self, "has_campaign", None)
            if has_campaign is None:
                has_campaign = self.campaigns.exists()
        return LeadIn.CAMPAIGN if has_campaign else LeadIn.NO_CAMPAIGN

    def campaign_members_reading(self) -> tuple[int, datetime.date] | None:
        """(members, date) of the latest membership reading by a campaign that targets this contract alone,
        reached through the reverse relation (the register knows no campaigns). A campaign over several
        contracts counts their workforces together, so its reading says nothing of this contract's staff."""
        through = Contract.campaigns.through
        targets = (
            through.objects.filter(campaign_id=models.OuterRef("campaign_id"))
            .order_by()
            .values("campaign_id")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        sole = (
            through.objects.filter(contract_id=self.pk)
            .annotate(targets=models.Subquery(targets))
            .filter(targets=1)
            .values("campaign_id")
        )
        return (
            self.campaigns.filter(pk__in=sole, snapshots__members__isnull=False)
            .order_by("-snapshots__taken_on", "-snapshots__pk")
            .values_list("snapshots__members", "snapshots__taken_on")
            .first()
        )

    def membership_density(self) -> float | None:
        """UNISON members as a share of staff (0 to 1), or None when either count is unknown."""
        if not self.staff_count or self.union_members is None:
            return None
        return min(self.union_members / self.staff_count, 1.0)

    def figure_source(self, field: str) -> "FigureSource | None":
        """Where a key figure came from; reads the prefetched `figure_sources`."""
        return next((s for s in self.figure_sources.all() if s.field == field), None)

    def record_figure_sources(self, *, fields, kind: str, as_of, detail: str, user) -> None:
        for field in fields:
            FigureSource.objects.update_or_create(
                contract=self,
                field=field,
                defaults={"kind": kind, "as_of": as_of, "detail": detail, "recorded_by": user},
            )


class LeadIn(models.TextChoices):
    """Where a contract stands against the guide's two-year (APSE) lead-in."""

    NO_CAMPAIGN = "no-campaign", "Ends within 2 years – no campaign yet"
    CAMPAIGN = "campaign", "Ends within 2 years – campaign under way"
    LATER = "later", "Ends in more than 2 years"
    ENDED = "ended", "Ended"
    UNKNOWN = "unknown", "End date unknown"


class ContractPartQuerySet(ScopedQuerySet):
    """Rows that belong to a contract are scoped through it."""

    branch_path = "contract__branch"


class ContractExtension(models.Model):
    """One optional extension period, e.g. the "+2" of "3+2", with the date it must be decided."""

    class Status(models.TextChoices):
        AVAILABLE = "available", "Available"
        EXERCISED = "exercised", "Taken"
        DECLINED = "declined", "Not taken"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="extensions")
    order = models.PositiveSmallIntegerField(default=1)
    months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    decision_date = models.DateField(
        null=True, blank=True, help_text="When the authority must decide whether to extend: a chance to challenge it."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AVAILABLE)

    objects = ContractPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "order"]

    def __str__(self):
        return f"+{self.months} months"


class Workplace(models.Model):
    """Where contractor staff work and when: how the branch meets shift workers."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="workplaces")
    name = models.CharField(max_length=300)
    address = models.TextField(blank=True)
    staff_count = models.PositiveIntegerField(null=True, blank=True)
    shift_patterns = models.CharField(max_length=300, blank=True, help_text="e.g. early / late / nights")
    shift_times = models.CharField(max_length=300, blank=True, help_text="e.g. 06:00-14:00, 14:00-22:00")

    objects = ContractPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ContractEvent(models.Model):
    """Retenders and changes of contractor (and other milestones) in a contract's history."""

    class Kind(models.TextChoices):
        OUTSOURCED = "outsourced", "First outsourced"
        RETENDER_SAME = "retender-same", "Retendered, same contractor won"
        CHANGE_OF_CONTRACTOR = "change", "Change of contractor (TUPE transfer)"
        EXTENDED = "extended", "Extended"
        VARIED = "varied", "Varied"
        INSOURCED = "insourced", "Brought in-house"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    provider = models.ForeignKey(Provider, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    notes = models.TextField(blank=True)

    objects = ContractPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "date"]

    def __str__(self):
        return self.get_kind_display()


class ContractRiskFlag(models.Model):
    """Supply-chain and ethical-procurement risks (UNISON's Purchasing Power work)."""

    class Flag(models.TextChoices):
        FORCED_LABOUR = "forced-labour", "Forced-labour risk in the supply chain"
        ELECTRONICS_WATCH = "electronics-watch", "Electronics: is the authority affiliated to Electronics Watch?"
        SOLAR_XINJIANG = "solar-xinjiang", "Solar products that may contain Uyghur forced labour"
        TEXTILES_PPE = "textiles-ppe", "Uniforms, gloves or PPE from supply chains at risk of forced labour"
        LOW_PAY = "low-pay", "Pay below the Real Living Wage"
        ZERO_HOURS = "zero-hours", "Zero-hours or casual contracts"
        NO_RECOGNITION = "no-recognition", "Union not recognised"
        BLACKLISTING = "blacklisting", "Blacklisting or anti-union practices"
        TAX = "tax", "Tax avoidance or offshore ownership"
        OTHER = "other", "Other"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="risk_flags")
    flag = models.CharField(max_length=30, choices=Flag.choices)
    notes = models.TextField(blank=True)

    objects = ContractPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["flag"]
        constraints = [models.UniqueConstraint(fields=["contract", "flag"], name="unique_risk_flag")]

    def __str__(self):
        return self.get_flag_display()


class FigureSource(models.Model):
    """Where one key figure of a contract came from and when, so officers know how far to trust it."""

    class Kind(models.TextChoices):
        FOI = "foi", "Freedom of Information answer"
        REGISTER = "register", "Published contract register"
        CONTRACTS_FINDER = "contracts-finder", "Contracts Finder / Find a Tender"
        SURVEY = "survey", "Workforce survey"
        EMPLOYER = "employer", "Employer or JCC/JNC"
        ACCOUNTS = "accounts", "Company or charity accounts"
        BRANCH_RECORDS = "branch", "Branch membership records"
        ESTIMATE = "estimate", "Estimate"

    FIELDS = [
        "value",
        "end_date",
        "latest_end_date",
        "extension_terms",
        "termination_terms",
        "staff_count",
        "union_members",
        "other_union_members",
        "activists",
        "provider",
    ]

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="figure_sources")
    field = models.CharField(max_length=40, choices=[(f, f.replace("_", " ")) for f in FIELDS])
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=500, blank=True, help_text="e.g. the FoI reference or the file imported")
    as_of = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    objects = ContractPartQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "field"]
        constraints = [models.UniqueConstraint(fields=["contract", "field"], name="unique_figure_source")]

    def __str__(self):
        return f"{self.field}: {self.get_kind_display()}"
