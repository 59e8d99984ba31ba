"""The plan table's rows (see `campaigns.plans.rows_html`). Context: request, can_edit, show, deciding."""

from django import template

from ..plans.rows_html import PlanRowsHTML, next_days_items

register = template.Library()


def _writer(context) -> PlanRowsHTML:
    return PlanRowsHTML(
        context["request"],
        can_edit=bool(context.get("can_edit")),
        show=context.get("show") or "",
        deciding=context.get("deciding"),
    )


@register.simple_tag(takes_context=True)
def plan_phase_rows(context, rows, phase_number):
    return _writer(context).rows(list(rows), phase_number)


@register.simple_tag(takes_context=True)
def plan_row(context, row):
    return _writer(context).row(row, hint=context.get("deadline_hint") or "")


@register.simple_tag(name="next_days_items")
def next_days_items_tag(items):
    return next_days_items(items)
