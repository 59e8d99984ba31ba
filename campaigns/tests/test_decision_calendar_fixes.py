"""Issue 18, after a user walk-through: the recount never dates work in the past unasked, drafts on the timeline,
the warnings in the PDF, phase 5 counted from the contract's end, the timeline's labels, feeds (meeting times,
alarm hours, the lead's dates, elections), the meeting form's landing page, lasting weekend markers, the review's
wording, and 403s without tracebacks in the log."""

import datetime
import logging
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from campaigns.models import Campaign, DecisionMeeting, PlanRow
from campaigns.plans import decisions, services, timeline, workdays
from campaigns.plans.decisions import KeyDate
from campaigns.tests.factories import PlanRowFactory, TeamMemberFactory
from contracts.tests.factories import ContractFactory
from insourcing.models import GeneratedDocument

TODAY = datetime.date(2026, 12, 1)  # a Tuesday
STARTED = datetime.date(2026, 3, 2)
CABINET = datetime.date(2027, 3, 16)
CONTRACT_END = datetime.date(2028, 6, 30)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-01 09:00 +0000", tick=False):
        yield


@pytest.fixture
def contract(branch_a):
    return ContractFactory(
        branch=branch_a, service="Office cleaning", end_date=CONTRACT_END, termination_notice_months=6
    )


@pytest.fixture
def campaign(branch_a, alice, contract):
    """Started in March, seeded from the contract's end in 2028, its drafts not yet accepted."""
    return services.campaign_start(
        branch=branch_a, user=alice, name="Cleaning in-house", contracts=[contract], started_on=STARTED
    )


def _cabinet(campaign, **fields):
    return DecisionMeeting.objects.create(
        campaign=campaign, kind="cabinet", title="Cabinet: cleaning", date=CABINET, decides_contract=True, **fields
    )


def _recount(campaign):
    return reverse("campaigns:campaign_recount", kwargs={"pk": campaign.pk})


def _pdf_html(campaign, alice) -> str:
    from campaigns.plans.documents import render_campaign_plan

    document = GeneratedDocument.objects.create(
        kind="campaign_plan", title="Plan", branch=campaign.branch, requested_by=alice, source=campaign
    )
    return render_campaign_plan(document)


# ---------------------------------------------------------------- 1. the recount and the past


def test_the_recount_never_moves_a_deadline_into_the_past_unasked(alice_client, campaign):
    _cabinet(campaign)
    preview = decisions.plan_recount_preview(campaign=campaign)

    assert preview.late, "counted back from March 2027, the early steps fall before today"
    assert all(move.new >= TODAY for move in preview.moves)
    next_working_day = datetime.date(2026, 12, 2)
    for move in preview.late:
        assert move.past < TODAY and move.new == next_working_day

    page = alice_client.get(_recount(campaign)).content.decode()
    late = page.split('id="recount-late"')[1].split("</fieldset>")[0]
    first = preview.late[0]
    assert f"would be in the past: {first.past:%-d %b %Y}" in late
    assert "checked" not in late  # left as they are unless ticked

    before = {m.row.pk: m.row.deadline for m in preview.late}
    alice_client.post(_recount(campaign))
    for pk, deadline in before.items():
        assert PlanRow.objects.get(pk=pk).deadline == deadline

    alice_client.post(_recount(campaign), {"also": [first.row.pk]})
    row = PlanRow.objects.get(pk=first.row.pk)
    assert row.deadline == next_working_day
    assert f"The guide's count gives {first.past:%-d %B %Y}, already past" in row.notes
    assert not decisions.plan_recount_preview(campaign=campaign).moves


def test_past_due_draft_rows_show_overdue_on_the_plan_and_in_the_pdf(alice_client, alice, campaign):
    row = PlanRow.objects.filter(campaign=campaign, is_draft=True, deadline__lt=TODAY).first()
    assert row is not None

    page = alice_client.get(campaign.get_absolute_url()).content.decode()
    cells = page.split(f'id="row-{row.pk}"')[1].split("</tr>")[0]
    assert "Draft" in cells and "Overdue" in cells
    assert row not in services.due_reminder_rows(TODAY)  # reminders still wait for acceptance

    html = _pdf_html(campaign, alice)
    assert 'class="overdue"' in html


