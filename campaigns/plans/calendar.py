"""Private iCalendar feeds of the campaign's calendar, for Outlook or Google Calendar (RFC 5545).

UIDs are `<feed>-<kind>-<pk>@<SITE_URL host>`: stable, so calendars update in place; unique to this installation;
and distinct per feed (`campaign-3`, `member-9`), so someone subscribed to the campaign's and their own feed gets
two calendars, not clashing events. (The same scheme as the plan rows' UIDs.)"""

import datetime

from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vDuration

from insourcing.emails import site_domain

from .decisions import KIND_LABELS, key_dates
from .models import PlanRow

PRODID = "-//Insourcing//Campaign plan//EN"
# How often subscribers should fetch again: deadlines change during the day, an hour is fresh enough.
REFRESH = datetime.timedelta(hours=1)
# Key dates that are deadlines for the branch (it must act before them), so they get alarms like plan rows.
DEADLINE_KINDS = ("notice", "extension", "decision")


def _alarms(event: Event, summary: str, alarms) -> None:
    for days in alarms:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        when = "Today" if days == 0 else f"In {days} day{'s' if days != 1 else ''}"
        alarm.add("description", f"{when}: {summary}")
        alarm.add("trigger", datetime.timedelta(days=-days))
        event.add_component(alarm)


def plan_calendar(*, name: str, rows, base_url: str, feed: str, dates=(), alarms=()) -> bytes:
    """All-day events on each accepted, open row's deadline and on each key date (meetings, elections, the
    contract's end, extension decisions, notice deadlines), with alarms `alarms` days before each deadline."""
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

    def event(uid: str, on: datetime.date, summary: str, description: str, url: str, *, deadline: bool) -> Event:
        item = Event()
        item.add("uid", f"{feed}-{uid}@{domain}")
        item.add("dtstamp", stamp)
        item.add("dtstart", on)
        item.add("dtend", on + datetime.timedelta(days=1))
        item.add("summary", summary)
        item.add("description", description)
        if url:
            item.add("url", base_url + url)
        item.add("transp", "TRANSPARENT")
        if deadline:
            _alarms(item, summary, alarms)
        calendar.add_component(item)
        return item

    for row in rows:
        description = [row.task] if row.task else []
        if row.responsible:
            description.append(f"Responsibility: {row.responsible.name}")
        description.append(f"Status: {row.get_status_display()}")
        event(
            f"plan-row-{row.pk}",
            row.deadline,
            f"{row.objective} ({row.campaign.name})",
            "\n".join(description),
            row.get_absolute_url(),
            deadline=True,
        )
    for date in dates:
        event(
            date.uid,
            date.date,
            f"{KIND_LABELS[date.kind]}: {date.label}",
            date.meeting.notes if date.meeting else "",
            date.url,
            deadline=date.kind in DEADLINE_KINDS,
        )
    return calendar.to_ical()


def calendar_rows(**filters):
    return (
        PlanRow.objects.accepted()
        .open()
        .filter(deadline__isnull=False, **filters)
        .select_related("campaign", "responsible")
        .order_by("deadline", "pk")
    )


def campaign_dates(campaign, *, attendee=None) -> list:
    """The campaign's key dates from today on; for one person's feed, only the meetings they attend."""
    today = timezone.localdate()
    if attendee is not None:
        meetings = list(campaign.decision_meetings.filter(attendees=attendee))
        return [d for d in key_dates(campaign=campaign, meetings=meetings, contracts=[]) if d.date >= today]
    return [d for d in key_dates(campaign=campaign) if d.date >= today]
