"""Private iCalendar feeds of the campaign's calendar, for Outlook or Google Calendar (RFC 5545).

UIDs are `<feed>-<kind>-<pk>@<SITE_URL host>`: stable, so calendars update in place; unique to this installation;
and distinct per feed (`campaign-3`, `member-9`), so someone subscribed to the campaign's and their own feed gets
two calendars, not clashing events. (The same scheme as the plan rows' UIDs.)"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vDuration

from insourcing.emails import site_domain

from .decisions import KIND_LABELS, key_dates
from .models import PlanRow

PRODID = "-//Insourcing//Campaign plan//EN"
# How often subscribers should fetch again: deadlines change during the day, an hour is fresh enough.
REFRESH = datetime.timedelta(hours=1)
MEETING_LENGTH = datetime.timedelta(hours=2)
# Key dates that are deadlines for the branch (it must act before them), so they get alarms like plan rows.
DEADLINE_KINDS = ("notice", "extension", "decision")
# An all-day event starts at midnight, so "-P1D" rang at midnight the night before. Offsetting by nine hours
# rings at 9:00 instead ("-PT15H" is 9:00 the day before), still a relative trigger, which clients show as
# "1 day before, 09:00".
ALARM_HOUR = 9
DESCRIPTION = (
    "Accepted plan rows with a deadline, and the decision calendar: meetings, elections, the contract's end, "
    "extension decisions and notice deadlines. Draft rows (offered from the guide, not yet accepted) are left out "
    "on purpose, so a new plan does not fill people's calendars with dates nobody has agreed."
)


def _alarms(event: Event, summary: str, alarms, *, all_day: bool) -> None:
    for days in alarms:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        when = "Today" if days == 0 else f"In {days} day{'s' if days != 1 else ''}"
        alarm.add("description", f"{when}: {summary}")
        offset = datetime.timedelta(hours=ALARM_HOUR) if all_day else datetime.timedelta(0)
        alarm.add("trigger", offset - datetime.timedelta(days=days))
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
    calendar.add("x-wr-caldesc", DESCRIPTION)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    stamp = timezone.now()

    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def event(
        uid: str, on: datetime.date, summary: str, description: str, url: str, *, deadline: bool, at=None
    ) -> Event:
        item = Event()
        item.add("uid", f"{feed}-{uid}@{domain}")
        item.add("dtstamp", stamp)
        if at is None:
            item.add("dtstart", on)
            item.add("dtend", on + datetime.timedelta(days=1))
        else:
            # A meeting with a start time: a timed event in the branch's zone. Its length is not recorded, so it
            # is shown as MEETING_LENGTH long.
            start = datetime.datetime.combine(on, at, tzinfo=zone)
            item.add("dtstart", start)
            item.add("dtend", start + MEETING_LENGTH)
        item.add("summary", summary)
        item.add("description", description)
        if url:
            item.add("url", base_url + url)
        item.add("transp", "TRANSPARENT")
        if deadline:
            _alarms(item, summary, alarms, all_day=at is None)
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
            at=getattr(date.meeting, "starts_at", None),
        )
    if any(getattr(d.meeting, "starts_at", None) for d in dates):
        calendar.add_missing_timezones()  # a VTIMEZONE for the TZID the timed meetings name
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
    """The campaign's key dates from today on. A person's feed has the meetings they attend; the campaign lead's
    has every key date (the lead answers for the meetings, the contract's end, extension decisions and notice
    deadlines), as the campaign's feed does."""
    today = timezone.localdate()
    if attendee is not None and attendee.pk != campaign.lead_id:
        meetings = list(campaign.decision_meetings.filter(attendees=attendee))
        dates = key_dates(campaign=campaign, meetings=meetings, contracts=[], elections=False)
        return [d for d in dates if d.date >= today]
    return [d for d in key_dates(campaign=campaign) if d.date >= today]