def test_after_the_recount_the_banner_offers_no_recount_with_nothing_to_move(alice_client, campaign):
    _cabinet(campaign)
    banner = alice_client.get(campaign.get_absolute_url()).content.decode().split("decision-banner")[1]
    assert "Recount the deadlines from 16 March 2027" in banner.split("</section>")[0]

    alice_client.post(_recount(campaign))

    banner = alice_client.get(campaign.get_absolute_url()).content.decode().split("decision-banner")[1]
    banner = banner.split("</section>")[0]
    assert "Recount the deadlines" not in banner and "0 to move" not in banner
    assert "count back from this meeting" in banner
    assert f'href="{_recount(campaign)}">review them' in banner  # the rows kept as they are, one link away


def test_the_recount_page_says_plainly_what_the_deadlines_count_from(alice_client, campaign):
    _cabinet(campaign)
    page = alice_client.get(_recount(campaign)).content.decode()
    assert "which the deadlines may still count from" not in page
    preview = decisions.plan_recount_preview(campaign=campaign)
    assert preview.earlier and preview.earlier == preview.moves  # the meeting brings every moving row forward
    anchor = page.split('id="recount-anchor">')[1].split("</p>")[0]
    assert "count back from <strong>16 March 2027</strong>, the Cabinet: cleaning on 16 March 2027" in anchor
    assert (
        "the earliest of a meeting that decides the contract, the contract's next extension break and its end" in anchor
    )
    assert "The meeting comes before the end of" in anchor and "(30 June 2028)" in anchor
    assert "may still count back from that later date" not in page  # the old sentence contradicted the dates
    direction = page.split('id="recount-direction">')[1].split("</p>")[0]
    assert f"<strong>{len(preview.moves)} rows move earlier</strong> than they are now due" in direction
    assert "counted back from 16 March 2027, they fall sooner" in direction


# ---------------------------------------------------------------- 5. phase 5 follows the contract's end


def test_follow_through_counts_from_the_contracts_end_not_the_meeting(campaign):
    _cabinet(campaign)
    decisions.plan_recount_apply(campaign=campaign)
    rows = {r.objective: r for r in PlanRow.objects.filter(campaign=campaign, phase=5)}

    follow, _ = workdays.working_day_on_or_before(datetime.date(2028, 12, 30), "england")  # six months on
    assert rows["Follow through: see the insourcing delivered"].deadline == follow
    assert rows["Win, promote and celebrate the win"].deadline == CABINET  # the win is the decision itself


def test_seeding_counts_follow_through_from_the_contracts_end(branch_a, alice, contract):
    contract.extensions.create(months=12, decision_date=datetime.date(2027, 12, 1))
    campaign = services.campaign_start(branch=branch_a, user=alice, name="C", contracts=[contract])
    row = campaign.plan_rows.get(objective="Follow through: see the insourcing delivered")
    expected, _ = workdays.working_day_on_or_before(datetime.date(2028, 12, 30), "england")
    assert row.deadline == expected


# ---------------------------------------------------------------- 2. and 3. drafts on the timeline, the PDF


def test_the_timeline_shows_draft_rows_marked_as_drafts(olive_client, campaign):
    drafts = PlanRow.objects.filter(campaign=campaign, phase=3)
    assert drafts.exists() and all(r.is_draft for r in drafts)

    page = olive_client.get(reverse("campaigns:campaign_timeline", kwargs={"pk": campaign.pk})).content.decode()
    svg = ET.fromstring(page[page.index("<svg") : page.index("</svg>") + 6])  # noqa: S314 (our own output)
    lane = svg.find(f"{SVG}g[@data-phase='3']")
    assert "0 rows" not in "".join(lane.itertext())
    assert f"{drafts.count()} drafts" in "".join(lane.itertext())
    circles = lane.findall(f"{SVG}circle")
    assert len(circles) == drafts.count() and all(c.get("data-draft") == "true" for c in circles)
    assert all("(draft)" in c.find(f"{SVG}title").text for c in circles)
    table = page[page.index('id="timeline-table"') : page.index("</table>")]
    assert "(no dated rows)" not in table
    for row in drafts:
        assert f'data-row="{row.pk}" data-draft' in table
    assert "Draft plan row (not yet accepted)" in table


