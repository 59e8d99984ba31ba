"""The whole campaign plan as an XLSX workbook, one sheet per writer.

Extension hook: a sheet writer is a function `writer(workbook, campaign) -> None` that adds one or more
worksheets. Register it with the `@sheet_writer` decorator in a module imported from
`CampaignsConfig.ready()` (e.g. `campaigns/organising/exports.py`); writers run in registration order after
the plan's own sheets. Write each sheet with `insourcing.exports.write_sheet`, the one spreadsheet writer (typed
cells, no formulas, printable layout).
"""

from collections.abc import Callable

from openpyxl import Workbook

from insourcing.exports import XLSX_CONTENT_TYPE, Column, Kind, new_workbook, workbook_bytes, write_sheet

from .models import Campaign, PlanRow

SheetWriter = Callable[[Workbook, Campaign], None]
SHEET_WRITERS: list[SheetWriter] = []
__all__ = ["XLSX_CONTENT_TYPE", "SHEET_WRITERS", "campaign_workbook", "sheet_writer"]


def sheet_writer(func: SheetWriter) -> SheetWriter:
    SHEET_WRITERS.append(func)
    return func


def campaign_workbook(campaign: Campaign) -> bytes:
    workbook = new_workbook()
    for writer in SHEET_WRITERS:
        writer(workbook, campaign)
    return workbook_bytes(workbook)


@sheet_writer
def plan_sheet(workbook: Workbook, campaign: Campaign) -> None:
    rows = PlanRow.objects.filter(campaign=campaign).select_related("responsible")
    write_sheet(
        workbook,
        "Plan",
        [
            Column("Phase", Kind.INTEGER),
            Column("Step"),
            Column("Objective", Kind.LONG_TEXT),
            Column("Task", Kind.LONG_TEXT),
            Column("Responsibility"),
            Column("Deadline", Kind.DATE),
            Column("Status"),
            Column("Done on", Kind.DATE),
            Column("Notes", Kind.LONG_TEXT),
            Column("Draft", Kind.YES_NO),
        ],
        (
            [
                row.phase,
                row.step,
                row.objective,
                row.task,
                row.responsible.name if row.responsible else "",
                row.deadline,
                row.get_status_display(),
                row.done_on,
                row.notes,
                row.is_draft,
            ]
            for row in rows
        ),
    )


@sheet_writer
def team_sheet(workbook: Workbook, campaign: Campaign) -> None:
    write_sheet(
        workbook,
        "Team",
        [
            Column("Name"),
            Column("Role"),
            Column("Contact email"),
            Column("Campaign lead", Kind.YES_NO),
            Column("Gets reminders", Kind.YES_NO),
        ],
        (
            [
                m.name,
                m.get_role_display(),
                m.email,
                m.pk == campaign.lead_id,
                m.reminders_enabled,
            ]
            for m in campaign.team.all()
        ),
    )


@sheet_writer
def membership_sheet(workbook: Workbook, campaign: Campaign) -> None:
    rows = [
        [
            "Baseline",
            campaign.baseline_on,
            campaign.baseline_staff,
            campaign.baseline_members,
            campaign.baseline_other_union_members,
            campaign.baseline_activists,
            campaign.baseline_density,
        ],
    ]
    rows += [
        [
            "Snapshot",
            s.taken_on,
            s.staff,
            s.members,
            s.other_union_members,
            s.activists,
            s.density,
        ]
        for s in campaign.snapshots.all()
    ]
    rows.append(
        [
            "Target",
            campaign.target_date,
            None,
            None,
            None,
            campaign.target_activists,
            campaign.target_density,
        ]
    )
    write_sheet(
        workbook,
        "Membership",
        [
            Column("Reading"),
            Column("Date", Kind.DATE),
            Column("Staff", Kind.INTEGER),
            Column("UNISON members", Kind.INTEGER),
            Column("Other-union members", Kind.INTEGER),
            Column("Activists", Kind.INTEGER),
            Column("Density (%)", Kind.NUMBER),
        ],
        rows,
    )


@sheet_writer
def review_sheet(workbook: Workbook, campaign: Campaign) -> None:
    write_sheet(
        workbook,
        "Review",
        [Column("Heading"), Column("Text", Kind.LONG_TEXT, width=90)],
        [
            ["Campaign", campaign.name],
            ["Goal", campaign.goal],
            ["Status", campaign.get_status_display()],
            ["Current phase", campaign.get_phase_display()],
            ["Lessons learned", campaign.lessons_learned],
            ["Recommendations", campaign.recommendations],
        ],
    )
