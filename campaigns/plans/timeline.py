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


# Text widths are estimated, not measured (there is no font engine here): 0.62 em per character is a little wider
# than DejaVu Sans and Bootstrap's system fonts average, so an estimate errs towards more room, never overlap.
EM_PER_CHAR = 0.62
GAP = 4  # between a marker's line and its label, and between two labels on one row


@dataclass
class Label:
    marker: KeyDate
    x: float
    text: str
    anchor: str = "start"  # "start": text runs right of the line; "end": left of it
    row: int = 0

    def span(self, width: float) -> tuple[float, float]:
        if self.anchor == "start":
            return self.x + GAP, self.x + GAP + width
        return self.x - GAP - width, self.x - GAP


def _label_text(marker: KeyDate) -> str:
    if marker.kind == "today":
        return f"Today, {marker.date:%-d %b %Y}"
    return f"{KIND_LABELS[marker.kind]}: {marker.label}, {marker.date:%-d %b %Y}"


def layout_labels(labels: list[Label], *, font: float, left: float, right: float) -> int:
    """Give each label a row below the chart and a side of its line so that no label overlaps another label or
    crosses another marker's line (a line runs from the top of the chart down to its own label's row). Rows are
    filled top down; a label may take the current row only if no line still to be placed runs through its text,
    and it fits between `left` and `right`. Returns the number of rows used."""
    char = font * EM_PER_CHAR
    for label in labels:
        # A label longer than the room on either side of its line is shortened to fit (the table and the
        # marker's tooltip keep the whole text), so every label fits on some side.
        room = max(label.x - left, right - label.x) - GAP
        if len(label.text) * char > room:
            label.text = label.text[: max(int(room / char) - 1, 1)].rstrip(" ,:") + "…"
    width = {id(label): len(label.text) * char for label in labels}
    waiting = sorted(labels, key=lambda lab: lab.x)
    row = 0
    while waiting:
        placed: list[tuple[float, float]] = []
        placed_x: list[float] = []  # lines that end on this row still run down to it
        for label in list(waiting):
            others = [o.x for o in waiting if o is not label] + placed_x
            for anchor in ("start", "end"):
                label.anchor = anchor
                lo, hi = label.span(width[id(label)])
                clear = not any(lo - GAP <= x <= hi + GAP for x in others)
                free = all(hi + GAP <= a or lo >= b + GAP for a, b in placed)
                if lo >= left and hi <= right and clear and free:
                    label.row = row
                    placed.append((lo, hi))
                    placed_x.append(label.x)
                    waiting.remove(label)
                    break
        if not placed:
            # Nothing fits whole without crossing a line still to come. The leftmost label, written leftwards,
            # and the rightmost, written rightwards, cross none: take whichever keeps more of its text, shortened
            # to the room it has (the tooltip and the table keep the whole text).
            first, last = waiting[0], waiting[-1]
            if first.x - left >= right - last.x:
                label, label.anchor, room = first, "end", first.x - left - GAP
            else:
                label, label.anchor, room = last, "start", right - last.x - GAP
            if len(label.text) * char > room:
                label.text = label.text[: max(int(room / char) - 1, 1)].rstrip(" ,:") + "…"
            label.row = row
            waiting.remove(label)
        row += 1
    return row


