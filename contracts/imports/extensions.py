"""Extension terms such as "3+2" turned into extension periods when the contract's dates leave no doubt.

"3+2" says a first term of three years and one optional extension of two. It is only taken at its word when the
start and end dates span exactly that first term (ending the day before the anniversary, or on it), and a
latest end date, if the file gives one, is exactly the end of the last extension. Anything else (terms in prose,
dates that fit no reading, an end date that may already include an extension) stays flagged for an officer.
"""

import datetime
import re
from dataclasses import dataclass

from contracts.register.models import add_months

# "3+2", "3 + 1 + 1 years", "(5+2+2+1)", "24+12 months"; one or two digits each, so "2019+1" is no match.
_TERMS = re.compile(
    r"(?<![\d+])(\d{1,2})((?:\s*\+\s*\d{1,2})+)(?![\d+])\s*(years?|yrs?|months?|mths?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    months: int
    decision_date: datetime.date  # the day the period before it ends: the last day the authority can decide


@dataclass(frozen=True)
class Reading:
    """What "N+M…" means for one contract, or why it could not be read (`problem`)."""

    terms: str
    periods: tuple[Period, ...] = ()
    latest_end: datetime.date | None = None
    problem: str = ""

    def describe(self) -> str:
        breaks = "; ".join(f"+{p.months} months, to be decided by {p.decision_date:%d/%m/%Y}" for p in self.periods)
        return f"extension periods from “{self.terms}”: {breaks}; latest possible end {self.latest_end:%d/%m/%Y}"


def read_extension_terms(
    text: str, *, start: datetime.date | None, end: datetime.date | None, latest: datetime.date | None
) -> Reading | None:
    """A Reading when `text` holds one "N+M…" pattern (None when it holds none), with periods when unambiguous."""
    matches = list(_TERMS.finditer(text or ""))
    if not matches:
        return None
    terms = {re.sub(r"\s+", "", m[0].lower()) for m in matches}
    if len(terms) > 1:
        return Reading(matches[0][0], problem="the terms give more than one pattern")
    match = matches[0]
    unit = 1 if (match[3] or "").lower().startswith("m") else 12
    first, *extensions = [int(n) * unit for n in re.findall(r"\d+", match[1] + match[2])]
    terms_text = match[0].strip()
    if start is None or end is None:
        return Reading(terms_text, problem="the start and end dates are needed to place the extensions")
    if 0 in extensions or first == 0:
        return Reading(terms_text, problem="a period of no length")
    anniversary = add_months(start, first)
    if end == anniversary - datetime.timedelta(days=1):
        day_before = True
    elif end == anniversary:
        day_before = False
    else:
        return Reading(
            terms_text,
            problem=f"the dates do not span a first term of {_length(first)}: the end date may include an extension",
        )

    def period_end(months: int) -> datetime.date:
        boundary = add_months(start, months)
        return boundary - datetime.timedelta(days=1) if day_before else boundary

    periods, elapsed = [], first
    for months in extensions:
        periods.append(Period(months, period_end(elapsed)))
        elapsed += months
    latest_end = period_end(elapsed)
    if latest is not None and latest != latest_end:
        return Reading(terms_text, problem=f"the latest end date given is not {latest_end:%d/%m/%Y}")
    return Reading(terms_text, tuple(periods), latest_end)


def _length(months: int) -> str:
    return f"{months // 12} years" if months % 12 == 0 else f"{months} months"
