"""Choosing which contracts to target, from the guide's six factors ("How to use the information").

Officers score what is judgement (1 to 5); the app computes what is data (density from counts, time from
dates). Each branch weighs the factors its own way. The arithmetic lives in small pure functions so the
ranked table can show why each contract scored what it did.
"""

import datetime
from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from insourcing.models import Branch
from insourcing.scoping import ScopedQuerySet

from .contracts import Contract, ContractPartQuerySet, months_between

__all__ = ["ContractPriority", "PriorityWeights"]

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
WEIGHT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(5)]


@dataclass(frozen=True)
class Factor:
    key: str
    label: str
    computed: bool
    help: str


FACTORS = [
    Factor(
        "density",
        "Density and activists",
        True,
        "Computed: UNISON members as a share of staff, one point lower when there are no activists.",
    ),
    Factor("growth", "Potential to grow density", False, "1 = little room or appetite to recruit, 5 = a lot."),
    Factor("discontent", "Discontent among staff", False, "1 = staff broadly content, 5 = widespread anger."),
    Factor(
        "allies",
        "Potential to mobilise allies",
        False,
        "Service users, community groups, media, politicians, other unions. 1 = few, 5 = many and keen.",
    ),
    Factor(
        "time",
        "Time before renewal",
        True,
        "Computed from the next decision point (an extension break or the end date); two years is ideal.",
    ),
    Factor(
        "flagship",
        "Knock-on effect of a flagship win",
        False,
        "Would winning this help bring others in-house? 1 = no, 5 = a flagship.",
    ),
]
FACTOR_KEYS = [f.key for f in FACTORS]


def density_score(*, staff: int | None, members: int | None, activists: int | None) -> tuple[float | None, str]:
    """1 at no members to 5 at every worker a member; one point off (never below 1) with no activists."""
    if not staff or members is None:
        return None, "unknown: staff or member numbers missing"
    density = min(members / staff, 1.0)
    score = 1 + 4 * density
    reason = f"{density:.0%} density ({members} of {staff})"
    if activists == 0:
        score = max(1.0, score - 1)
        reason += ", no activists (−1)"
    elif activists is None:
        reason += ", activists unknown"
    else:
        reason += f", {activists} activist{'s' if activists != 1 else ''}"
    return round(score, 2), reason


def time_score(months: int | None) -> tuple[int | None, str]:
    """Scores the months left before the next decision point against the two-year lead-in.

    Under six months leaves almost no time to organise; two to four years is the guide's ideal lead-in
    with room to build; further off is less pressing.
    """
    if months is None:
        return None, "unknown: no end date"
    if months < 0:
        return 1, "already passed"
    bands = [(6, 1, "under 6 months"), (12, 2, "6 to 12 months"), (24, 3, "1 to 2 years: less than ideal")]
    for limit, score, label in bands:
        if months < limit:
            return score, f"{months} months: {label}"
    if months < 48:
        return 5, f"{months} months: the ideal two-year lead-in"
    return 4, f"{months} months: time in hand"


LOWEST_SCORE = 1


def weighted_total(scores: dict[str, float | None], weights: dict[str, int]) -> tuple[float | None, dict[str, float]]:
    """Weighted mean (1 to 5) over the weighted factors, an unknown one counted at the lowest score, and each
    factor's share of it.

    Counting an unknown factor at 1 means missing data never lifts a contract: one with 1 of 6 factors known
    cannot outrank one with 5 of 6 on the strength of a single high score. Scoring a factor can only raise
    the total. Nothing known at all is unknown (None), and ranks last.
    """
    counted = {k: s for k, s in scores.items() if weights.get(k, 0) > 0}
    weight_sum = sum(weights[k] for k in counted)
    if not weight_sum or all(s is None for s in counted.values()):
        return None, {}
    contributions = {k: weights[k] * (LOWEST_SCORE if s is None else s) / weight_sum for k, s in counted.items()}
    return round(sum(contributions.values()), 2), {k: round(v, 2) for k, v in contributions.items()}


class PriorityWeightsQuerySet(ScopedQuerySet):
    branch_path = "branch"