def timeline_svg(data: Timeline, *, title: str, width: int = WIDTH, font: float = 11) -> SafeString:
    """The chart `width` units wide with text of `font` units: the page draws it 960 wide, the PDF narrower
    with the same text size, so that once scaled to the printed width its text stays readable."""
    span = max((data.end - data.start).days, 1)
    left = LEFT if width >= 800 else 150
    plot_w = width - left - RIGHT
    lanes_h = LANE * len(data.lanes)
    line_h = round(font * 1.45)

    def x(on: datetime.date) -> float:
        return round(left + plot_w * (on - data.start).days / span, 1)

    markers = [KeyDate(data.today, "today", "Today", "today", "")] + list(data.markers)
    labels = [Label(m, x(m.date), _label_text(m)) for m in markers if data.start <= m.date <= data.end]
    whole = {id(label): label.text for label in labels}
    rows = layout_labels(labels, font=font, left=4, right=width - 4)
    label_top = TOP + lanes_h + 14
    height = label_top + line_h * rows + 8

    desc = (
        f"Plan rows by phase from {data.start:%-d %B %Y} to {data.end:%-d %B %Y}, with today "
        f"({data.today:%-d %B %Y}) and {len(data.markers)} key date{'s' if len(data.markers) != 1 else ''}. "
        "Hollow dots are draft rows. The table below the chart lists the same."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="timeline-title timeline-desc" class="campaign-timeline">',
        f'<title id="timeline-title">{escape(title)}</title>',
        f'<desc id="timeline-desc">{escape(desc)}</desc>',
    ]
    ticks = _months(data.start, data.end)
    # Month labels need about five characters' room each; on a narrow chart every other one is left unlabelled.
    every = 1 if not ticks or plot_w / len(ticks) >= font * EM_PER_CHAR * 9 else 2
    for n, tick in enumerate(ticks):
        parts.append(
            f'<line x1="{x(tick)}" y1="{TOP - 6}" x2="{x(tick)}" y2="{TOP + lanes_h}" stroke="{GRID}" '
            'stroke-width="0.5"/>'
        )
        if n % every == 0:
            parts.append(
                f'<text x="{x(tick)}" y="{TOP - 10}" font-size="{font}" fill="{INK}" text-anchor="middle">'
                f"{tick:%b %Y}</text>"
            )
    for i, lane in enumerate(data.lanes):
        y = TOP + i * LANE
        mid = y + LANE / 2
        drafts = sum(1 for r in lane.rows if r.is_draft)
        count = f"{len(lane.rows)} row{'s' if len(lane.rows) != 1 else ''}"
        if drafts:
            count += f", {drafts} draft{'s' if drafts != 1 else ''}"
        parts.append(f'<g class="timeline-lane" data-phase="{lane.number}">')
        parts.append(
            f'<text x="8" y="{mid - 2}" font-size="{font + 1}" fill="{INK}">Phase {lane.number}</text>'
            f'<text x="8" y="{mid + font + 1}" font-size="{font - 1}" fill="{INK}">{count}</text>'
        )
        if lane.start:
            bar = max(x(lane.end) - x(lane.start), 2)
            parts.append(
                f'<rect x="{x(lane.start)}" y="{mid - 8}" width="{round(bar, 1)}" height="16" rx="3" fill="{PHASE}"/>'
            )
        for row in lane.dated:
            colour = DONE if row.status == PlanRow.Status.DONE else POINT
            # A draft is a hollow dot: on the plan, not yet accepted.
            fill = f'fill="#fff" stroke="{colour}" stroke-width="2"' if row.is_draft else f'fill="{colour}"'
            draft = " (draft)" if row.is_draft else ""
            flag = ' data-draft="true"' if row.is_draft else ""
            parts.append(
                f'<circle cx="{x(row.deadline)}" cy="{mid}" r="5" {fill} data-row="{row.pk}"'
                f"{flag}>"
                f"<title>{escape(row.objective)}{draft}: {row.deadline:%-d %B %Y}, {row.get_status_display()}</title>"
                "</circle>"
            )
        parts.append("</g>")
    for label in labels:
        marker = label.marker
        colour = MARKER[marker.kind]
        dash = f' stroke-dasharray="{DASH[marker.kind]}"' if marker.kind in DASH else ""
        baseline = label_top + line_h * label.row + font
        parts.append(
            f'<g class="timeline-marker" data-kind="{marker.kind}" data-label-row="{label.row}">'
            f"<title>{escape(whole[id(label)])}</title>"
            f'<line x1="{label.x}" y1="{TOP - 4}" x2="{label.x}" y2="{baseline}" stroke="{colour}" '
            f'stroke-width="2"{dash}/>'
            f'<text x="{label.x + GAP if label.anchor == "start" else label.x - GAP}" y="{baseline}" '
            f'font-size="{font}" fill="{colour}" text-anchor="{label.anchor}">{escape(label.text)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
