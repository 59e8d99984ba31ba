"""The campaign on one time axis: the five phases as lanes, their rows as points on a bar from first to last
deadline, and vertical lines for today, the deciding meeting, elections, the contract's end and extension breaks.

Plain SVG with presentation attributes only (the CSP forbids inline styles), so the same markup works on the page
and in the WeasyPrint PDF. It is an image (role="img", title and desc); the page's table says the same in words.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import guide
from .decisions import KIND_LABELS, KeyDate, key_dates
from .models import Campaign, PlanRow

WIDTH = 960
LEFT, RIGHT, TOP = 190, 20, 40
LANE = 44
INK = "#212529"
GRID = "#adb5bd"
PHASE = "#d9c9e6"
POINT = "#4a1a6b"
DONE = "#1e6b34"
# Marker colours, each with enough contrast on white for a thin line (WCAG 1.4.11 non-text contrast 3:1).
MARKER = {
    "today": "#0b5ed7",
    "decision": "#9b1c1c",
    "meeting": "#6c4a00",
    "election": "#6c4a00",
    "contract-end": "#212529",
    "extension": "#495057",
    "notice": "#495057",
}
DASH = {"extension": "6 4", "notice": "2 3", "meeting": "4 2", "election": "4 2"}


@dataclass
class Lane:
    number: int
    title: str
    rows: list[PlanRow] = field(default_factory=list)

    @property
    def dated(self) -> list[PlanRow]:
        return [r for r in self.rows if r.deadline]

    @property
    def start(self) -> datetime.date | None:
        return min((r.deadline for r in self.dated), default=None)

    @property
    def end(self) -> datetime.date | None:
        return max((r.deadline for r in self.dated), default=None)


@dataclass
class Timeline:
    start: datetime.date
    end: datetime.date
    today: datetime.date
    lanes: list[Lane]
    markers: list[KeyDate]


def timeline_data(*, campaign: Campaign, rows, today: datetime.date | None = None) -> Timeline:
    today = today or timezone.localdate()
    lanes = [Lane(n, guide.PHASES[n].title) for n in guide.PHASES]
    for row in rows:
        lanes[row.phase - 1].rows.append(row)
    markers = key_dates(campaign=campaign)
    dates = [campaign.started_on, today] + [r.deadline for r in rows if r.deadline] + [m.date for m in markers]
    start, end = min(dates), max(dates)
    # A margin either side, so a point on the first or last day is not drawn on the edge.
    margin = datetime.timedelta(days=max(14, (end - start).days // 30))
    return Timeline(start - margin, end + margin, today, lanes, markers)


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of the months to label: every month, or every quarter or year on long axes."""
    span_months = (end.year - start.year) * 12 + end.month - start.month
    step = 1 if span_months <= 12 else 3 if span_months <= 40 else 12
    day = datetime.date(start.year, start.month, 1)
    ticks = []
    while day <= end:
        if day >= start and (day.month - 1) % step == 0:
            ticks.append(day)
        day = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return ticks


def timeline_svg(data: Timeline, *, title: str) -> SafeString:
    span = max((data.end - data.start).days, 1)
    plot_w = WIDTH - LEFT - RIGHT
    lanes_h = LANE * len(data.lanes)
    label_rows = len(data.markers) + 1
    height = TOP + lanes_h + 30 + 16 * label_rows + 10

    def x(on: datetime.date) -> float:
        return round(LEFT + plot_w * (on - data.start).days / span, 1)

    desc = (
        f"Plan rows by phase from {data.start:%-d %B %Y} to {data.end:%-d %B %Y}, with today "
        f"({data.today:%-d %B %Y}) and {len(data.markers)} key date{'s' if len(data.markers) != 1 else ''}. "
        "The table below the chart lists the same."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="timeline-title timeline-desc" class="campaign-timeline">',
        f'<title id="timeline-title">{escape(title)}</title>',
        f'<desc id="timeline-desc">{escape(desc)}</desc>',
    ]
    for tick in _months(data.start, data.end):
        parts.append(
            f'<line x1="{x(tick)}" y1="{TOP - 6}" x2="{x(tick)}" y2="{TOP + lanes_h}" stroke="{GRID}" '
            'stroke-width="0.5"/>'
            f'<text x="{x(tick)}" y="{TOP - 10}" font-size="11" fill="{INK}" text-anchor="middle">'
            f"{tick:%b %Y}</text>"
        )
    for i, lane in enumerate(data.lanes):
        y = TOP + i * LANE
        mid = y + LANE / 2
        parts.append(f'<g class="timeline-lane" data-phase="{lane.number}">')
        parts.append(
            f'<text x="8" y="{mid + 4}" font-size="13" fill="{INK}">Phase {lane.number} '
            f"({len(lane.rows)} row{'s' if len(lane.rows) != 1 else ''})</text>"
        )
        if lane.start:
            width = max(x(lane.end) - x(lane.start), 2)
            parts.append(
                f'<rect x="{x(lane.start)}" y="{mid - 8}" width="{round(width, 1)}" height="16" rx="3" fill="{PHASE}"/>'
            )
        for row in lane.dated:
            colour = DONE if row.status == PlanRow.Status.DONE else POINT
            parts.append(
                f'<circle cx="{x(row.deadline)}" cy="{mid}" r="5" fill="{colour}" data-row="{row.pk}">'
                f"<title>{escape(row.objective)}: {row.deadline:%-d %B %Y}, {row.get_status_display()}</title>"
                "</circle>"
            )
        parts.append("</g>")
    markers = [KeyDate(data.today, "today", "Today", "today", "")] + list(data.markers)
    label_y = TOP + lanes_h + 30
    for n, marker in enumerate(markers):
        if not data.start <= marker.date <= data.end:
            continue
        colour = MARKER[marker.kind]
        dash = f' stroke-dasharray="{DASH[marker.kind]}"' if marker.kind in DASH else ""
        bottom = label_y + 16 * n - 12
        kind = "Today" if marker.kind == "today" else KIND_LABELS[marker.kind]
        parts.append(
            f'<g class="timeline-marker" data-kind="{marker.kind}">'
            f'<line x1="{x(marker.date)}" y1="{TOP - 4}" x2="{x(marker.date)}" y2="{bottom}" stroke="{colour}" '
            f'stroke-width="2"{dash}/>'
            f'<text x="{x(marker.date)}" y="{bottom + 12}" font-size="11" fill="{colour}" '
            f'text-anchor="{"end" if x(marker.date) > WIDTH / 2 else "start"}">'
            f"{escape(kind)}: {escape(marker.label) if marker.kind != 'today' else ''}"
            f"{'' if marker.kind == 'today' else ', '}{marker.date:%-d %b %Y}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
