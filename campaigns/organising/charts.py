"""The power map as SVG: influence (1-5, up) against stance (opposed to champion, left to right).

Plain SVG with presentation attributes only (no style attributes, no script), so it passes the site's strict CSP
and renders the same inside WeasyPrint PDFs. Each person is a numbered marker; the number is their row in the
table beside the chart, which is the accessible alternative. People sharing a square are laid out in a small
grid inside it rather than drawn on top of each other.
"""

import math
from xml.sax.saxutils import escape

from .models import Stance

WIDTH, HEIGHT = 720, 470
LEFT, TOP, RIGHT, BOTTOM = 70, 20, 10, 70
CELL_W = (WIDTH - LEFT - RIGHT) / 5
CELL_H = (HEIGHT - TOP - BOTTOM) / 5

# Opposed red to champion green, each dark enough for white text (contrast over 4.5:1); the number and the
# table carry the meaning too, so colour is never the only signal.
STANCE_COLOURS = {-2: "#a4161a", -1: "#9c4a00", 0: "#4a4a4a", 1: "#1f5f99", 2: "#1b6b2f"}
STANCE_SHAPES = {-2: "square", -1: "square", 0: "circle", 1: "diamond", 2: "diamond"}


def _marker(shape: str, x: float, y: float, r: float, fill: str) -> str:
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" fill="{fill}"/>'
    if shape == "diamond":
        points = (
            f"{x:.1f},{y - r * 1.3:.1f} {x + r * 1.3:.1f},{y:.1f} {x:.1f},{y + r * 1.3:.1f} {x - r * 1.3:.1f},{y:.1f}"
        )
        return f'<polygon points="{points}" fill="{fill}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}"/>'


