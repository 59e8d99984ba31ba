"""A horizontal bar chart as SVG markup: drawn the same on the page and inside the PDF (WeasyPrint renders
inline SVG). Presentation attributes only, no style attributes (CSP). Bars with no value say "unknown"."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape

from .gap import money

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 90
BAR_HEIGHT = 22
GAP = 8
TITLE_HEIGHT = 24
COLOURS = {"contractor": "#b3541e", "direct": "#4a1a6b", "reference": "#6c757d"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    tone: str = "contractor"  # contractor / direct / reference


def bar_chart(*, chart_id: str, title: str, bars: list[Bar], description: str = "") -> str:
    known = [bar.value for bar in bars if bar.value is not None]
    scale_max = max([abs(v) for v in known] + [Decimal(1)])
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TITLE_HEIGHT + len(bars) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gap-chart" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description or _describe(bars))}</desc>',
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="#111">{escape(title)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = TITLE_HEIGHT + GAP + index * (BAR_HEIGHT + GAP)
        text_y = y + BAR_HEIGHT - 6
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" font-size="12" fill="#111">'
            f"{escape(bar.label)}</text>"
        )
        if bar.value is None:
            parts.append(f'<text x="{LABEL_WIDTH}" y="{text_y}" font-size="12" fill="#111">unknown</text>')
            continue
        length = int(plot * abs(bar.value) / scale_max) if bar.value else 0
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1)}" height="{BAR_HEIGHT}" '
            f'fill="{COLOURS.get(bar.tone, COLOURS["reference"])}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{text_y}" font-size="12" fill="#111">'
            f"{escape(money(bar.value))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _describe(bars: list[Bar]) -> str:
    return "; ".join(f"{bar.label}: {money(bar.value)}" for bar in bars)
