"""Issue 18: the campaign's calendar in its feeds, the timeline, the power map's links and the Phase 5 review."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from campaigns.models import Campaign, DecisionMeeting, MembershipSnapshot, PlanRow
from campaigns.organising.charts import power_map_svg
from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory, make_person
from contracts.models import ContractExtension
from contracts.tests.factories import ContractFactory

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-01 09:00 +0000", tick=False):
        yield


@pytest.fixture
def contract(branch_a):
    contract = ContractFactory(
        branch=branch_a, service="Leisure centres", end_date=datetime.date(2028, 6, 30), termination_notice_months=6
    )
    ContractExtension.objects.create(contract=contract, months=12, decision_date=datetime.date(2027, 9, 30))
    return contract


@pytest.fixture
def campaign(branch_a, contract):
    campaign = CampaignFactory(branch=branch_a, name="Leisure back in-house", started_on=datetime.date(2026, 11, 2))
    campaign.target_contracts.set([contract])
    return campaign


@pytest.fixture
def sam(campaign):
    return TeamMemberFactory(campaign=campaign, name="Sam Steward")


@pytest.fixture
def cabinet(campaign, sam):
    meeting = DecisionMeeting.objects.create(
        campaign=campaign,
        kind="cabinet",
        title="Cabinet: leisure options appraisal",
        date=datetime.date(2027, 3, 16),
        decides_contract=True,
        notes="Papers due 1 March",
    )
    meeting.attendees.add(sam)
    return meeting


def _feed(client, token):
    response = client.get(reverse("campaigns:calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def _alarm_days(event) -> list[int]:
    return sorted(-a.decoded("trigger").days for a in event.walk("VALARM"))


# ---------------------------------------------------------------- 4. feeds carry the campaign's calendar


def test_the_campaign_feed_carries_meetings_elections_and_the_contracts_dates(client, campaign, cabinet, settings):
    settings.SITE_URL = "https://insourcing.example.org"
    DecisionMeeting.objects.create(
        campaign=campaign, kind="election", title="Local elections", date=datetime.date(2027, 5, 6)
    )
    PlanRowFactory(campaign=campaign, objective="Petition", deadline=datetime.date(2027, 2, 1))
    campaign.rotate_calendar_token()

    events = _feed(client, campaign.calendar_token)

    assert set(events) == {
        "Petition (Leisure back in-house)",
        "Deciding meeting: Cabinet: leisure options appraisal",
        "Election: Local elections",
        # Each summary says its kind once ("Contract ends: Leisure centres", not "...: contract ends").
        "Contract ends: Leisure centres",
        "Extension decision: Leisure centres, whether to take the +12 months extension",
        "Notice deadline: Leisure centres, last day to give notice of early termination",
    }
    meeting = events["Deciding meeting: Cabinet: leisure options appraisal"]
    assert meeting.decoded("dtstart") == datetime.date(2027, 3, 16)
    assert str(meeting["description"]) == "Papers due 1 March"
    assert str(meeting["uid"]) == f"campaign-{campaign.pk}-meeting-{cabinet.pk}@insourcing.example.org"
    assert str(meeting["url"]).endswith(reverse("campaigns:meeting_detail", kwargs={"pk": cabinet.pk}))
    assert events["Notice deadline: Leisure centres, last day to give notice of early termination"].decoded(
        "dtstart"
    ) == datetime.date(2027, 12, 30)
    # Deadlines get alarms a week and a day before; an election is not the branch's deadline.
    assert _alarm_days(events["Petition (Leisure back in-house)"]) == [1, 7]
    assert _alarm_days(meeting) == [1, 7]
    assert _alarm_days(events["Election: Local elections"]) == []
    uids = [str(e["uid"]) for e in events.values()]
    assert len(set(uids)) == len(uids)


def test_the_officer_changes_the_alarms(alice_client, client, campaign):
    PlanRowFactory(campaign=campaign, objective="Petition", deadline=datetime.date(2027, 2, 1))
    campaign.rotate_calendar_token()
    response = alice_client.post(
        reverse("campaigns:campaign_edit", kwargs={"pk": campaign.pk}),
        {"name": campaign.name, "status": "active", "phase": "1", "reminder_days_before": "7", "alarm_days": "3, 0"},
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.alarm_days == "3, 0"
    assert _alarm_days(_feed(client, campaign.calendar_token)["Petition (Leisure back in-house)"]) == [0, 3]


def test_bad_alarm_days_are_refused_with_a_message(alice_client, campaign):
    response = alice_client.post(
        reverse("campaigns:campaign_edit", kwargs={"pk": campaign.pk}),
        {"name": "Renamed", "status": "active", "phase": "1", "reminder_days_before": "7", "alarm_days": "a week"},
    )
    assert response.status_code == 200
    assert "is not a number of days from 0 to 90" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.name == "Leisure back in-house"


def test_a_persons_feed_keeps_their_rows_and_the_meetings_they_attend(client, campaign, sam, cabinet):
    other = DecisionMeeting.objects.create(
        campaign=campaign, kind="scrutiny", title="Scrutiny", date=datetime.date(2027, 2, 2)
    )
    PlanRowFactory(campaign=campaign, responsible=sam, objective="Mine", deadline=datetime.date(2027, 2, 1))
    PlanRowFactory(campaign=campaign, objective="Not mine", deadline=datetime.date(2027, 2, 1))
    sam.rotate_calendar_token()

    events = _feed(client, sam.calendar_token)

    assert set(events) == {"Mine (Leisure back in-house)", "Deciding meeting: Cabinet: leisure options appraisal"}
    assert str(events["Mine (Leisure back in-house)"]["uid"]).startswith(f"member-{sam.pk}-plan-row-")
    assert other.title not in str(events)


def test_past_dates_stay_out_of_the_feed(client, campaign):
    DecisionMeeting.objects.create(campaign=campaign, kind="cabinet", title="Old", date=datetime.date(2026, 1, 1))
    campaign.rotate_calendar_token()
    assert not any("Old" in summary for summary in _feed(client, campaign.calendar_token))


# ---------------------------------------------------------------- 5. the timeline


def _timeline(client, campaign):
    response = client.get(reverse("campaigns:campaign_timeline", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    table = page[page.index('id="timeline-table"') : page.index("</table>")]
    return ET.fromstring(svg), table  # noqa: S314 (our own output)


def test_the_timeline_svg_and_its_table_say_the_same(olive_client, campaign, cabinet):
    rows = [
        PlanRowFactory(campaign=campaign, phase=1, objective="Map the workforce", deadline=datetime.date(2026, 12, 15)),
        PlanRowFactory(campaign=campaign, phase=3, objective="Launch", deadline=datetime.date(2027, 2, 1)),
        PlanRowFactory(campaign=campaign, phase=4, objective="Rally", deadline=datetime.date(2027, 3, 1)),
    ]
    PlanRowFactory(campaign=campaign, phase=2, objective="Undated", deadline=None)
    draft = PlanRowFactory(
        campaign=campaign, phase=2, objective="A draft", deadline=datetime.date(2027, 1, 1), is_draft=True
    )

    svg, table = _timeline(olive_client, campaign)

    assert svg.get("role") == "img"
    labelled = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") in labelled and svg.find(f"{SVG}desc").get("id") in labelled
    assert svg.find(f"{SVG}title").text == "Timeline: Leisure back in-house"
    lanes = svg.findall(f"{SVG}g[@class='timeline-lane']")
    assert [lane.get("data-phase") for lane in lanes] == ["1", "2", "3", "4", "5"]
    points = {c.get("data-row") for c in svg.iter(f"{SVG}circle")}
    assert points == {str(r.pk) for r in [*rows, draft]}  # drafts too, marked as drafts
    for row in [*rows, draft]:
        assert f'data-row="{row.pk}"' in table
    assert "Draft plan row" in table.split("A draft")[1].split("</tr>")[0]
    markers = [g.get("data-kind") for g in svg.findall(f"{SVG}g[@class='timeline-marker']")]
    assert markers == ["today", "decision", "extension", "notice", "contract-end"]
    for kind in markers:
        assert f'data-kind="{kind}"' in table
    titles = " ".join(t.text for t in svg.iter(f"{SVG}title"))
    assert "Launch: 1 February 2027, To do" in titles


@pytest.mark.parametrize("rows", [1, 500])
def test_timeline_queries_stay_flat(
    alice_client, campaign, cabinet, rows, django_assert_max_num_queries, count_queries
):
    PlanRow.objects.bulk_create(
        PlanRow(campaign=campaign, phase=1 + i % 5, objective=f"Row {i}", deadline=datetime.date(2027, 1, 1))
        for i in range(rows)
    )
    url = reverse("campaigns:campaign_timeline", kwargs={"pk": campaign.pk})
    with django_assert_max_num_queries(TIMELINE_QUERIES):
        assert alice_client.get(url).status_code == 200
    assert count_queries(lambda: alice_client.get(url)) == TIMELINE_QUERIES


TIMELINE_QUERIES = 10  # with the power map's election dates


# ---------------------------------------------------------------- 7. power map links


def test_the_chart_and_table_show_who_influences_whom_and_who_sits_where(alice_client, campaign, cabinet):
    leader = make_person(None, campaign=campaign, name="Cllr Leader", influence=5, stance=-1)
    member = make_person(None, campaign=campaign, name="Cllr Member", influence=3, stance=1)
    member.influenced_by.add(leader)
    cabinet.members.add(leader, member)

    page = alice_client.get(reverse("campaigns:power_map", kwargs={"pk": campaign.pk})).content.decode()

    svg = ET.fromstring(page[page.index("<svg") : page.index("</svg>") + 6])  # noqa: S314 (our own output)
    links = [line for line in svg.iter(f"{SVG}line") if line.get("class") == "influence-link"]
    assert [(x.get("data-from"), x.get("data-to")) for x in links] == [("1", "2")]
    assert links[0].find(f"{SVG}title").text == "Cllr Leader influences Cllr Member"
    leader_row = page.split(f'id="person-{leader.pk}"')[1].split("</tr>")[0]
    assert f'<a href="#person-{member.pk}">Cllr Member</a>' in leader_row  # influences
    assert f'<a href="{cabinet.get_absolute_url()}">Cabinet: leisure options appraisal</a>' in leader_row


def test_a_meetings_page_lists_its_decision_makers_with_their_stance(olive_client, campaign, cabinet):
    cabinet.members.add(
        make_person(None, campaign=campaign, name="Cllr Against", influence=5, stance=-2),
        make_person(None, campaign=campaign, name="Cllr For", influence=4, stance=1),
        make_person(None, campaign=campaign, name="Cllr Unsure", influence=3, stance=0),
    )
    make_person(None, campaign=campaign, name="Cllr Elsewhere")

    page = olive_client.get(cabinet.get_absolute_url()).content.decode()

    table = page.split('id="meeting-members"')[1].split("</table>")[0]
    assert table.index("Cllr Against") < table.index("Cllr For") < table.index("Cllr Unsure")
    assert "Opposed" in table and "Leaning in favour" in table
    assert "Cllr Elsewhere" not in table
    assert "1 in favour, 1 against, 1 undecided of 3 decision makers" in page
    assert "Sam Steward" in page  # who from the campaign attends


def test_the_meeting_form_only_offers_this_campaigns_people(alice_client, campaign, cabinet, branch_a):
    stranger = make_person(branch_a, name="Other campaign's councillor")
    response = alice_client.post(
        reverse("campaigns:meeting_edit", kwargs={"pk": cabinet.pk}),
        {"kind": "cabinet", "title": cabinet.title, "date": "2027-03-16", "members": [stranger.pk]},
    )
    assert response.status_code == 200
    assert "Choose one of the options offered." in response.content.decode()
    assert not cabinet.members.exists()


def test_deleting_a_meeting_goes_back_to_the_calendar(alice_client, cabinet):
    response = alice_client.post(reverse("campaigns:meeting_delete", kwargs={"pk": cabinet.pk}))
    assert response.url.endswith("/power-map/#calendar")
    assert not DecisionMeeting.objects.filter(pk=cabinet.pk).exists()


@pytest.mark.parametrize("people", [1, 500])
def test_meeting_page_queries_stay_flat(alice_client, campaign, cabinet, people, count_queries):
    for i in range(people):
        cabinet.members.add(make_person(None, campaign=campaign, name=f"Cllr {i}"))
    assert count_queries(lambda: alice_client.get(cabinet.get_absolute_url())) == MEETING_QUERIES


MEETING_QUERIES = 6


# ---------------------------------------------------------------- 8. the Phase 5 review closes the loop


def test_organisers_read_the_review_with_the_outcome_and_follow_ups(olive_client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(
        status="won",
        target_density="50.0",
        target_activists=10,
        target_date=datetime.date(2027, 6, 30),
        baseline_on=datetime.date(2026, 11, 2),
        baseline_staff=100,
        baseline_members=30,
        baseline_activists=2,
        lessons_learned="Start the power map earlier",
    )
    MembershipSnapshot.objects.create(
        campaign=campaign, taken_on=datetime.date(2026, 11, 30), staff=100, members=55, activists=6
    )
    done = PlanRowFactory(campaign=campaign, phase=5, objective="Check TUPE terms", is_follow_up=True, status="done")
    open_row = PlanRowFactory(
        campaign=campaign, phase=5, objective="Monitor rotas", is_follow_up=True, deadline=datetime.date(2026, 11, 1)
    )
    PlanRowFactory(campaign=campaign, phase=5, objective="Celebrate", is_follow_up=False)

    response = olive_client.get(reverse("campaigns:campaign_review", kwargs={"pk": campaign.pk}))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Start the power map earlier" in page
    assert '<form method="post"' not in page.split('id="outcome-heading"')[0].split("<main")[-1]
    density = page.split('id="outcome-density"')[1].split("</tr>")[0]
    assert (
        "50.0%" in density and "55.0% on 30 November 2026" in density and "Met</strong> on 30 November 2026" in density
    )
    activists = page.split('id="outcome-activists"')[1].split("</tr>")[0]
    # The target date (30 June 2027) is still ahead: not reached yet is "not yet due", not a failure.
    assert "Not yet due" in activists and "Not met" not in activists and "6 on 30 November 2026" in activists
    assert "<strong>Insourced</strong>" in page.split('id="outcome-insourced"')[1].split("</tr>")[0]
    follow_ups = page.split('id="follow-up-rows"')[1].split("</ul>")[0]
    assert "Check TUPE terms" in follow_ups and "Done" in follow_ups
    assert "Monitor rotas" in follow_ups and "Overdue" in follow_ups
    assert f"#row-{open_row.pk}" in follow_ups and f"#row-{done.pk}" in follow_ups
    assert "Celebrate" not in follow_ups


def test_organisers_cannot_save_the_review(olive_client, campaign):
    url = reverse("campaigns:campaign_review", kwargs={"pk": campaign.pk})
    assert olive_client.post(url, {"lessons_learned": "Changed"}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.lessons_learned == ""


def test_a_target_missed_by_its_date_is_not_met(alice_client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(target_activists=10, target_date=datetime.date(2026, 11, 15))
    MembershipSnapshot.objects.create(campaign=campaign, taken_on=datetime.date(2026, 11, 30), activists=6)
    page = alice_client.get(reverse("campaigns:campaign_review", kwargs={"pk": campaign.pk})).content.decode()
    activists = page.split('id="outcome-activists"')[1].split("</tr>")[0]
    assert "<strong>Not met</strong>" in activists and "Not yet due" not in activists


def test_readers_see_nothing_recorded_yet_for_an_empty_review(olive_client, campaign):
    page = olive_client.get(reverse("campaigns:campaign_review", kwargs={"pk": campaign.pk})).content.decode()
    for part in ("review-lessons", "review-recommendations"):
        assert "Nothing recorded yet." in page.split(f'id="{part}"')[1].split("</div>")[0]


def test_a_target_met_after_its_date_says_so(alice_client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(target_activists=5, target_date=datetime.date(2026, 11, 15))
    MembershipSnapshot.objects.create(campaign=campaign, taken_on=datetime.date(2026, 11, 30), activists=6)
    page = alice_client.get(reverse("campaigns:campaign_review", kwargs={"pk": campaign.pk})).content.decode()
    activists = page.split('id="outcome-activists"')[1].split("</tr>")[0]
    assert "Met</strong> on 30 November 2026 (after the target date)" in activists


def test_the_power_map_chart_without_links_draws_no_arrows():
    class Person:
        def __init__(self, pk, name):
            self.pk, self.name, self.influence, self.stance = pk, name, 3, 0

    assert "influence-link" not in power_map_svg([Person(1, "A"), Person(2, "B")])
