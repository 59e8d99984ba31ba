"""The plan table's rows as HTML, written in Python.

A campaign plan runs to hundreds of rows, each with its cells, an Edit link and Move buttons (Accept and Drop for
drafts). Written by a template included per row, 500 rows cost 150 ms of CPU, mostly the template engine's
per-variable work, a `{% csrf_token %}` and `{% url %}` per row and date formatting (issue #21). Here each row is
a few string joins: the URL is reversed once for the table.

The markup is the page's; `campaigns/tests/test_plans_rows_html.py` holds it to the behaviour users rely on
(labels, disabled ends, drafts, the deciding-date warning).

Anything a row would repeat is said once for the page (issue 21: 500 rows were 709 KB, 911 bytes a row of it the
actions cell):
- Move up, Move down, Accept and Drop are buttons of four shared forms (`plan_row_forms`, rendered once by the page
  with the one CSRF token), reached through `form=` and given the row's URL by `formaction=`. Without JavaScript
  the browser posts exactly that; htmx (2.0.8) tracks a submit button whose `form` attribute names its form and
  takes its `formaction`, and the row views answer htmx with `HX-Retarget` (the row, or the phase's rows for a
  move), since a shared form cannot say which row it came from.
- The `<tbody>` boosts its links (`data-hx-boost`), so Edit is one `href` that htmx fetches into the row, and
  carries `data-hx-target="closest tr"` and `data-hx-swap="outerHTML show:none"` for it.
- Accessible names come from `aria-labelledby`: a shared label (`l-ed`, `l-up`, `l-dn`, `l-ac`, `l-dr`) and the
  row's objective cell (`o<pk>`), e.g. "Move up Objective 0", instead of the objective repeated in hidden text.
- The look of the controls (Bootstrap's small outline buttons), the phone cards' labels ("Task: ") and the column
  widths come from rules in `static/css/campaigns.css` scoped to `.plan-table`, matched by the cell's column and
  the button's form, instead of classes and `data-label` on every cell.
"""

import datetime
import html

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localdate


def _ukdate_formatter():
    """`|date:"j F Y"` (1 April 2026) in the active language, with the month names looked up once."""
    months = [str(MONTHS[m]) for m in range(1, 13)]
    return lambda d: f"{d.day} {months[d.month - 1]} {d.year}"


def escape(text) -> str:
    """Django's `escape` without its lazy-string wrapper (every text here is a plain str)."""
    return html.escape(str(text))


def _breaks(text: str) -> str:
    """`|linebreaksbr` on plain text. Django's `normalize_newlines` is a lazy-aware wrapper that cost more than the
    rest of the task cell on 500 rows; a task without a line break (most) is only escaped."""
    text = escape(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "<br>") if "\n" in text else text


