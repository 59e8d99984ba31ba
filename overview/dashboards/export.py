"""The dashboards as XLSX workbooks: the region table (one sheet per region, rows as shown, sorted and filtered,
then totals) and the officer's / a branch's panels (one sheet per panel)."""

from insourcing.exports import Column, Kind, new_workbook, workbook_bytes, write_sheet

from .branch import BranchDashboard
from .region import PHASES, RegionTable, Row

INT = Kind.INTEGER
COLUMNS = [
    Column("Branch"),
    Column("Contracts", INT),
    Column("Ending within 2 years", INT),
    Column("Renewals with no campaign", INT),
    Column("Campaigns (planning, active or paused)", INT),
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
    Column("Next decision", Kind.DATE),
    Column("Decided then"),
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
        row.next_decision,
        row.next_decision_of,
    ]


def table_cells(table: RegionTable) -> list[list]:
    """The rows shown, then the total named as the page names it (it adds up every branch, filtered or not)."""
    total = row_cells(table.total)
    total[0] = table.total_label
    return [*(row_cells(row) for row in table.shown), total]


def workbook(tables: list[RegionTable]) -> bytes:
    book = new_workbook()
    for table in tables:
        write_sheet(book, table.region.name or "Region", COLUMNS, table_cells(table))
    if not tables:
        write_sheet(book, "No regions", [Column("You are not a regional organiser of any region.")], [])
    return workbook_bytes(book)


def write_panel_sheets(book, board: BranchDashboard) -> None:
    """The officer dashboard's and the branch drill-down's panels, one sheet each, rows as the page shows them."""
    branch = [Column("Branch")] if board.several_branches else []

    def branch_of(obj) -> list:
        return [obj.branch.name] if board.several_branches else []

    plan_rows = [
        [row.deadline, overdue, row.objective, row.campaign.name]
        + ([row.campaign.branch.name] if board.several_branches else [])
        + ([] if board.mine else [row.responsible.name if row.responsible else ""])
        for overdue, rows in ((True, board.rows_overdue), (False, board.rows_due))
        for row in rows
    ]
    write_sheet(
        book,
        "Your plan rows" if board.mine else "Plan rows",
        [Column("Deadline", Kind.DATE), Column("Overdue", Kind.YES_NO), Column("Objective", Kind.LONG_TEXT)]
        + [Column("Campaign")]
        + branch
        + ([] if board.mine else [Column("Responsible")]),
        plan_rows,
    )
    write_sheet(
        book,
        "Lead-in contracts",
        [Column("Ends", Kind.DATE), Column("Service"), *branch, Column("Public authority")]
        + [Column("Has a campaign", Kind.YES_NO)],
        [[c.end_date, c.service, *branch_of(c), c.authority.name, bool(c.has_campaign)] for c in board.lead_in],
    )
    write_sheet(
        book,
        "FoI replies",
        [Column("Reply due", Kind.DATE), Column("Overdue", Kind.YES_NO), Column("Request"), *branch]
        + [Column("Public authority"), Column("Status")],
        [
            [foi.due_on, overdue, foi.reference, *branch_of(foi), foi.authority.name, foi.get_status_display()]
            for overdue, fois in ((True, board.foi_overdue), (False, board.foi_due))
            for foi in fois
        ],
    )
    write_sheet(
        book,
        "Open surveys",
        [Column("Survey"), Column("Contract"), Column("Responses", Kind.INTEGER)]
        + [Column("Response rate (%)", Kind.NUMBER), Column("Closes", Kind.DATE)],
        [
            [s.survey.title, s.survey.contract.service, s.responses, s.percent, s.survey.closes_on]
            for s in board.surveys
        ],
    )
    write_sheet(
        book,
        "Campaigns by phase",
        [Column("Phase"), Column("Campaigns (planning, active or paused)", Kind.INTEGER)],
        board.phases,
    )
    write_sheet(
        book,
        "Campaign progress",
        [Column("Campaign"), *branch, Column("Phase", Kind.INTEGER), Column("Density (%)", Kind.NUMBER)]
        + [Column("Target density (%)", Kind.NUMBER), Column("Activists", INT), Column("Target activists", INT)]
        + [Column("Overdue plan rows", INT)],
        [
            [p.campaign.name, *branch_of(p.campaign), p.campaign.phase, p.density, p.campaign.target_density]
            + [p.activists, p.campaign.target_activists, p.overdue_rows]
            for p in board.campaigns
        ],
    )
    write_sheet(
        book,
        "Recent changes",
        [Column("When", Kind.DATE), Column("Who"), Column("What"), Column("Kind"), Column("Name")],
        [[c.on, c.who, c.action, c.kind, c.name] for c in board.changes],
    )


def panels_workbook(board: BranchDashboard | None, tables: list[RegionTable]) -> bytes:
    """The dashboard page as a workbook: the officer's panels, then the organiser's region sheets."""
    book = new_workbook()
    if board is not None:
        write_panel_sheets(book, board)
    for table in tables:
        write_sheet(book, table.region.name or "Region", COLUMNS, table_cells(table))
    return workbook_bytes(book)
