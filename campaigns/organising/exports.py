"""The organising tools' sheets in the campaign spreadsheet (registered with the plan export's sheet writers)."""

from openpyxl.styles import Alignment, Font, PatternFill

from insourcing.exports import spreadsheet_safe

from ..plans.exports import sheet_writer
from ..plans.models import Campaign
from .guide import Audience
from .services import organising_context, workforce_actions

CELL_FILLS = {  # light fills behind dark text; the state is written in the cell as well
    "empty": "FFFFFF",
    "planned": "E8EEF7",
    "in-progress": "FFF1C2",
    "done": "D8F0DC",
    "stuck": "F6D5D5",
    "overdue": "F6D5D5",
}


def uk_date(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _action_line(action) -> str:
    dates = " to ".join(d for d in (uk_date(action.starts_on), uk_date(action.due_on)) if d)
    return f"• {action.description} ({action.get_progress_display()}{', ' + dates if dates else ''})"


@sheet_writer
def write_organising_sheets(workbook, campaign: Campaign) -> None:
    """The grid as the wall chart (state in words and a fill), then the other tools one row per item."""
    context = organising_context(campaign)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(title, headers, rows, widths=None):
        ws = workbook.create_sheet(title)
        ws.append(headers)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([spreadsheet_safe(v) for v in row])
        for index, width in enumerate(widths or [], start=1):
            ws.column_dimensions[chr(64 + index)].width = width
        return ws

    grid = sheet("Workforce grid", [""] + [label for _, label in Audience.choices], [], [22] + [34] * 5)
    for row in context["grid"]:
        values = [row.label] + [
            "\n".join([f"{cell.state.icon} {cell.state.label}"] + [_action_line(a) for a in cell.actions])
            for cell in row.cells
        ]
        grid.append([spreadsheet_safe(v) for v in values])
        for cell, excel_cell in zip(row.cells, grid[grid.max_row][1:], strict=True):
            excel_cell.fill = PatternFill("solid", fgColor=CELL_FILLS[cell.state.key])
            excel_cell.alignment = wrap
        grid[grid.max_row][0].font = bold

    headers = ["Row", "Who with", "Activity", "Action", "Start", "Due", "Progress", "Notes", "Campaign plan row"]
    sheet(
        "Workforce actions",
        headers,
        [
            [
                a.get_category_display(),
                a.get_audience_display() or "Not on the grid",
                a.activity.title if a.activity_id else "",
                a.description,
                a.starts_on,
                a.due_on,
                a.get_progress_display(),
                a.notes,
                a.plan_row.objective if a.plan_row_id else "",
            ]
            for a in workforce_actions(campaign)
        ],
        [22, 22, 40, 50, 12, 12, 12, 40, 40],
    )
    plan_rows = []
    for plan in context["plans"]:
        for activity in plan.activities:
            plan_rows.append([plan.label, activity.title, "", "", "", "", activity.notes])
            plan_rows += [
                [plan.label, activity.title, a.description, a.starts_on, a.due_on, a.get_progress_display(), a.notes]
                for a in activity.actions.all()
            ]
    sheet(
        "Activity plans",
        ["Plan", "Activity", "Specific action", "Start", "Due", "Progress", "Notes"],
        plan_rows,
        [22, 50, 50, 12, 12, 12, 40],
    )
    sheet(
        "Key arguments",
        ["Argument", "Evidence gathered", "Source", "Contract data"],
        [
            [a.argument, a.evidence, a.source, "; ".join(link.label for link in a.data_links)]
            for a in context["arguments"]
        ],
        [60, 60, 40, 40],
    )
    ally_rows = []
    for row in context["ally_rows"]:
        for ally in row.allies:
            actions = list(ally.actions.all()) or [None]
            for action in actions:
                ally_rows.append(
                    [
                        row.label,
                        ally.specific_group,
                        ally.target,
                        action.description if action else "",
                        action.due_on if action else None,
                        action.get_progress_display() if action else "",
                    ]
                )
    sheet(
        "Allies grid",
        ["Broad group", "Specific group", "Target", "Action", "Due", "Progress"],
        ally_rows,
        [40, 30, 50, 50, 12, 12],
    )
    sheet(
        "Power map",
        [
            "No.",
            "Name",
            "Role",
            "Organisation",
            "Party or body",
            "Influence (1-5)",
            "Stance",
            "Motivations",
            "Self-interest",
            "Influenced by",
            "Next election",
            "Contacts",
        ],
        [
            [
                number,
                p.name,
                p.role,
                p.organisation,
                p.party_or_body,
                p.influence,
                p.get_stance_display(),
                p.motivations,
                p.self_interest,
                ", ".join(i.name for i in p.influenced_by.all()),
                p.next_election_on,
                "\n".join(f"{uk_date(c.date)} {c.get_kind_display()}: {c.summary}" for c in p.contacts.all()),
            ]
            for number, p in enumerate(context["people"], start=1)
        ],
        [5, 25, 30, 25, 20, 10, 18, 40, 40, 30, 14, 60],
    )
    sheet(
        "Decision calendar",
        ["Date", "Kind", "Meeting or election", "Decides the contract", "Notes"],
        [
            [e.date, e.kind, e.title, "Yes: decides the contract" if e.decides_contract else "", e.notes]
            for e in context["calendar"]
        ],
        [14, 20, 50, 22, 50],
    )
    sheet(
        "Business case",
        ["Dimension", "The in-house option"],
        [[name.capitalize(), text or "Not written yet"] for name, text, _ in context["business_case_sections"]],
        [16, 100],
    )