def plan_row_forms(request, *, show: str = "") -> SafeString:
    """The forms every row's Move, Accept and Drop buttons submit, and the labels of the rows' controls; once a page.

    Each form is an htmx form (`data-hx-post`; the button's `formaction` replaces its empty path) that swaps nothing
    into itself (`none`): the row views say where their answer goes (`HX-Retarget`), and an error answer goes nowhere.
    """
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    moving = csrf + format_html('<input type="hidden" name="show" value="{}">', show)
    forms = (
        # form id, label id, label, fields
        ("f-up", "l-up", "Move up", moving + '<input type="hidden" name="direction" value="up">'),
        ("f-dn", "l-dn", "Move down", moving + '<input type="hidden" name="direction" value="down">'),
        ("f-ac", "l-ac", "Accept", csrf),
        ("f-dr", "l-dr", "Drop", csrf),
    )
    parts = ['<div hidden><span id="l-ed">Edit</span>']
    for form_id, label_id, label, fields in forms:
        parts.append(
            f'<span id="{label_id}">{label}</span>'
            f'<form id="{form_id}" method="post" data-hx-post="" data-hx-swap="none">{fields}</form>'
        )
    parts.append("</div>")
    return mark_safe("".join(parts))  # noqa: S308  (the token and `show` escaped by format_html)


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
            # "/campaigns/rows/0/" reversed once: every row's actions live under its own id.
            self.row_prefix = reverse("campaigns:plan_row", args=[0])[: -len("0/")]

    def rows(self, rows, phase_number) -> SafeString:
        """The `<tbody>` of a phase: its rows, or the line that says there are none."""
        parts = [
            f'<tbody id="phase-{phase_number}-rows" data-hx-boost="true" data-hx-push-url="false" '
            'data-hx-target="closest tr" data-hx-swap="outerHTML show:none">',
        ]
        last = len(rows) - 1
        for index, row in enumerate(rows):
            parts.append(self._row(row, first=index == 0, last=index == last))
        if not rows:
            match = " match this filter" if self.show else ""
            parts.append(
                f'<tr class="plan-empty"><td colspan="{6 if self.can_edit else 5}">'
                f"No rows{match} in this phase yet.</td></tr>"
            )
        parts.append("</tbody>")
        return mark_safe("".join(parts))  # noqa: S308  (every text escaped in `row`)

    def row(self, row, *, first=False, last=False) -> SafeString:
        return mark_safe(self._row(row, first=first, last=last))  # noqa: S308  (every text escaped in `_row`)

    def _row(self, row, first, last) -> str:
        """The row's `<tr>` as a plain str: `rows` marks the whole `<tbody>` safe once rather than each of its rows
        (`mark_safe` is a lazy-aware wrapper, a tenth of writing 500 rows)."""
        draft = row.is_draft
        pk = row.pk
        # The objective's id names the row in its controls' accessible names (`aria-labelledby`).
        css = ' class="plan-draft"' if draft else ""
        parts = [f'<tr id="row-{pk}"{css}><td>']
        if row.step:
            parts.append(f'<span class="text-body-secondary">{escape(row.step)}</span> ')
        # The objective alone names the row's controls: not its step number nor its badges ("Move up Map the sites").
        parts.append(f'<span id="o{pk}">{escape(row.objective)}</span>')
        if draft:
            parts.append(' <span class="badge text-bg-warning">Draft</span>')
        if row.is_follow_up:
            parts.append(' <span class="badge text-bg-info">Follow-up</span>')
        # Task and notes
        parts.append(f"</td><td>{_breaks(row.task)}")
        if row.notes:
            parts.append(f'<div class="small text-body-secondary">Notes: {_breaks(row.notes)}</div>')
        # Responsibility
        if row.responsible_id:
            parts.append(f"</td><td>{escape(row.responsible.name)}</td><td>")
        else:
            parts.append('</td><td><span class="text-body-secondary">Nobody yet</span></td><td>')
        # Deadline: the date stays whole (its span, by CSS), the markers under it wrap inside the cell (issue #18)
        if row.deadline:
            parts.append(f"<span>{self.date(row.deadline)}</span>")
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
        # Status
        parts.append(f'</td><td><span class="badge plan-status-{escape(row.status)}">{self._status_label(row)}</span>')
        if row.done_on:
            parts.append(f'<div class="small">{self.date(row.done_on)}</div>')
        parts.append("</td>")
        if self.can_edit:
            parts.append(self._actions(row, first, last))
        parts.append("</tr>")
        return "".join(parts)

    def _status_label(self, row) -> str:
        label = self.status_labels.get(row.status)
        if label is None:
            label = self.status_labels[row.status] = escape(row.get_status_display())
        return label

    def _actions(self, row, first, last) -> str:
        pk = row.pk
        url = f"{self.row_prefix}{pk}/"
        parts = ["<td>"]
        if row.is_draft:
            for form_id, label_id, action, label in (
                ("f-ac", "l-ac", "accept", "Accept"),
                ("f-dr", "l-dr", "delete", "Drop"),
            ):
                parts.append(
                    f'<button class="btn" type="submit" form="{form_id}" formaction="{url}{action}/" '
                    f'aria-labelledby="{label_id} o{pk}">{label}</button> '
                )
        parts.append(f'<a class="btn" href="{url}edit/" aria-labelledby="l-ed o{pk}">Edit</a> ')
        parts.append(
            f'<button class="btn" type="submit" form="f-up" formaction="{url}move/" aria-labelledby="l-up o{pk}"'
            f"{' disabled' if first else ''}>↑</button> "
            f'<button class="btn" type="submit" form="f-dn" formaction="{url}move/" aria-labelledby="l-dn o{pk}"'
            f"{' disabled' if last else ''}>↓</button></td>"
        )
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
