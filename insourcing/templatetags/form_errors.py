"""`{% error_summary form formset ... %}`: the one error summary of every form page, with one heading.

Takes forms and formsets, or a list a view already built (dicts with href and text, or (href, text) pairs)."""

from django import template

from insourcing.forms import ERROR_SUMMARY_HEADING, error_items

register = template.Library()


@register.inclusion_tag("partials/error_summary.html")
def error_summary(*parts):
    items = []
    for part in parts:
        if isinstance(part, list | tuple):
            items += [e if isinstance(e, dict) else {"href": e[0], "text": e[1]} for e in part]
        elif part not in (None, ""):
            items += error_items(part)
    return {"items": items, "heading": ERROR_SUMMARY_HEADING}
