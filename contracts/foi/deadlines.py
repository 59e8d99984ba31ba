"""The statutory clock: when an FoI reply (or an internal review) is due, and how that date was reached.

FOIA 2000 s.10(6): a working day is any day other than a Saturday, a Sunday, Christmas Day, Good Friday or a
day which is a bank holiday in ANY part of the UK, so St Andrew's Day or the Twelfth move an English
authority's date. FOISA 2002 s.73 (Scottish public authorities): Saturdays, Sundays, Christmas Day and
Scotland's bank holidays only, so Easter Monday is a working day there.

Bank holidays come from the `holidays` package (subdivisions ENG, WLS, SCT, NIR). It lists weekend-dated
holidays as well as their weekday substitutes ("Boxing Day (observed)"); weekends are never working days, so
only weekday entries matter and the substitutes are what move a date.
"""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

STATUTORY_WORKING_DAYS = 20
SUBDIVISION_NAMES = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}


@dataclass(frozen=True)
class Regime:
    """The FoI law an authority answers under, and who hears appeals."""

    code: str
    act: str
    short_act: str
    subdivisions: tuple[str, ...]
    working_day_rule: str
    regulator: str
    regulator_address: str
    decision_section: str
    review_basis: str


FOIA = Regime(
    code="foia",
    act="Freedom of Information Act 2000",
    short_act="FOIA",
    subdivisions=("ENG", "WLS", "SCT", "NIR"),
    working_day_rule=(
        "Under section 10(6) of the Freedom of Information Act 2000 a working day is any day other than a "
        "Saturday, a Sunday, Christmas Day, Good Friday or a bank holiday in any part of the United Kingdom."
    ),
    regulator="Information Commissioner's Office",
    regulator_address="Wycliffe House\nWater Lane\nWilmslow\nCheshire\nSK9 5AF",
    decision_section="section 50",
    review_basis="the Freedom of Information Code of Practice (section 45)",
)
FOISA = Regime(
    code="foisa",
    act="Freedom of Information (Scotland) Act 2002",
    short_act="FOISA",
    subdivisions=("SCT",),
    working_day_rule=(
        "Under section 73 of the Freedom of Information (Scotland) Act 2002 a working day is any day other than "
        "a Saturday, a Sunday, Christmas Day or a bank holiday in Scotland."
    ),
    regulator="Scottish Information Commissioner",
    regulator_address="Kinburn Castle\nDoubledykes Road\nSt Andrews\nFife\nKY16 9DS",
    decision_section="section 47",
    review_basis="section 20 of the Freedom of Information (Scotland) Act 2002",
)

NATIONS = {
    "england": FOIA,
    "wales": FOIA,
    "northern-ireland": FOIA,
    "scotland": FOISA,
}


def regime_for(nation: str) -> Regime:
    try:
        return NATIONS[nation]
    except KeyError:
        raise ValueError(f"Unknown nation {nation!r}: use one of {', '.join(NATIONS)}") from None


@dataclass(frozen=True)
class SkippedDay:
    date: datetime.date
    name: str
    places: str  # e.g. "Scotland" or "the whole UK"


# GOV.UK's names (data/calendars), which people know, for the `holidays` package's: "May Day" is the Early May
# bank holiday, and the same day must not go by two names across the FoI clock, the plan's notes and the feeds.
GOVUK_NAMES = {
    "May Day": "Early May bank holiday",
    "Spring Bank Holiday": "Spring bank holiday",
    "Summer Bank Holiday": "Summer bank holiday",
    "Late Summer Bank Holiday": "Summer bank holiday",
}


