"""Geometry for the server-rendered SVG timeline of contract end dates (no JavaScript)."""

import datetime
from dataclasses import dataclass

from .models import LeadIn, add_months, months_between
from .models.contracts import LEAD_IN_MONTHS

LABEL_WIDTH = 280
CHART_WIDTH = 640
ROW_HEIGHT = 28
TOP = 40
MAX_YEARS = 10


@dataclass
class Bar:
    contract: object
    y: int
    x_start: float
    x_end: float
    x_latest: float
    beyond: bool
    status: LeadIn
    next_break: datetime.date | None
    x_break: float | None
    x_notice: float | None
    label: str

    @property
    def width(self) -> float:
        return round(self.x_end - self.x_start, 1)

    @property
    def extension_width(self) -> float:
        return round(self.x_latest - self.x_end, 1)

    @property
    def bar_y(self) -> int:
        return self.y + 2

    @property
    def text_y(self) -> int:
        return self.y + 14

    @property
    def bottom(self) -> int:
        return self.y + 18


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    bars: list[Bar]
    ticks: list[Tick]
    x_today: float
    x_lead_in: float
    width: int
    height: int
    chart_left: int
    chart_right: int

    @property
    def lead_in_width(self) -> float:
        return round(self.x_lead_in - self.x_today, 1)


def build_timeline(contracts, today: datetime.date) -> Timeline:
    """Bars from today to each end date, then a paler stretch to the latest possible end.

    The horizon is the furthest latest end, at least the two-year lead-in and at most ten years; bars that
    run past it stop at the edge and are marked as continuing.
    """
    furthest = max((c.latest_possible_end() or c.end_date for c in contracts), default=today)
    horizon_months = min(max(months_between(today, furthest) + 1, LEAD_IN_MONTHS + 1), MAX_YEARS * 12)
    horizon = add_months(today, horizon_months)
    span = (horizon - today).days

    def x(day: datetime.date | None) -> float | None:
        if day is None:
            return None
        clamped = min(max(day, today), horizon)
        return round(LABEL_WIDTH + CHART_WIDTH * (clamped - today).days / span, 1)

    bars = []
    for index, contract in enumerate(contracts):
        latest = contract.latest_possible_end() or contract.end_date
        extension_break = contract.next_extension_break(today)
        notice = contract.notice_deadline()
        bars.append(
            Bar(
                contract=contract,
                y=TOP + index * ROW_HEIGHT,
                x_start=x(today),
                x_end=x(contract.end_date),
                x_latest=x(latest),
                beyond=latest > horizon,
                status=LeadIn(contract.lead_in_status(today)),
                next_break=extension_break.decision_date if extension_break else None,
                x_break=x(extension_break.decision_date) if extension_break else None,
                x_notice=x(notice) if notice and notice >= today else None,
                label=_shorten(f"{contract.service} – {contract.authority.name}"),
            )
        )
    ticks = [
        Tick(x(datetime.date(year, 1, 1)), str(year))
        for year in range(today.year + 1, horizon.year + 1)
        if datetime.date(year, 1, 1) <= horizon
    ]
    return Timeline(
        bars=bars,
        ticks=ticks,
        x_today=x(today),
        x_lead_in=x(add_months(today, LEAD_IN_MONTHS)),
        width=LABEL_WIDTH + CHART_WIDTH + 20,
        height=TOP + max(len(bars), 1) * ROW_HEIGHT + 10,
        chart_left=LABEL_WIDTH,
        chart_right=LABEL_WIDTH + CHART_WIDTH,
    )


def _shorten(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
