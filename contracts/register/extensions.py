"""Extension terms such as "3+2" turned into extension periods when the contract's dates leave no doubt.

Two kinds of phrase are read:
- a first term and its extensions, "3+2" (three years, then one optional extension of two). It is only taken at
  its word when the start and end dates span exactly that first term (ending the day before the anniversary, or
  on it), and a latest end date, if the file gives one, is exactly the end of the last extension;
- extensions alone, after the end date: "2 x 12 months", "Yes - 2 x 12 months", "+1+1", "up to 24 months",
  "option to extend for a further two years". Nothing in such a phrase says whether an extension has already
  been taken (and so is inside the end date), so it is only taken at its word when the file's latest end date
  is exactly the end date plus every extension.
"12+12+12" can be either (a 12-month first term and two extensions, or three extensions): the one the dates
confirm is taken. Anything else (dates that fit no reading, no dates to check) stays flagged for an officer.
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
_NUMBER = r"(\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(years?|yrs?|months?|mths?)"
# "+1+1", "+ 12 + 12 months": extensions alone.
_PLUS_ONLY = re.compile(r"(?<![\d\w])((?:\+\s*\d{1,2}\s*)+)" + _UNIT + "?", re.IGNORECASE)
# "2 x 12 months", "two extensions of 12 months", "2 further periods of up to 12 months each".
_TIMES = re.compile(
    r"\b" + _NUMBER + r"\s*(?:x|×|\*|(?:optional |further |additional |possible )?(?:extensions?|periods?)\s+of"
    r"(?:\s+up\s+to)?)\s*" + _NUMBER + r"\s*" + _UNIT,
    re.IGNORECASE,
)
# "up to 24 months", "a further two years", "extend by 1 year", "one year extension".
_SINGLE = re.compile(r"(?<![\d+])\b" + _NUMBER + r"[\s-]*" + _UNIT + r"(?![\w+])", re.IGNORECASE)
_EXTENDING = re.compile(r"(?i)\b(extend|extension|extendable|further|additional|up to|option|renew)")
_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


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
    # Extensions alone with no latest end to confirm them: what they would be if none has been taken yet, for the
    # renewal clock to show as "not confirmed" (never stored as periods).
    possible_periods: tuple[Period, ...] = ()
    possible_latest_end: datetime.date | None = None

    def describe(self) -> str:
        breaks = "; ".join(f"+{p.months} months, to be decided by {p.decision_date:%d/%m/%Y}" for p in self.periods)
        return f"extension periods from “{self.terms}”: {breaks}; latest possible end {self.latest_end:%d/%m/%Y}"


def read_extension_terms(
    text: str, *, start: datetime.date | None, end: datetime.date | None, latest: datetime.date | None
) -> Reading | None:
    """A Reading when `text` holds extension terms we can read (None when it holds none), with periods when the
    dates make them unambiguous and a `problem` saying why not otherwise."""
    text = text or ""
    matches = list(_TERMS.finditer(text))
    if matches:
        terms = {re.sub(r"\s+", "", m[0].lower()) for m in matches}
        if len(terms) > 1:
            return Reading(matches[0][0], problem="the terms give more than one pattern")
        match = matches[0]
        numbers = [int(n) for n in re.findall(r"\d+", match[1] + match[2])]
        unit = _unit_months(match[3], numbers)
        first = _first_term(match[0].strip(), [n * unit for n in numbers], start=start, end=end, latest=latest)
        if first.problem and not match[3] and len(set(numbers)) == 1 and numbers[0] >= 12:
            # "12+12+12" may equally be three 12-month extensions: take that when the dates confirm it.
            alone = _extensions_alone(first.terms, [n * unit for n in numbers], end=end, latest=latest)
            if not alone.problem:
                return alone
        return first
    months = _extension_months(text)
    if months is None:
        return None
    return _extensions_alone(" ".join(text.split())[:100], months, end=end, latest=latest)


def _unit_months(unit: str | None, numbers: list[int]) -> int:
    if unit:
        return 1 if unit.lower().startswith("m") else 12
    # Without a unit, "3+2" is years; nobody lets a contract for 12 years and extends it by 12 more.
    return 1 if max(numbers) >= 12 else 12


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS[word.lower()]


def _extension_months(text: str) -> list[int] | None:
    """The months of each extension for a phrase of extensions alone, or None."""
    if match := _PLUS_ONLY.search(text):
        numbers = [int(n) for n in re.findall(r"\d+", match[1])]
        return [n * _unit_months(match[2], numbers) for n in numbers]
    if match := _TIMES.search(text):
        count, length = _number(match[1]), _number(match[2])
        return [length * _unit_months(match[3], [length])] * count
    if _EXTENDING.search(text):
        singles = list(_SINGLE.finditer(text))
        if len(singles) == 1:
            match = singles[0]
            length = _number(match[1])
            return [length * _unit_months(match[2], [length])]
    return None


def _extensions_alone(
    phrase: str, months: list[int], *, end: datetime.date | None, latest: datetime.date | None
) -> Reading:
    if not months or 0 in months:
        return Reading(phrase, problem="a period of no length")
    if end is None:
        return Reading(phrase, problem="the end date is needed to place the extensions")
    latest_end = add_months(end, sum(months))
    periods, elapsed = [], 0
    for length in months:
        periods.append(Period(length, add_months(end, elapsed)))
        elapsed += length
    if latest is None:
        return Reading(
            phrase,
            problem="there is no latest possible end date, so we cannot tell whether an extension has already been "
            f"taken (if none has, the contract could run to {latest_end:%d/%m/%Y})",
            possible_periods=tuple(periods),
            possible_latest_end=latest_end,
        )
    if latest != latest_end:
        return Reading(
            phrase,
            problem=f"the latest end date given is not {latest_end:%d/%m/%Y}: an extension may already have been taken",
        )
    return Reading(phrase, tuple(periods), latest_end)


def extensions_from_terms(contract, *, reason: str) -> list:
    """Extension periods for a contract that has none, from its extension terms when its dates leave no doubt.

    The contract form and FoI reply answers call this after saving, so terms typed as "2 x 12 months" with a
    matching latest end show their breaks on the renewal clock without the officer typing each period again.
    """
    from contracts.register.models import ContractExtension

    if not contract.extension_terms or contract.extensions.exists():
        return []
    reading = read_extension_terms(
        contract.extension_terms, start=contract.start_date, end=contract.end_date, latest=contract.latest_end_date
    )
    if reading is None or reading.problem:
        return []
    created = []
    for order, period in enumerate(reading.periods, 1):
        extension = ContractExtension(
            contract=contract, order=order, months=period.months, decision_date=period.decision_date
        )
        extension._change_reason = reason
        extension.save()
        created.append(extension)
    contract.extension_terms_need_review = False
    contract.latest_end_date = contract.latest_end_date or reading.latest_end
    contract._change_reason = reason
    contract.save(update_fields=["extension_terms_need_review", "latest_end_date"])
    return created


def _first_term(
    terms_text: str,
    numbers: list[int],
    *,
    start: datetime.date | None,
    end: datetime.date | None,
    latest: datetime.date | None,
) -> Reading:
    first, *extensions = numbers
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


def _day(date: datetime.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else "no date recorded"


@dataclass(frozen=True)
class Taken:
    """What a later end date did to the extension periods: the ones now taken (the last perhaps cut to the months
    used), and a remainder kept available when the new end used only part of the last one."""

    taken: tuple = ()
    remainder: object = None  # the ContractExtension kept for the unused months, or None

    def describe(self) -> str:
        if not self.taken:
            return ""
        parts = []
        for extension in self.taken:
            months = extension.months
            if extension is self.taken[-1] and self.remainder is not None:
                months = f"{extension.months} of the {extension.months + self.remainder.months}"
            parts.append(f"{months} months of the extension to be decided by {_day(extension.decision_date)}")
        text = "Marked as taken: " + "; ".join(parts) + "."
        if self.remainder is not None:
            text += (
                f" The other {self.remainder.months} months stay available, to be decided by "
                f"{_day(self.remainder.decision_date)}."
            )  # what to do if the contract allows no more is the caller's to say, with a link to the edit page
        return text


def extensions_taken_by_new_end(contract, *, previous_end, reason: str) -> Taken:
    """An end date moved later by the authority (a contract change notice) means it took an extension: every
    period still available, in order, whose decision fell before the new end is marked taken, until the months
    the end moved are covered. When the new end uses only part of the last such period, that period is cut to
    the months used and the rest is kept as an available period decided as long before the new end as the
    original was before the old one (so "+24 months" extended by 12 leaves "+12 months" to decide later, and the
    latest possible end is unchanged). Each change is recorded in the history with `reason`."""
    from contracts.register.models import ContractExtension

    new_end = contract.end_date
    if previous_end is None or new_end is None or new_end <= previous_end:
        return Taken()
    moved = months_between_up(previous_end, new_end)
    taken, used = [], 0
    periods = contract.extensions.filter(status=ContractExtension.Status.AVAILABLE).order_by("order", "pk")
    for extension in periods:
        if used >= moved or (extension.decision_date and extension.decision_date >= new_end):
            break
        taken.append(extension)
        used += extension.months
    if not taken:
        return Taken()
    remainder = None
    if used > moved:
        last = taken[-1]
        unused = used - moved
        # The remainder is decided as long before the new end as the period was before the old one.
        decision = new_end - (previous_end - last.decision_date) if last.decision_date else None
        later = ContractExtension.objects.filter(contract=contract, order__gt=last.order).order_by("-order")
        for extension in later:  # make room after the cut period, keeping the order of the rest
            extension.order += 1
            extension._change_reason = reason
            extension.save(update_fields=["order"])
        last.months -= unused
        remainder = ContractExtension(contract=contract, order=last.order + 1, months=unused, decision_date=decision)
        remainder._change_reason = reason
        remainder.save()
    for extension in taken:
        extension.status = ContractExtension.Status.EXERCISED
        extension._change_reason = reason
        extension.save(update_fields=["status", "months"])
    return Taken(tuple(taken), remainder)


def months_between_up(start: datetime.date, end: datetime.date) -> int:
    """Calendar months from start to end, a part month counting as a whole one (an end moved by 12 months and a
    day used 13 months of the extension periods)."""
    from contracts.register.models import add_months, months_between

    months = months_between(start, end)
    return months + 1 if add_months(start, months) < end else months
