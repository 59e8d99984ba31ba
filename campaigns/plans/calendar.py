"""Private iCalendar feeds of plan deadlines, for Outlook or Google Calendar (RFC 5545)."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event, vDuration

from insourcing.emails import site_domain

from .models import PlanRow

PRODID = "-//Insourcing//Campaign plan//EN"
# How often subscribers should fetch again: deadlines change during the day, an hour is fresh enough.
REFRESH = datetime.timedelta(hours=1)


def plan_calendar(*, name: str, rows, base_url: str, feed: str) -> bytes:
    """All-day events on each accepted, open row's deadline. UIDs are stable so calendars update in place,
    unique to this installation (the SITE_URL host) and to the feed (`feed`, e.g. "campaign-3" or "member-9"):
    someone subscribed to both the campaign's and their own feed gets two calendars, not clashing events."""
    domain = site_domain()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    stamp = timezone.now()
    for row in rows:
        event = Event()
        event.add("uid", f"{feed}-plan-row-{row.pk}@{domain}")
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
