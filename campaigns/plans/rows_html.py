"""The plan table's rows as HTML, written in Python.

A campaign plan runs to hundreds of rows, each with its cells, an Edit link and Move buttons (Accept and Drop for
drafts). Written by a template included per row, 500 rows cost 150 ms of CPU, mostly the template engine's
per-variable work, a `{% csrf_token %}` and `{% url %}` per row and date formatting (issue #21). Here each row is
a few string joins: the URL is reversed once for the table and the CSRF field built once.

The markup is the page's; `campaigns/tests/test_plans_rows_html.py` holds it to the behaviour users rely on
(labels, disabled ends, drafts, the deciding-date warning). The `<tbody>` carries `data-hx-target="closest tr"`
and `data-hx-swap="outerHTML"`, which htmx inherits, so a row does not repeat them on each action.
"""

import datetime
import html

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.timezone import localdate


def _ukdate_formatter():
    """`|date:"j F Y"` (1 April 2026) in the active language, with the month names looked up once."""
    months = [str(MONTHS[m]) for m in range(1, 13)]
    return lambda d: f"{d.day} {months[d.month - 1]} {d.year}"


def escape(text) -> str:
    """Django's `escape` without its lazy-string wrapper (every text here is a plain str)."""
    return html.escape(str(text))


def _breaks(text: str) -> str:
    """`|linebreaksbr` on plain text."""
    return escape(normalize_newlines(text)).replace("\n", "<br>")