@lru_cache(maxsize=128)
def _weekday_holidays(subdivisions: tuple[str, ...], year: int) -> dict[datetime.date, SkippedDay]:
    labels: dict[datetime.date, dict[str, set[str]]] = {}
    for subdivision in subdivisions:
        for day, names in holidays.country_holidays("GB", subdiv=subdivision, years=year).items():
            if day.weekday() >= 5:
                continue
            for name in names.split("; "):
                observed = name.endswith(" (observed)")
                name = name.removesuffix(" (observed)")
                label = GOVUK_NAMES.get(name, name) + (" (substitute day)" if observed else "")
                labels.setdefault(day, {}).setdefault(label, set()).add(subdivision)
    # Both Acts name Christmas Day outright, so it never depends on the calendar data.
    christmas = datetime.date(year, 12, 25)
    if christmas.weekday() < 5:
        labels.setdefault(christmas, {"Christmas Day": set(subdivisions)})
    return {
        day: SkippedDay(day, " / ".join(names), _places(set().union(*names.values()))) for day, names in labels.items()
    }


def _places(places: set[str]) -> str:
    if places == {"ENG", "WLS", "SCT", "NIR"}:
        return "the whole UK"
    if places == {"ENG", "WLS"}:
        return "England and Wales"
    ordered = [SUBDIVISION_NAMES[s] for s in ("ENG", "WLS", "SCT", "NIR") if s in places]
    return ", ".join(ordered[:-1]) + " and " + ordered[-1] if len(ordered) > 1 else ordered[0]


def non_working_reason(day: datetime.date, regime: Regime) -> SkippedDay | None:
    """Why `day` is not a working day under the regime, or None if it is one."""
    if day.weekday() >= 5:
        return SkippedDay(day, day.strftime("%A"), "")
    return _weekday_holidays(regime.subdivisions, day.year).get(day)


def is_working_day(day: datetime.date, regime: Regime) -> bool:
    return non_working_reason(day, regime) is None


def working_days_between(start: datetime.date, end: datetime.date, regime: Regime) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    count = 0
    day = start + datetime.timedelta(days=1)
    while day <= end:
        count += is_working_day(day, regime)
        day += datetime.timedelta(days=1)
    return count


@dataclass(frozen=True)
class Progress:
    elapsed: int
    left: int
    overdue: bool
    overdue_by: int
    due_today: bool


@dataclass(frozen=True)
class Deadline:
    received: datetime.date
    regime: Regime
    due: datetime.date
    days: int
    skipped_holidays: list[SkippedDay] = field(default_factory=list)

    def elapsed(self, today: datetime.date) -> int:
        """Working days used so far: those after the day of receipt up to and including today."""
        return working_days_between(self.received, today, self.regime)

    def left(self, today: datetime.date) -> int:
        return max(self.days - self.elapsed(today), 0)

    def is_overdue(self, today: datetime.date) -> bool:
        return today > self.due

    def overdue_by(self, today: datetime.date) -> int:
        return working_days_between(self.due, today, self.regime) if self.is_overdue(today) else 0

    def progress(self, today: datetime.date) -> "Progress":
        return Progress(
            elapsed=min(self.elapsed(today), self.days),
            left=self.left(today),
            overdue=self.is_overdue(today),
            overdue_by=self.overdue_by(today),
            due_today=today == self.due,
        )

    @property
    def received_on_non_working_day(self) -> bool:
        return not is_working_day(self.received, self.regime)


def due_date(received: datetime.date, nation: str, *, days: int = STATUTORY_WORKING_DAYS) -> Deadline:
    """The `days`th working day following the day of receipt, with the holidays skipped on the way.

    The day of receipt itself never counts (FOIA s.10(1): "the twentieth working day following the date of
    receipt"; FOISA s.10(1) likewise), and it need not be a working day: a request emailed on a Saturday
    has Monday as its first working day.
    """
    regime = regime_for(nation)
    day = received
    counted = 0
    skipped = []
    while counted < days:
        day += datetime.timedelta(days=1)
        reason = non_working_reason(day, regime)
        if reason is None:
            counted += 1
        elif day.weekday() < 5:
            skipped.append(reason)
    return Deadline(received=received, regime=regime, due=day, days=days, skipped_holidays=skipped)