class PriorityWeights(models.Model):
    """How much each of the six factors counts for this branch (0 leaves a factor out)."""

    branch = models.OneToOneField(Branch, on_delete=models.CASCADE, related_name="priority_weights")
    density = models.PositiveSmallIntegerField("density and activists", default=1, validators=WEIGHT_VALIDATORS)
    growth = models.PositiveSmallIntegerField("potential to grow density", default=1, validators=WEIGHT_VALIDATORS)
    discontent = models.PositiveSmallIntegerField("discontent among staff", default=1, validators=WEIGHT_VALIDATORS)
    allies = models.PositiveSmallIntegerField("potential to mobilise allies", default=1, validators=WEIGHT_VALIDATORS)
    time = models.PositiveSmallIntegerField("time before renewal", default=1, validators=WEIGHT_VALIDATORS)
    flagship = models.PositiveSmallIntegerField(
        "knock-on effect of a flagship win", default=1, validators=WEIGHT_VALIDATORS
    )

    objects = PriorityWeightsQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "priority weights"

    def __str__(self):
        return f"Priority weights for {self.branch}"

    def as_dict(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in FACTOR_KEYS}

    @classmethod
    def for_branch(cls, branch) -> "PriorityWeights":
        """The branch's weights; equal weights (not saved) until an officer changes them."""
        return cls.objects.filter(branch=branch).first() or cls(branch=branch)


class ContractPriority(models.Model):
    """An officer's judgement of the factors the data cannot show."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="priority")
    growth = models.PositiveSmallIntegerField(
        "potential to grow density", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    discontent = models.PositiveSmallIntegerField(
        "discontent among staff", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    allies = models.PositiveSmallIntegerField(
        "potential to mobilise allies", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    flagship = models.PositiveSmallIntegerField(
        "knock-on effect of a flagship win", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    notes = models.TextField(blank=True, help_text="Why you scored as you did, for the campaign team.")

    objects = ContractPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "contract priorities"

    def __str__(self):
        return f"Priority of {self.contract}"

    def get_absolute_url(self):
        return reverse("contracts:contract_detail", kwargs={"pk": self.contract_id})


@dataclass
class FactorScore:
    factor: Factor
    score: float | None
    reason: str
    weight: int
    contribution: float | None


@dataclass
class PriorityRow:
    contract: Contract
    total: float | None
    factors: list[FactorScore]

    @property
    def known_count(self) -> int:
        """Factors known among those the branch weighs (a factor weighted 0 does not count either way)."""
        return sum(1 for f in self.factors if f.score is not None and f.weight > 0)

    @property
    def counted_count(self) -> int:
        return sum(1 for f in self.factors if f.weight > 0)


_NOT_ANNOTATED = object()


def next_decision_months(contract: Contract, today: datetime.date) -> int | None:
    """Months to the next point the contract's future is decided: a meeting a campaign marked as deciding it, an
    extension break, else the end. The plan counts back from the same date, so the score and the plan agree (the
    walk saw a notice's later end date move the score to a break 16 months off, with the Cabinet 4 months off).
    Lists annotate the meeting (`ContractQuerySet.annotate_next_meeting`); a single contract asks for it."""
    meeting = getattr(contract, "next_meeting_date", _NOT_ANNOTATED)
    if meeting is _NOT_ANNOTATED:
        decision = contract.next_decision(today)
        first = decision[0] if decision else None
    else:
        extension_break = contract.next_extension_break(today)
        dates = [meeting, extension_break.decision_date if extension_break else None]
        first = min((d for d in dates if d is not None), default=None)
    if contract.end_date is not None and (first is None or contract.end_date < first):
        first = contract.end_date
    return None if first is None else months_between(today, first)


def priority_row(contract: Contract, weights: dict[str, int], today: datetime.date) -> PriorityRow:
    judgement = contract.priority if _has_priority(contract) else None
    computed = {
        "density": density_score(
            staff=contract.staff_count, members=contract.union_members, activists=contract.activists
        ),
        "time": time_score(next_decision_months(contract, today)),
    }
    scores: dict[str, float | None] = {}
    reasons: dict[str, str] = {}
    for factor in FACTORS:
        if factor.computed:
            scores[factor.key], reasons[factor.key] = computed[factor.key]
        else:
            value = getattr(judgement, factor.key, None) if judgement else None
            scores[factor.key] = value
            reasons[factor.key] = "officer's score" if value is not None else "not scored yet"
    total, contributions = weighted_total(scores, weights)
    return PriorityRow(
        contract=contract,
        total=total,
        factors=[
            FactorScore(f, scores[f.key], reasons[f.key], weights.get(f.key, 0), contributions.get(f.key))
            for f in FACTORS
        ],
    )


def _has_priority(contract: Contract) -> bool:
    try:
        contract.priority  # noqa: B018 -- reverse one-to-one raises when absent
    except ContractPriority.DoesNotExist:
        return False
    return True


def ranked_priorities(contracts, weights: dict[str, int], today: datetime.date) -> list[PriorityRow]:
    """Highest total first; contracts with nothing known go last."""
    rows = [priority_row(c, weights, today) for c in contracts]
    return sorted(rows, key=lambda r: (r.total is None, -(r.total or 0), r.contract.service))
