"""Private iCalendar feeds of plan deadlines, for Outlook or Google Calendar (RFC 5545)."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .models import PlanRow

PRODID = "-//Insourcing//Campaign plan//EN"


def plan_calendar(*, name: str, rows, base_url: str) -> bytes:
    """All-day events on each accepted, open row's deadline. UIDs are stable so calendars update in place."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for row in rows:
        event = Event()
        event.add("uid", f"plan-row-{row.pk}@insourcing")
        event.add("dtstamp", stamp)
        event.add("dtstart", row.deadline)
        event.add("dtend", row.deadline + datetime.timedelta(days=1))
        event.add("summary", f"{row.objective} ({row.campaign.name})")
        description = [row.task] if row.task else []
        if row.responsible:
            description.append(f"Responsibility: {row.responsible.name}")
        description.append(f"Status: {row.get_status_display()}")
        event.add("description", "\n".join(description))
        event.add("url", base_url + row.get_absolute_url())
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_rows(**filters):
    return (
        PlanRow.objects.accepted()
        .open()
        .filter(deadline__isnull=False, **filters)
        .select_related("campaign", "responsible")
        .order_by("deadline", "pk")
    )
