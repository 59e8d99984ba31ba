"""The plan table's rows (see `campaigns.plans.rows_html`). Context: request, can_edit, show, deciding."""

from django import template

from ..plans.rows_html import PlanRowsHTML, next_days_items, plan_row_forms

register = template.Library()


def _writer(context) -> PlanRowsHTML:
    """One writer per request (the plan page has a table per phase): the CSRF field and URL prefix once."""
    request = context["request"]
    key = (bool(context.get("can_edit")), context.get("show") or "", context.get("deciding"))
    writer = getattr(request, "_plan_rows_html", None)
    if writer is None or writer[0] != key:
        writer = key, PlanRowsHTML(request, can_edit=key[0], show=key[1], deciding=key[2])
        request._plan_rows_html = writer
    return writer[1]


@register.simple_tag(takes_context=True)
def plan_phase_rows(context, rows, phase_number):
    return _writer(context).rows(list(rows), phase_number)


@register.simple_tag(takes_context=True)
def plan_row(context, row):
    return _writer(context).row(row)


@register.simple_tag(takes_context=True, name="plan_row_forms")
def plan_row_forms_tag(context):
    """The shared forms and labels of the rows' controls, once a page (see `campaigns.plans.rows_html`)."""
    return plan_row_forms(context["request"], show=context.get("show") or "")


@register.simple_tag(name="next_days_items")
def next_days_items_tag(items, today=None):
    return next_days_items(items, today)
