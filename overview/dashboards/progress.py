"""Membership figures of campaigns over time, summed across a branch's campaigns.

A campaign's figures on a day are those of its latest membership snapshot taken by then, or its baseline when
no snapshot was; a figure unknown in that reading stays unknown (never 0). Density across several campaigns is
members over staff summed over the campaigns that know both, so a large workforce weighs more than a small one.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from campaigns.models import Campaign, density
from contracts.models import add_months

TREND_MONTHS = 12


@dataclass(frozen=True)
class Reading:
    on: datetime.date
    staff: int | None
    members: int | None
    activists: int | None


def readings(campaign: Campaign) -> list[Reading]:
    """Baseline and snapshots, oldest first; reads the prefetched `snapshots`."""
    return ordered(
        baseline(campaign.baseline_on, campaign.baseline_staff, campaign.baseline_members, campaign.baseline_activists),
        [Reading(s.taken_on, s.staff, s.members, s.activists) for s in campaign.snapshots.all()],
    )


def baseline(on, staff, members, activists) -> Reading | None:
    return Reading(on, staff, members, activists) if on else None


def ordered(start: Reading | None, snapshots: list[Reading]) -> list[Reading]:
    # Stable sort: a snapshot taken on the baseline's day comes after the baseline and so wins.
    return sorted(([start] if start else []) + snapshots, key=lambda r: r.on)


def reading_on(campaign_readings: list[Reading], day: datetime.date) -> Reading | None:
    return next((r for r in reversed(campaign_readings) if r.on <= day), None)


@dataclass(frozen=True)
class Totals:
    """Summed figures of several campaigns against their summed (staff-weighted) targets."""

    density: Decimal | None
    target_density: Decimal | None
    activists: int | None
    target_activists: int | None

    @property
    def density_met(self) -> bool:
        return self.density is not None and self.target_density is not None and self.density >= self.target_density


def counted_once(targets: dict[int, set[int]]) -> set[int]:
    """The campaigns whose figures add to a total, so that a contract's workforce counts once when two campaigns
    target it. `targets` maps campaign id to its target contract ids, in the order the campaigns should win (the
    earliest started first). Figures are per campaign, not per contract, so a campaign counts unless every one of
    its contracts is already counted; the campaigns with most contracts go first so a wider one is not dropped for
    a narrower duplicate. A campaign with no target contract always counts."""
    counted, seen = set(), set()
    for pk, contracts in sorted(targets.items(), key=lambda item: -len(item[1])):
        if not contracts or not contracts <= seen:
            counted.add(pk)
            seen |= contracts
    return counted


@dataclass(frozen=True)
class Sums:
    """What `totals` adds up over campaigns, kept apart so that totals of groups add up exactly: a region's total
    is the sum of its branches' `Sums`, never a sum of their rounded percentages."""

    staff: int = 0  # of the readings that know both staff and members
    members: int = 0
    weighted_target: Decimal = Decimal(0)  # target density times staff, over campaigns with a target density
    target_staff: int = 0
    activists: int | None = None  # None while no reading knows them
    target_activists: int | None = None

    def __add__(self, other: "Sums") -> "Sums":
        return Sums(
            staff=self.staff + other.staff,
            members=self.members + other.members,
            weighted_target=self.weighted_target + other.weighted_target,
            target_staff=self.target_staff + other.target_staff,
            activists=_plus(self.activists, other.activists),
            target_activists=_plus(self.target_activists, other.target_activists),
        )

    def totals(self) -> Totals:
        target = self.weighted_target / self.target_staff if self.target_staff else None
        return Totals(
            density=density(self.members, self.staff),
            target_density=target.quantize(Decimal("0.1")) if target is not None else None,
            activists=self.activists,
            target_activists=self.target_activists,
        )


def _plus(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else a + b


def sums(campaigns, latest: dict[int, Reading | None]) -> Sums:
    """The summed figures of campaigns (anything with pk, target_density and target_activists); `latest` maps
    campaign id to its current reading."""
    staff = members = target_staff = 0
    weighted_target = Decimal(0)
    activists: int | None = None
    target_activists: int | None = None
    for campaign in campaigns:
        reading = latest.get(campaign.pk)
        if reading and reading.staff and reading.members is not None:
            staff += reading.staff
            members += reading.members
            if campaign.target_density is not None:
                weighted_target += campaign.target_density * reading.staff
                target_staff += reading.staff
        if reading and reading.activists is not None:
            activists = (activists or 0) + reading.activists
        if campaign.target_activists is not None:
            target_activists = (target_activists or 0) + campaign.target_activists
    return Sums(staff, members, weighted_target, target_staff, activists, target_activists)


def totals(campaigns, latest: dict[int, Reading | None]) -> Totals:
    """Current totals of campaigns, as `sums`."""
    return sums(campaigns, latest).totals()


def month_ends(today: datetime.date, months: int = TREND_MONTHS) -> list[datetime.date]:
    """The last `months` month ends, oldest first, the last one being today."""
    first_of_month = today.replace(day=1)
    ends = [add_months(first_of_month, 1 - k) - datetime.timedelta(days=1) for k in range(months - 1, 0, -1)]
    return [*ends, today]


def trend_sums(all_readings: dict[int, list[Reading]], days: list[datetime.date]) -> list[tuple[int, int]]:
    """(members, staff) summed on each day over the campaigns whose reading that day knows both.

    Days and readings are both in date order, so each campaign's readings are walked once.
    """
    members, staff = [0] * len(days), [0] * len(days)
    for campaign_readings in all_readings.values():
        index, current = 0, None
        for position, day in enumerate(days):
            while index < len(campaign_readings) and campaign_readings[index].on <= day:
                current = campaign_readings[index]
                index += 1
            if current and current.staff and current.members is not None:
                members[position] += current.members
                staff[position] += current.staff
    return list(zip(members, staff, strict=True))


def densities(sums: list[tuple[int, int]]) -> list[Decimal | None]:
    return [density(members, staff) for members, staff in sums]


def density_trend(all_readings: dict[int, list[Reading]], days: list[datetime.date]) -> list[Decimal | None]:
    """Summed density on each day, from each campaign's reading on that day."""
    return densities(trend_sums(all_readings, days))