class PlanRowsHTML:
    """Writes rows of one campaign's plan for one request (`rows` for a phase, `row` for one row)."""

    def __init__(self, request, *, can_edit: bool, show: str = "", deciding=None, today: datetime.date | None = None):
        self.can_edit = can_edit
        self.deciding = deciding
        self.today = today or localdate()
        self.date = _ukdate_formatter()
        self.show = escape(show)
        self.status_labels = {}  # `row.get_status_display()`, looked up once per status
        if can_edit:
            self.csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
            # "/campaigns/rows/0/" reversed once: every row's actions live under its own id.
            self.row_prefix = reverse("campaigns:plan_row", args=[0])[: -len("0/")]

    def rows(self, rows, phase_number) -> SafeString:
        """The `<tbody>` of a phase: its rows, or the line that says there are none."""
        parts = [
            f'<tbody id="phase-{phase_number}-rows" data-hx-target="closest tr" data-hx-swap="outerHTML">',
        ]
        last = len(rows) - 1
        for index, row in enumerate(rows):
            parts.append(self.row(row, first=index == 0, last=index == last))
        if not rows:
            match = " match this filter" if self.show else ""
            parts.append(
                f'<tr class="plan-empty"><td colspan="{6 if self.can_edit else 5}">'
                f"No rows{match} in this phase yet.</td></tr>"
            )
        parts.append("</tbody>")
        return mark_safe("".join(parts))  # noqa: S308  (every text escaped in `row`)

    def row(self, row, *, first=False, last=False) -> SafeString:
        objective = escape(row.objective)
        draft = row.is_draft
        parts = [f'<tr id="row-{row.pk}" class="plan-row{" plan-draft" if draft else ""}">']
        # Objective
        parts.append('<td class="plan-objective">')
        if row.step:
            parts.append(f'<span class="text-body-secondary">{escape(row.step)}</span> ')
        parts.append(objective)
        if draft:
            parts.append(' <span class="badge text-bg-warning">Draft</span>')
        if row.is_follow_up:
            parts.append(' <span class="badge text-bg-info">Follow-up</span>')
        parts.append("</td>")
        # Task and notes
        parts.append(f'<td data-label="Task">{_breaks(row.task)}')
        if row.notes:
            parts.append(f'<div class="small text-body-secondary">Notes: {_breaks(row.notes)}</div>')
        parts.append("</td>")
        # Responsibility
        if row.responsible_id:
            parts.append(f'<td data-label="Responsibility">{escape(row.responsible.name)}</td>')
        else:
            parts.append('<td data-label="Responsibility"><span class="text-body-secondary">Nobody yet</span></td>')
        # Deadline: the date stays whole, the markers under it wrap inside the cell (issue #18)
        parts.append('<td class="plan-deadline" data-label="Deadline">')
        if row.deadline:
            parts.append(f'<span class="text-nowrap">{self.date(row.deadline)}</span>')
            # "Saturday: not a working day", set by `workdays.mark_non_working` (the page) or the row's own view,
            # for as long as the date stands.
            if hint := getattr(row, "day_hint", ""):
                parts.append(f'<span class="d-block small text-warning-emphasis day-hint">{escape(hint)}</span>')
        else:
            parts.append('<span class="text-body-secondary">None</span>')
        if row.is_overdue(self.today):
            parts.append(' <div class="status-overdue">Overdue</div>')
        deciding = self.deciding
        if deciding and 3 <= row.phase <= 4 and row.is_open and row.deadline and row.deadline > deciding.date:
            parts.append(f' <div class="status-overdue decision-late">Due {escape(deciding.decides_phrase)}</div>')
        parts.append("</td>")
        # Status
        parts.append(
            f'<td data-label="Status"><span class="badge plan-status-{escape(row.status)}">'
            f"{self._status_label(row)}</span>"
        )
        if row.done_on:
            parts.append(f'<div class="small">{self.date(row.done_on)}</div>')
        parts.append("</td>")
        if self.can_edit:
            parts.append(self._actions(row, objective, first, last))
        parts.append("</tr>")
        return mark_safe("".join(parts))  # noqa: S308  (every text escaped above)

    def _status_label(self, row) -> str:
        label = self.status_labels.get(row.status)
        if label is None:
            label = self.status_labels[row.status] = escape(row.get_status_display())
        return label

    def _actions(self, row, objective, first, last) -> str:
        url = f"{self.row_prefix}{row.pk}/"
        quoted = f"“{objective}”"
        parts = ['<td class="plan-actions">']
        if row.is_draft:
            for action, css, label in (("accept", "btn-success", "Accept"), ("delete", "btn-outline-danger", "Drop")):
                parts.append(
                    f'<form method="post" action="{url}{action}/" data-hx-post="{url}{action}/">{self.csrf} '
                    f'<button class="btn btn-sm {css}" type="submit">{label}'
                    f'<span class="visually-hidden"> {quoted}</span></button></form> '
                )
        parts.append(
            f'<a class="btn btn-sm btn-outline-primary" href="{url}edit/" data-hx-get="{url}edit/">'
            f'Edit<span class="visually-hidden"> {quoted}</span></a> '
        )
        parts.append(
            f'<form method="post" action="{url}move/" data-hx-post="{url}move/" data-hx-target="closest tbody">'
            f'{self.csrf}<input type="hidden" name="show" value="{self.show}"> '
        )
        parts.append(
            " ".join(
                f'<button class="btn btn-sm btn-outline-secondary" type="submit" name="direction" value="{direction}"'
                f'{" disabled" if disabled else ""}><span aria-hidden="true">{arrow}</span>'
                f'<span class="visually-hidden">Move {quoted} {direction}</span></button>'
                for direction, arrow, disabled in (("up", "↑", first), ("down", "↓", last))
            )
        )
        parts.append("</form></td>")
        return "".join(parts)


_NEXT_DAYS_KINDS = {"due": "Due", "meeting": "Meeting"}  # anything else is an election


def _today(item, today) -> str:
    return " today" if item.kind == "due" and item.date == today else ""


def next_days_items(items, today=None) -> SafeString:
    """The `<li>`s of the "Next 30 days" card's upcoming list (every row due in the month is one: a plan with
    hundreds of rows lists hundreds). Overdue rows are listed apart, three at most, by the template."""
    months = [str(MONTHS_3[m]).title() for m in range(1, 13)]  # `|date:"j M Y"`: 1 Apr 2026
    return mark_safe(  # noqa: S308  (every text escaped)
        "".join(
            f'<li class="next-{escape(item.kind)}"><span class="text-nowrap">'
            f"{item.date.day} {months[item.date.month - 1]} {item.date.year}</span> · "
            f"{_NEXT_DAYS_KINDS.get(item.kind, 'Election')}{_today(item, today)}: "
            f'<a href="{escape(item.url)}">{escape(item.label)}</a></li>'
            for item in items
        )
    )