def test_the_pdf_carries_drafts_the_decision_warning_and_the_weekend_marker(alice, campaign):
    _cabinet(campaign)
    services.drafts_accept(campaign=campaign)
    late = PlanRowFactory(campaign=campaign, phase=4, objective="Rally after", deadline=datetime.date(2027, 4, 1))
    stall = PlanRowFactory(
        campaign=campaign, objective="Saturday stall", deadline=datetime.date(2027, 1, 9), deadline_by_hand=True
    )

    html = _pdf_html(campaign, alice)

    row_html = html.split("Rally after</td>")[-1].split("</tr>")[0]
    assert "Due after the cabinet decides on 16 March 2027" in row_html
    assert "Saturday: not a working day" in html.split(f"{stall.objective}</td>")[-1].split("</tr>")[0]
    assert "Phase 3 (0 rows)" not in html and "(no dated rows)" not in html.split("Key dates")[0]
    assert late.pk


def test_the_timeline_prints_full_width_with_readable_text(alice, campaign):
    from weasyprint.formatting_structure import boxes

    from insourcing import pdf

    _cabinet(campaign)
    layout = pdf.layout(_pdf_html(campaign, alice))

    def replaced(box):
        if isinstance(box, boxes.ReplacedBox) and "campaign-timeline" in str(
            getattr(box, "element", None) and box.element.get("class")
        ):
            yield box
        for child in getattr(box, "children", []):
            yield from replaced(child)

    charts = [b for page in layout.pages for b in replaced(page._page_box)]
    assert charts, "the timeline is in the PDF"
    printable = (210 - 2 * 18) / 25.4 * 96  # A4 less its margins, in CSS px
    chart = charts[0]
    assert chart.width >= printable * 0.95
    smallest_font = 10  # the lane's row count; labels are 11
    points = smallest_font * chart.width / 640 * 0.75  # viewBox units to CSS px to pt
    assert points >= 7


def test_the_feed_says_drafts_are_left_out_on_purpose(client, campaign):
    campaign.rotate_calendar_token()
    response = client.get(reverse("campaigns:calendar_feed", kwargs={"token": campaign.calendar_token}))
    feed = Calendar.from_ical(response.content)
    assert "Draft rows" in str(feed["x-wr-caldesc"]) and "left out on purpose" in str(feed["x-wr-caldesc"])
    assert not feed.walk("VEVENT") or all("(Cleaning in-house)" not in str(e["summary"]) for e in feed.walk("VEVENT"))


# ---------------------------------------------------------------- 6. timeline labels


def _boxes(svg_text: str):
    svg = ET.fromstring(svg_text)  # noqa: S314 (our own output)
    labels, lines = [], []
    for g in svg.findall(f"{SVG}g[@class='timeline-marker']"):
        line, text = g.find(f"{SVG}line"), g.find(f"{SVG}text")
        x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
        width = len(text.text) * size * timeline.EM_PER_CHAR
        lo = x if text.get("text-anchor") == "start" else x - width
        labels.append((lo, lo + width, y - size, y, text.text))
        lines.append((float(line.get("x1")), float(line.get("y1")), float(line.get("y2")), text.text))
    return svg, labels, lines


@pytest.mark.parametrize("width", [960, 640])
def test_timeline_labels_overlap_neither_each_other_nor_the_lines(width):
    """The walker's calendar: eight key dates, three of them within a fortnight and two on one day."""
    dates = [
        (datetime.date(2027, 1, 16), "meeting", "Scrutiny committee: cleaning contract performance"),
        (datetime.date(2027, 2, 9), "decision", "Procurement board: cleaning contract extension"),
        (datetime.date(2027, 4, 6), "decision", "Cabinet: future delivery of cleaning services"),
        (datetime.date(2027, 4, 30), "extension", "Office and school cleaning, whether to take the +24 months"),
        (datetime.date(2027, 4, 30), "notice", "Office and school cleaning, last day to give notice"),
        (datetime.date(2027, 5, 6), "meeting", "Full council budget meeting"),
        (datetime.date(2027, 10, 31), "contract-end", "Office and school cleaning"),
    ]
    markers = [KeyDate(d, kind, label, f"{kind}-{n}", "") for n, (d, kind, label) in enumerate(dates)]
    data = timeline.Timeline(
        datetime.date(2026, 7, 1), datetime.date(2027, 11, 30), datetime.date(2026, 12, 7), [], markers
    )
    data.lanes = [timeline.Lane(n, f"Phase {n}") for n in range(1, 6)]

    svg, labels, lines = _boxes(timeline.timeline_svg(data, title="T", width=width))

    assert len(labels) == len(markers) + 1  # today too
    view_width = float(svg.get("viewBox").split()[2])
    for lo, hi, top, bottom, text in labels:
        assert lo >= 0 and hi <= view_width, f"{text!r} runs off the chart"
        for lo2, hi2, top2, bottom2, text2 in labels:
            if text2 != text and top < bottom2 and top2 < bottom:
                assert hi <= lo2 or hi2 <= lo, f"{text!r} overlaps {text2!r}"
        for x, y1, y2, text2 in lines:
            if text2 != text and y1 <= bottom and y2 >= top:
                assert not lo <= x <= hi, f"the line of {text2!r} crosses {text!r}"


