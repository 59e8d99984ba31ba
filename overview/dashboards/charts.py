"""SVG sparklines for the dashboards: no JavaScript, presentation attributes only (the CSP forbids inline
styles), and a text alternative naming the first and last values and the target, since the table beside each
sparkline carries the figures themselves."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, PAD = 120, 28, 3
LINE = "#4a1a6b"
TARGET = "#9b1c1c"


def _fmt(value) -> str:
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def describe(points: list[Decimal | None], *, target: Decimal | None, label: str, unit: str = "%") -> str:
    known = [p for p in points if p is not None]
    target_text = f"target {_fmt(target)}{unit}" if target is not None else "no target set"
    if not known:
        return f"{label}: no figures yet; {target_text}."
    return f"{label}: from {_fmt(known[0])}{unit} to {_fmt(known[-1])}{unit}; {target_text}."


def sparkline(
    points: list[Decimal | None], *, target: Decimal | None = None, label: str, top: float = 100.0, unit: str = "%"
) -> SafeString:
    """A line through the known points (equally spaced, gaps skipped) and the target as a dashed line."""
    top = max([top, *(float(p) for p in points if p is not None), float(target or 0)]) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)

    def y(value) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * float(value) / top

    parts = []
    if target is not None:
        parts.append(
            f'<line x1="0" x2="{WIDTH}" y1="{y(target):.1f}" y2="{y(target):.1f}" stroke="{TARGET}" '
            'stroke-width="1" stroke-dasharray="3 2"/>'
        )
    coords = [f"{PAD + i * step:.1f},{y(p):.1f}" for i, p in enumerate(points) if p is not None]
    if len(coords) > 1:
        parts.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="{LINE}" stroke-width="1.5"/>')
    if coords:
        x, y_last = coords[-1].split(",")
        parts.append(f'<circle cx="{x}" cy="{y_last}" r="2" fill="{LINE}"/>')
    text = escape(describe(points, target=target, label=label, unit=unit))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{text}" class="sparkline"><title>{text}</title>{"".join(parts)}</svg>'
    )
    return mark_safe(svg)  # noqa: S308  (the only text, the description, is escaped above)
