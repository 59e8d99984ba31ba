from django import template

from ..comparisons import gap

register = template.Library()


@register.filter
def money(value):
    """£1,234.56, or "unknown" for a missing number (never £0.00)."""
    return gap.money(value)


@register.filter
def number(value):
    return gap.number(value)
