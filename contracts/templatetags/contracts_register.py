"""Display helpers for the register: UK dates, money, "unknown" for missing numbers, figure sources."""

from decimal import Decimal

from django import template
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dates import MONTHS

from contracts.register.models.contracts import LEAD_IN_MONTHS, Contract, add_months

register = template.Library()

UNKNOWN = "unknown"


@register.filter
def money(value) -> str:
    """£1,234.56; a missing number is "unknown", never £0."""
    if value is None or value == "":
        return UNKNOWN
    value = Decimal(value)
    sign = "−" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


@register.filter
def ukdate(value) -> str:
    """31 March 2027: `date_format(value, "j F Y")` (month names translated) without parsing the format on each
    call, as list pages call it once per row (issue #21)."""
    if not value:
        return UNKNOWN
    return f"{value.day} {MONTHS[value.month]} {value.year:04d}"


@register.filter
def number(value) -> str:
    return UNKNOWN if value is None else f"{value:,}"


@register.filter
def months_text(months) -> str:
    if months is None:
        return UNKNOWN
    if months < 0:
        return "ended"
    if months == 0:
        return "under a month"
    years, rest = divmod(months, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


@register.filter
def time_left(contract: Contract) -> str:
    """ "ended" from the day after the end date, as the lead-in badge says: a date a few days past is less than a
    whole month away, and months alone would read "under a month" beside "Ended"."""
    if contract.end_date is not None and contract.end_date < timezone.localdate():
        return "ended"
    return months_text(contract.months_to_end())


@register.filter
def percent(value) -> str:
    return UNKNOWN if value is None else f"{value:.0%}"


@register.inclusion_tag("contracts/_figure_source.html")
def figure_source(contract: Contract, field: str):
    return {"source": contract.figure_source(field)}


@register.simple_tag
def branch_contract_summary(branch) -> dict:
    """Two counts for the branch page card: every contract, and those inside the two-year lead-in."""
    today = timezone.localdate()
    return Contract.objects.filter(branch=branch).aggregate(
        total=Count("pk"),
        lead_in=Count("pk", filter=Q(end_date__gte=today, end_date__lte=add_months(today, LEAD_IN_MONTHS))),
    )
