"""The organising tools' sheets in the campaign spreadsheet (registered with the plan export's sheet writers)."""

from openpyxl.styles import Font, PatternFill

from insourcing.exports import Column, Kind, write_sheet

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
    T, LONG, DATE = Kind.TEXT, Kind.LONG_TEXT, Kind.DATE

    def sheet(title, columns, rows):
        return write_sheet(workbook, title, [Column(header, kind) for header, kind in columns], rows)

    audiences = [label for _, label in Audience.choices]
    grid_rows = [
        [row.label]
        + [
            "\n".join([f"{cell.state.icon} {cell.state.label}"] + [_action_line(a) for a in cell.actions])
            for cell in row.cells
        ]
        for row in context["grid"]
    ]
    grid = write_sheet(
        workbook,
        "Workforce grid",
        [Column("Row", T, width=22)] + [Column(label, LONG, width=34) for label in audiences],
        grid_rows,
    )
    bold = Font(bold=True)
    for row, excel_row in zip(context["grid"], grid.iter_rows(min_row=2), strict=True):
        excel_row[0].font = bold
        for cell, excel_cell in zip(row.cells, excel_row[1:], strict=True):
            excel_cell.fill = PatternFill("solid", fgColor=CELL_FILLS[cell.state.key])

    sheet(
        "Workforce actions",
        [
            ("Row", T),
            ("Who with", T),
            ("Activity", LONG),
            ("Action", LONG),
            ("Start", DATE),
            ("Due", DATE),
            ("Progress", T),
            ("Notes", LONG),
            ("Campaign plan row", LONG),
        ],
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
    )
    plan_rows = []
    for plan in context["plans"]:
        for activity in plan.activities:
            plan_rows.append([plan.label, activity.title, "", None, None, "", activity.notes])
            plan_rows += [
                [plan.label, activity.title, a.description, a.starts_on, a.due_on, a.get_progress_display(), a.notes]
                for a in activity.actions.all()
            ]
    sheet(
        "Activity plans",
        [("Plan", T), ("Activity", LONG), ("Specific action", LONG), ("Start", DATE), ("Due", DATE)]
        + [("Progress", T), ("Notes", LONG)],
        plan_rows,
    )
    sheet(
        "Key arguments",
        [("Argument", LONG), ("Evidence gathered", LONG), ("Source", T), ("Contract data", LONG)],
        [
            [a.argument, a.evidence, a.source, "; ".join(link.label for link in a.data_links)]
            for a in context["arguments"]
        ],
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
        [("Broad group", T), ("Specific group", T), ("Target", LONG), ("Action", LONG), ("Due", DATE)]
        + [("Progress", T)],
        ally_rows,
    )
    sheet(
        "Power map",
        [
            ("No.", Kind.INTEGER),
            ("Name", T),
            ("Role", T),
            ("Organisation", T),
            ("Party or body", T),
            ("Influence (1-5)", Kind.INTEGER),
            ("Stance", T),
            ("Motivations", LONG),
            ("Self-interest", LONG),
            ("Influenced by", T),
            ("Next election", DATE),
            ("Contacts", LONG),
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
    )
    sheet(
        "Decision calendar",
        [("Date", DATE), ("Kind", T), ("Meeting or election", LONG), ("Decides the contract", Kind.YES_NO)]
        + [("Notes", LONG)],
        [[e.date, e.kind, e.title, bool(e.decides_contract), e.notes] for e in context["calendar"]],
    )
    sheet(
        "Business case",
        [("Dimension", T), ("The in-house option", LONG)],
        [[name.capitalize(), text or "Not written yet"] for name, text, _ in context["business_case_sections"]],
    )
