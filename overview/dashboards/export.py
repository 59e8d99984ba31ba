"""The region table as an XLSX workbook: one sheet per region, rows as shown (sorted and filtered), then totals."""

import io

from openpyxl import Workbook

from insourcing.exports import spreadsheet_safe

from .region import PHASES, RegionTable, Row

HEADERS = [
    "Branch",
    "Contracts",
    "Ending within 2 years",
    "Renewals with no campaign",
    "Active campaigns",
    *PHASES,
    "Density (%)",
    "Target density (%)",
    "Activists",
    "Target activists",
    "Overdue plan rows",
    "Overdue FoI replies",
    "Open surveys",
    "Survey responses",
    "Response rate (%)",
]


def _known(value):
    """Missing figures read "unknown", never 0 (a 0 would claim a figure nobody has)."""
    return "unknown" if value is None else float(value) if not isinstance(value, int) else value


def row_cells(row: Row) -> list:
    return [
        row.name,
        row.contracts,
        row.ending,
        row.unguarded,
        row.campaigns,
        *row.phase_counts(),
        _known(row.totals.density),
        _known(row.totals.target_density),
        _known(row.totals.activists),
        _known(row.totals.target_activists),
        row.overdue_rows,
        row.overdue_foi,
        row.open_surveys,
        row.survey_responses,
        _known(row.response_rate),
    ]


def workbook(tables: list[RegionTable]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        # Sheet titles may not hold []:*?/\ and are at most 31 characters.
        title = "".join(ch for ch in table.region.name if ch not in "[]:*?/\\")[:31] or "Region"
        sheet = book.create_sheet(title)
        sheet.append(HEADERS)
        for row in [*table.shown, table.total]:
            sheet.append([spreadsheet_safe(cell) for cell in row_cells(row)])
    if not tables:
        book.create_sheet("No regions").append(["You are not a regional organiser of any region."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
