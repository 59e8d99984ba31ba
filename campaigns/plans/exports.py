"""The whole campaign plan as an XLSX workbook, one sheet per writer.

Extension hook: a sheet writer is a function `writer(workbook, campaign) -> None` that adds one or more
worksheets. Register it with the `@sheet_writer` decorator in a module imported from
`CampaignsConfig.ready()` (e.g. `campaigns/organising/exports.py`); writers run in registration order after
the plan's own sheets. Write cells with `write_table()`, which passes every value through
`insourcing.exports.spreadsheet_safe` so no cell can start a formula.
"""

from collections.abc import Callable, Iterable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from insourcing.exports import spreadsheet_safe

from .models import Campaign, PlanRow

SheetWriter = Callable[[Workbook, Campaign], None]
SHEET_WRITERS: list[SheetWriter] = []
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_writer(func: SheetWriter) -> SheetWriter:
    SHEET_WRITERS.append(func)
    return func


def write_table(workbook: Workbook, title: str, headers: list[str], rows: Iterable[Iterable]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([spreadsheet_safe(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(60, len(header) + 4))
    sheet.freeze_panes = "A2"


def campaign_workbook(campaign: Campaign) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for writer in SHEET_WRITERS:
        writer(workbook, campaign)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _unknown(value):
    return "unknown" if value is None else value


@sheet_writer
def plan_sheet(workbook: Workbook, campaign: Campaign) -> None:
    rows = PlanRow.objects.filter(campaign=campaign).select_related("responsible")
    write_table(
        workbook,
        "Plan",
        ["Phase", "Step", "Objective", "Task", "Responsibility", "Deadline", "Status", "Done on", "Notes", "Draft"],
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
                "draft" if row.is_draft else "",
            ]
            for row in rows
        ),
    )


@sheet_writer
def team_sheet(workbook: Workbook, campaign: Campaign) -> None:
    write_table(
        workbook,
        "Team",
        ["Name", "Role", "Contact email", "Campaign lead", "Reminders"],
        (
            [
                m.name,
                m.get_role_display(),
                m.email,
                "yes" if m.pk == campaign.lead_id else "",
                "on" if m.reminders_enabled else "off",
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
            _unknown(campaign.baseline_staff),
            _unknown(campaign.baseline_members),
            _unknown(campaign.baseline_other_union_members),
            _unknown(campaign.baseline_activists),
            _unknown(campaign.baseline_density),
        ],
    ]
    rows += [
        [
            "Snapshot",
            s.taken_on,
            _unknown(s.staff),
            _unknown(s.members),
            _unknown(s.other_union_members),
            _unknown(s.activists),
            _unknown(s.density),
        ]
        for s in campaign.snapshots.all()
    ]
    rows.append(
        [
            "Target",
            campaign.target_date,
            "",
            "",
            "",
            _unknown(campaign.target_activists),
            _unknown(campaign.target_density),
        ]
    )
    write_table(
        workbook,
        "Membership",
        ["Reading", "Date", "Staff", "UNISON members", "Other-union members", "Activists", "Density (%)"],
        rows,
    )


@sheet_writer
def review_sheet(workbook: Workbook, campaign: Campaign) -> None:
    write_table(
        workbook,
        "Review",
        ["Heading", "Text"],
        [
            ["Campaign", campaign.name],
            ["Goal", campaign.goal],
            ["Status", campaign.get_status_display()],
            ["Current phase", campaign.get_phase_display()],
            ["Lessons learned", campaign.lessons_learned],
            ["Recommendations", campaign.recommendations],
        ],
    )
