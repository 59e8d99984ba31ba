"""The membership trend as SVG: density and activists against the SMART targets.

Plain SVG with presentation attributes only (no style attributes: the CSP forbids inline styles), so the same
markup works on the page and inside WeasyPrint PDFs.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Campaign, density

WIDTH, HEIGHT = 360, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 36, 40
LINE = "#4a1a6b"
TARGET = "#9b1c1c"
INK = "#212529"
GRID = "#adb5bd"


@dataclass(frozen=True)
class Point:
    on: datetime.date
    value: float


def trend_points(campaign: Campaign, snapshots) -> tuple[list[Point], list[Point]]:
    """(density %, activists) over time, starting from the baseline; unknown figures are left out, not zero."""
    readings = (
        [(campaign.baseline_on, campaign.baseline_density, campaign.baseline_activists)] if campaign.baseline_on else []
    )
    readings += [(s.taken_on, density(s.members, s.staff), s.activists) for s in snapshots]
    readings.sort(key=lambda r: r[0])
    densities = [Point(on, float(d)) for on, d, _ in readings if d is not None]
    activists = [Point(on, float(a)) for on, _, a in readings if a is not None]
    return densities, activists


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _panel(*, x0: int, title: str, points: list[Point], target: float | None, y_max: float, unit: str, dates) -> str:
    start, end = dates
    span = max((end - start).days, 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(on):
        return x0 + LEFT + plot_w * (on - start).days / span

    def y(value):
        return TOP + plot_h * (1 - value / y_max)

    parts = [f'<text x="{x0 + LEFT}" y="20" font-size="14" font-weight="bold" fill="{INK}">{escape(title)}</text>']
    for tick in (0, y_max / 2, y_max):
        parts.append(
            f'<line x1="{x0 + LEFT}" x2="{x0 + WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="0.5"/>'
            f'<text x="{x0 + LEFT - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end" fill="{INK}">'
            f"{_fmt(tick)}{unit}</text>"
        )
    for on, anchor in ((start, "start"), (end, "end")):
        parts.append(
            f'<text x="{x(on):.1f}" y="{HEIGHT - 16}" font-size="11" text-anchor="{anchor}" fill="{INK}">'
            f"{on:%b %Y}</text>"
        )
    if target is not None:
        parts.append(
            f'<line x1="{x0 + LEFT}" x2="{x0 + WIDTH - RIGHT}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{x0 + WIDTH - RIGHT}" y="{y(target) - 5:.1f}" font-size="11" text-anchor="end" '
            f'fill="{TARGET}">Target {_fmt(target)}{unit}</text>'
        )
    if points:
        path = " ".join(f"{x(p.on):.1f},{y(p.value):.1f}" for p in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2.5"/>')
        for p in points:
            parts.append(
                f'<circle cx="{x(p.on):.1f}" cy="{y(p.value):.1f}" r="3.5" fill="{LINE}">'
                f"<title>{p.on:%-d %B %Y}: {_fmt(p.value)}{unit}</title></circle>"
            )
    else:
        parts.append(
            f'<text x="{x0 + LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" font-size="12" text-anchor="middle" '
            f'fill="{INK}">No figures yet</text>'
        )
    return "".join(parts)


def trend_svg(campaign: Campaign, snapshots) -> SafeString:
    snapshots = list(snapshots)
    densities, activists = trend_points(campaign, snapshots)
    dates = [p.on for p in densities + activists] + [campaign.started_on]
    if campaign.target_date:
        dates.append(campaign.target_date)
    start, end = min(dates), max(dates)
    if start == end:
        end = start + datetime.timedelta(days=30)
    target_density = float(campaign.target_density) if campaign.target_density is not None else None
    activist_values = [p.value for p in activists] + [campaign.target_activists or 0]
    activist_max = max(5.0, max(activist_values) * 1.2)
    description = _description(campaign, densities, activists)
    title_id = f"trend-title-{campaign.pk}"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH * 2} {HEIGHT}" width="{WIDTH * 2}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="{title_id}" class="trend-chart">'
        f'<title id="{title_id}">{escape(description)}</title>'
        + _panel(
            x0=0,
            title="Membership density",
            points=densities,
            target=target_density,
            y_max=100.0,
            unit="%",
            dates=(start, end),
        )
        + _panel(
            x0=WIDTH,
            title="Activists",
            points=activists,
            target=float(campaign.target_activists) if campaign.target_activists is not None else None,
            y_max=float(round(activist_max)),
            unit="",
            dates=(start, end),
        )
        + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308  (every interpolated text is escaped above)


def _description(campaign, densities, activists) -> str:
    def latest(points, unit):
        return f"{_fmt(points[-1].value)}{unit} on {points[-1].on:%-d %B %Y}" if points else "unknown"

    target_d = f"{_fmt(float(campaign.target_density))}%" if campaign.target_density is not None else "not set"
    target_a = str(campaign.target_activists) if campaign.target_activists is not None else "not set"
    return (
        f"Membership trend for {campaign.name}. Density: latest {latest(densities, '%')}, target {target_d}. "
        f"Activists: latest {latest(activists, '')}, target {target_a}."
    )


@dataclass(frozen=True)
class Reading:
    """One line of the membership record: the baseline or a recorded snapshot."""

    taken_on: datetime.date | None
    staff: int | None
    members: int | None
    other_union_members: int | None
    activists: int | None
    snapshot: object = None  # the MembershipSnapshot, None for the baseline

    @property
    def is_baseline(self) -> bool:
        return self.snapshot is None

    @property
    def density(self) -> Decimal | None:
        return density(self.members, self.staff)


def readings(campaign: Campaign, snapshots) -> list[Reading]:
    """The baseline and the snapshots in date order (an undated baseline first), so a reading taken before the
    baseline date is listed before it."""
    baseline = Reading(
        campaign.baseline_on,
        campaign.baseline_staff,
        campaign.baseline_members,
        campaign.baseline_other_union_members,
        campaign.baseline_activists,
    )
    others = [Reading(s.taken_on, s.staff, s.members, s.other_union_members, s.activists, s) for s in snapshots]
    return sorted([baseline, *others], key=lambda r: (r.taken_on or datetime.date.min, not r.is_baseline))


def progress(campaign: Campaign, snapshots, today: datetime.date | None = None) -> dict:
    """Latest figures against baseline and target, for the targets panel.

    The latest reading is the most recent one not after today (the form refuses future dates; older rows may
    have them); with no snapshots yet it is the baseline, so a new campaign shows its starting figures.
    """
    today = today or timezone.localdate()
    known = [r for r in readings(campaign, snapshots) if r.is_baseline or r.taken_on <= today]
    last = known[-1] if known else None
    latest_density = last.density if last else None
    changed = last is not None and not last.is_baseline
    return {
        "latest": last,
        "latest_density": latest_density,
        "density_change": (
            latest_density - campaign.baseline_density
            if changed and latest_density is not None and campaign.baseline_density is not None
            else None
        ),
        "activists_change": (
            last.activists - campaign.baseline_activists
            if changed and last.activists is not None and campaign.baseline_activists is not None
            else None
        ),
        "density_met": (
            latest_density is not None
            and campaign.target_density is not None
            and latest_density >= Decimal(campaign.target_density)
        ),
    }