def power_map_svg(people, *, title: str = "Power map") -> str:
    """people: objects with .influence (1-5), .stance (-2..2) and .name, numbered in the order given."""
    people = list(people)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="power-map-title power-map-desc" class="power-map-chart">',
        f'<title id="power-map-title">{escape(title)}</title>',
        f'<desc id="power-map-desc">{escape(_description(people))}</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{5 * CELL_W:.1f}" height="{5 * CELL_H:.1f}" fill="#ffffff" '
        'stroke="#595959"/>',
    ]
    for i in range(1, 5):
        x = LEFT + i * CELL_W
        y = TOP + i * CELL_H
        parts.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + 5 * CELL_H:.1f}" stroke="#d0d0d0"/>')
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + 5 * CELL_W:.1f}" y2="{y:.1f}" stroke="#d0d0d0"/>')
    for stance in Stance:
        x = LEFT + (stance.value + 2.5) * CELL_W
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + 5 * CELL_H + 18:.1f}" text-anchor="middle" font-size="12" '
            f'fill="#1a1a1a">{escape(stance.label.split(" or ")[0])}</text>'
        )
    for influence in range(1, 6):
        y = TOP + (5.5 - influence) * CELL_H
        parts.append(
            f'<text x="{LEFT - 10}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#1a1a1a">{influence}</text>'
        )
    parts.append(
        f'<text x="{LEFT + 2.5 * CELL_W:.1f}" y="{HEIGHT - 20}" text-anchor="middle" font-size="13" '
        'fill="#1a1a1a">Stance on bringing the service in-house</text>'
    )
    parts.append(
        f'<text x="18" y="{TOP + 2.5 * CELL_H:.1f}" text-anchor="middle" font-size="13" fill="#1a1a1a" '
        f'transform="rotate(-90 18 {TOP + 2.5 * CELL_H:.1f})">Influence (5 = decides)</text>'
    )

    cells: dict[tuple[int, int], list[int]] = {}
    for number, person in enumerate(people, start=1):
        cells.setdefault((person.stance, person.influence), []).append(number)
    layout = _layout(cells)
    parts += _links(people, layout)
    for (stance, influence), numbers in cells.items():
        columns = math.ceil(math.sqrt(len(numbers)))
        rows = math.ceil(len(numbers) / columns)
        step_x, step_y = CELL_W / (columns + 1), CELL_H / (rows + 1)
        radius = max(4.0, min(13.0, step_x / 2.4, step_y / 2.4))
        font = max(6.0, radius * 1.05)
        fill = STANCE_COLOURS[stance]
        shape = STANCE_SHAPES[stance]
        for index, number in enumerate(numbers):
            x = LEFT + (stance + 2) * CELL_W + step_x * (index % columns + 1)
            y = TOP + (5 - influence) * CELL_H + step_y * (index // columns + 1)
            name = people[number - 1].name
            parts.append(f"<g><title>{escape(f'{number}. {name}')}</title>")
            parts.append(_marker(shape, x, y, radius, fill))
            parts.append(
                f'<text x="{x:.1f}" y="{y + font / 3:.1f}" text-anchor="middle" font-size="{font:.1f}" '
                f'fill="#ffffff" font-weight="bold">{number}</text></g>'
            )
    if not people:
        parts.append(
            f'<text x="{LEFT + 2.5 * CELL_W:.1f}" y="{TOP + 2.5 * CELL_H:.1f}" text-anchor="middle" font-size="14" '
            'fill="#1a1a1a">No one on the power map yet</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _layout(cells) -> dict[int, tuple[float, float]]:
    """Each person's marker centre, by their number."""
    centres = {}
    for (stance, influence), numbers in cells.items():
        columns = math.ceil(math.sqrt(len(numbers)))
        rows = math.ceil(len(numbers) / columns)
        step_x, step_y = CELL_W / (columns + 1), CELL_H / (rows + 1)
        for index, number in enumerate(numbers):
            x = LEFT + (stance + 2) * CELL_W + step_x * (index % columns + 1)
            y = TOP + (5 - influence) * CELL_H + step_y * (index // columns + 1)
            centres[number] = (x, y)
    return centres


def influence_links(people) -> list[tuple[int, int]]:
    """(influencer's number, influenced person's number) for each recorded influence between people on the map."""
    numbers = {person.pk: n for n, person in enumerate(people, start=1)}
    links = []
    for n, person in enumerate(people, start=1):
        # Unsaved people (a preview, a test's sketch) have no links yet.
        influencers = (
            person.influenced_by.all() if getattr(person, "pk", None) and hasattr(person, "influenced_by") else ()
        )
        links += [(numbers[other.pk], n) for other in influencers if other.pk in numbers]
    return links


def _links(people, centres) -> list[str]:
    """Arrows from influencer to influenced, drawn under the markers."""
    links = influence_links(people)
    if not links:
        return []
    parts = [
        '<defs><marker id="influence-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#595959"/></marker>'
        "</defs>"
    ]
    for source, target in links:
        (x1, y1), (x2, y2) = centres[source], centres[target]
        length = math.hypot(x2 - x1, y2 - y1) or 1
        # Stop short of the marker so the arrowhead shows beside it, not under it.
        x2, y2 = x2 - (x2 - x1) * 15 / length, y2 - (y2 - y1) * 15 / length
        parts.append(
            f'<line class="influence-link" data-from="{source}" data-to="{target}" x1="{x1:.1f}" y1="{y1:.1f}" '
            f'x2="{x2:.1f}" y2="{y2:.1f}" stroke="#595959" stroke-width="1.5" marker-end="url(#influence-arrow)">'
            f"<title>{escape(f'{people[source - 1].name} influences {people[target - 1].name}')}</title></line>"
        )
    return parts


def _description(people) -> str:
    if not people:
        return "An empty chart of influence against stance: no one has been added to the power map yet."
    champions = sum(1 for p in people if p.stance > 0)
    opposed = sum(1 for p in people if p.stance < 0)
    deciders = sum(1 for p in people if p.influence >= 4)
    return (
        f"Influence against stance for {len(people)} people: {champions} in favour, {opposed} against, "
        f"{len(people) - champions - opposed} undecided; {deciders} with influence 4 or 5. "
        f"{len(influence_links(people))} arrows show who influences whom. "
        "The table that follows lists each numbered person."
    )