# ---------------------------------------------------------------- 8. feeds


def _events(client, token):
    response = client.get(reverse("campaigns:calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    return {str(e["summary"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_a_meeting_with_a_start_time_is_a_timed_event_in_the_feed(client, campaign):
    _cabinet(campaign, starts_at=datetime.time(18, 30))
    DecisionMeeting.objects.create(campaign=campaign, kind="scrutiny", title="Scrutiny", date=CABINET)
    campaign.rotate_calendar_token()

    response = client.get(reverse("campaigns:calendar_feed", kwargs={"token": campaign.calendar_token}))
    feed = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in feed.walk("VEVENT")}

    timed = events["Deciding meeting: Cabinet: cleaning"]
    start = timed.decoded("dtstart")
    assert isinstance(start, datetime.datetime)
    assert (start.date(), start.time(), str(start.tzinfo)) == (CABINET, datetime.time(18, 30), "Europe/London")
    assert timed["dtstart"].params["TZID"] == "Europe/London"
    assert feed.walk("VTIMEZONE"), "a timed event names its zone"
    assert events["Meeting: Scrutiny"].decoded("dtstart") == CABINET  # all day, still possible
    # A timed meeting's alarms ring at the same time of day, a day and a week before.
    assert sorted(a.decoded("trigger") for a in timed.walk("VALARM")) == [
        datetime.timedelta(days=-7),
        datetime.timedelta(days=-1),
    ]


def test_all_day_alarms_ring_at_nine_the_day_before_not_midnight(client, campaign):
    PlanRowFactory(campaign=campaign, objective="Petition", deadline=datetime.date(2027, 2, 1), is_draft=False)
    campaign.rotate_calendar_token()
    event = _events(client, campaign.calendar_token)["Petition (Cleaning in-house)"]
    triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
    # From the all-day event's start (midnight): 9:00 a week before, and 9:00 the day before.
    assert triggers == [datetime.timedelta(days=-7, hours=9), datetime.timedelta(days=-1, hours=9)]
    assert triggers[1] == -datetime.timedelta(hours=15)


def test_the_leads_own_feed_carries_the_campaigns_decision_dates(client, campaign, contract):
    _cabinet(campaign)
    lead = campaign.lead
    lead.rotate_calendar_token()
    sam = TeamMemberFactory(campaign=campaign, name="Sam")
    sam.rotate_calendar_token()

    mine = set(_events(client, lead.calendar_token))
    assert {"Deciding meeting: Cabinet: cleaning", "Contract ends: Office cleaning"} <= mine
    assert any(s.startswith("Notice deadline: Office cleaning") for s in mine)
    assert not set(_events(client, sam.calendar_token))  # not the lead, attends nothing, has no rows


def test_power_map_elections_go_into_the_campaign_feed_and_the_timeline(client, olive_client, campaign):
    campaign.power_map.create(name="Cllr Khan", role="Leader", next_election_on=datetime.date(2027, 5, 6))
    campaign.power_map.create(name="Cllr Ode", role="Deputy", next_election_on=datetime.date(2027, 5, 6))
    campaign.rotate_calendar_token()

    events = _events(client, campaign.calendar_token)
    assert "Election: Cllr Khan, Cllr Ode stand for election" in events
    page = olive_client.get(reverse("campaigns:campaign_timeline", kwargs={"pk": campaign.pk})).content.decode()
    assert "Cllr Khan, Cllr Ode stand for election" in page.split('id="timeline-table"')[1]


# ---------------------------------------------------------------- 9. and 10. the meeting form, weekend markers


def test_saving_a_deciding_meeting_lands_on_the_plan_with_the_recount(alice_client, campaign):
    url = reverse("campaigns:meeting_add", kwargs={"pk": campaign.pk})
    data = {"kind": "cabinet", "title": "Cabinet: cleaning", "date": "2027-03-16", "decides_contract": "on"}

    response = alice_client.post(url, data, follow=True)

    assert response.redirect_chain[-1][0] == campaign.get_absolute_url()
    page = response.content.decode()
    assert "The plan now counts back from the Cabinet: cleaning on 16 March 2027" in page
    assert f'href="{_recount(campaign)}"' in page.split("decision-banner")[1]
    meeting = DecisionMeeting.objects.get(campaign=campaign)
    assert meeting.starts_at is None  # the start time is optional

    # A meeting that does not move the anchor goes back to the calendar as before.
    response = alice_client.post(url, {"kind": "scrutiny", "title": "Scrutiny", "date": "2027-01-12"})
    assert response.url.endswith("#calendar")


def test_a_meeting_on_a_saturday_gets_a_gentle_note(alice_client, campaign):
    url = reverse("campaigns:meeting_add", kwargs={"pk": campaign.pk})
    data = {"kind": "council", "title": "Budget council", "date": "2027-01-09", "starts_at": "10:00"}
    response = alice_client.post(url, data, follow=True)
    assert "Saturday: councils and boards rarely meet at weekends" in response.content.decode()
    meeting = DecisionMeeting.objects.get(title="Budget council")
    assert meeting.starts_at == datetime.time(10, 0)
    page = alice_client.get(meeting.get_absolute_url()).content.decode()
    assert "Saturday 9 January 2027, 10:00" in page and 'id="meeting-weekend"' in page


def test_a_hand_set_weekend_deadline_keeps_its_marker_on_the_plan(alice_client, campaign):
    row = PlanRowFactory(campaign=campaign, objective="Market stall", deadline=datetime.date(2027, 1, 9))
    holiday = PlanRowFactory(campaign=campaign, objective="Leaflets", deadline=datetime.date(2027, 3, 26))

    page = alice_client.get(campaign.get_absolute_url()).content.decode()

    assert "Saturday: not a working day" in page.split(f'id="row-{row.pk}"')[1].split("</tr>")[0]
    assert "Good Friday: not a working day" in page.split(f'id="row-{holiday.pk}"')[1].split("</tr>")[0]


def test_the_bank_holiday_note_names_the_holiday_stepped_over():
    # Easter Monday 2027 is 29 March; Good Friday 26 March: a deadline on Easter Monday steps back over both.
    _, note = workdays.working_day_on_or_before(datetime.date(2027, 3, 29), "england")
    assert note == (
        "Moved from Monday 29 March 2027, Easter Monday, a bank holiday, and past Good Friday (Friday 26 March), "
        "a bank holiday, to the working day before."
    )


# ---------------------------------------------------------------- 11. and 12.


def test_the_review_says_not_yet_due_for_a_target_still_ahead(olive_client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(target_density="60.0", target_date=datetime.date(2027, 12, 7))
    page = olive_client.get(reverse("campaigns:campaign_review", kwargs={"pk": campaign.pk})).content.decode()
    density = page.split('id="outcome-density"')[1].split("</tr>")[0]
    assert "Not yet due" in density and "Not met" not in density


# ---------------------------------------------------------------- 13. a refusal is not an error


def test_a_refused_request_logs_one_line_without_a_traceback(olive_client, campaign, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert olive_client.post(_recount(campaign)).status_code == 403  # an organiser may read, not recount

    refused = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in refused] == [f"Forbidden (Permission denied): {_recount(campaign)}"]
    assert refused[0].levelno == logging.WARNING and refused[0].exc_info is None


def test_server_errors_keep_their_traceback():
    from insourcing.security_log import ForbiddenWithoutTraceback

    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None)
    record.exc_info, record.status_code = (ValueError, ValueError("x"), None), 500
    assert ForbiddenWithoutTraceback().filter(record) and record.exc_info is not None
