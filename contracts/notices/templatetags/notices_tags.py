"""Notices on pages the register and the dashboard own, reached by template include (they import nothing here)."""

from django import template

from ..models import BranchNotice
from ..services import dashboard_lines

register = template.Library()


@register.simple_tag
def contract_notices(contract):
    """The notices matched to a contract, newest first, and apart those dismissed (one query): the page must not
    say no notice matched when one did and was dismissed."""
    items = list(
        BranchNotice.objects.filter(contract=contract)
        .select_related("notice", "branch", "decided_by")
        .order_by("-notice__published", "-pk")
    )
    dismissed = [i for i in items if i.status == BranchNotice.Status.DISMISSED]
    return {"shown": [i for i in items if i.status != BranchNotice.Status.DISMISSED], "dismissed": dismissed}


@register.simple_tag
def notice_lines(branches):
    return dashboard_lines([b.pk for b in branches])
