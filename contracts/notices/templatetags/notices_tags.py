"""Notices on pages the register and the dashboard own, reached by template include (they import nothing here)."""

from django import template

from ..models import BranchNotice
from ..services import dashboard_lines

register = template.Library()


@register.simple_tag
def contract_notices(contract):
    """The notices matched to a contract, newest first (one query)."""
    return list(
        BranchNotice.objects.filter(contract=contract)
        .exclude(status=BranchNotice.Status.DISMISSED)
        .select_related("notice", "branch")
        .order_by("-notice__published", "-pk")
    )


@register.simple_tag
def notice_lines(branches):
    return dashboard_lines([b.pk for b in branches])
