"""The region table as an XLSX workbook: one sheet per region, rows as shown (sorted and filtered), then totals."""

from insourcing.exports import Column, Kind, new_workbook, workbook_bytes, write_sheet

from .region import PHASES, RegionTable, Row

INT = Kind.INTEGER
COLUMNS = [
    Column("Branch"),
    Column("Contracts", INT),
    Column("Ending within 2 years", INT),
    Column("Renewals with no campaign", INT),
    Column("Active campaigns", INT),
    *[Column(f"{phase} campaigns", INT) for phase in PHASES],
    Column("Density (%)", Kind.NUMBER),
    Column("Target density (%)", Kind.NUMBER),
    Column("Activists", INT),
    Column("Target activists", INT),
    Column("Overdue plan rows", INT),
    Column("Overdue FoI replies", INT),
    Column("Open surveys", INT),
    Column("Survey responses", INT),
    Column("Response rate (%)", Kind.NUMBER),
]


def row_cells(row: Row) -> list:
    return [
        row.name,
        row.contracts,
        row.ending,
        row.unguarded,
        row.campaigns,
        *row.phase_counts(),
        row.totals.density,  # a missing figure is an empty cell, never 0 (a 0 would claim a figure nobody has)
        row.totals.target_density,
        row.totals.activists,
        row.totals.target_activists,
        row.overdue_rows,
        row.overdue_foi,
        row.open_surveys,
        row.survey_responses,
        row.response_rate,
    ]


def workbook(tables: list[RegionTable]) -> bytes:
    book = new_workbook()
    for table in tables:
        write_sheet(
            book, table.region.name or "Region", COLUMNS, [row_cells(row) for row in [*table.shown, table.total]]
        )
    if not tables:
        write_sheet(book, "No regions", [Column("You are not a regional organiser of any region.")], [])
    return workbook_bytes(book)
