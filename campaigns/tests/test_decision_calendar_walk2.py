"""Issue 18, a second user walk: one rule for "overdue" everywhere, a future deciding meeting worded as still to
come, membership against staff from the latest reading, tables that fit a phone, and the wording fixes."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import DecisionMeeting, PlanRow
from campaigns.plans import decisions, services
from campaigns.tests.factories import PlanRowFactory, TeamMemberFactory
from contracts.tests.factories import ContractFactory

TODAY = datetime.date(2026, 12, 1)  # a Tuesday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-01 09:00 +0000", tick=False):
        yield


@pytest.fixture
def campaign(branch_a, alice):
    contract = ContractFactory(branch=branch_a, service="Office cleaning", end_date=datetime.date(2028, 6, 30))
    return services.campaign_start(
        branch=branch_a, user=alice, name="Cleaning in-house", contracts=[contract], started_on=TODAY, seed=False
    )


def _row(campaign, days, **fields):
    return PlanRowFactory(campaign=campaign, deadline=TODAY + datetime.timedelta(days=days), **fields)


# ---------------------------------------------------------------- 1. one rule for overdue


@pytest.mark.parametrize(
    ("days", "fields"),
    [
        (-1, {}),
        (-1, {"is_draft": True}),
        (-1, {"status": "doing"}),
        (-1, {"status": "done"}),
        (-1, {"status": "dropped", "is_draft": True}),
        (0, {}),
        (0, {"is_draft": True}),
        (3, {}),
    ],
)
def test_the_row_and_the_queryset_agree_on_overdue(campaign, days, fields):
    row = _row(campaign, days, **fields)
    assert (row in PlanRow.objects.overdue()) is row.is_overdue()


def test_a_past_due_draft_is_counted_and_listed_as_overdue_everywhere(alice_client, campaign):
    dee = TeamMemberFactory(campaign=campaign, name="Dee")
    accepted = _row(campaign, -5, objective="Accepted and late", responsible=dee)
    draft = _row(campaign, -3, objective="Draft and late", is_draft=True, responsible=dee)
    _row(campaign, -2, objective="Done already", status="done")
    due_draft = _row(campaign, 4, objective="Draft due soon", is_draft=True)

    box = decisions.next_days(campaign=campaign)
    assert [item.label for item in box.overdue] == ["Accepted and late", "Draft and late"]
    assert due_draft.objective not in [item.label for item in box.upcoming]  # drafts listed once accepted

    page = alice_client.get(campaign.get_absolute_url()).content.decode()
    assert "Overdue (2)" in page

    filtered = alice_client.get(campaign.get_absolute_url(), {"show": "overdue"}).content.decode()
    assert f'id="row-{accepted.pk}"' in filtered and f'id="row-{draft.pk}"' in filtered
    assert f'id="row-{due_draft.pk}"' not in filtered

    listing = alice_client.get(reverse("campaigns:campaign_list")).context["table"]
    assert [r.overdue_rows for r in listing.data] == [2]

    # Reminders still wait for a draft to be accepted.
    assert draft not in services.due_reminder_rows(TODAY)
    assert accepted in services.due_reminder_rows(TODAY)


# ---------------------------------------------------------------- 2. a deciding meeting still to come


def _pdf_html(campaign, alice) -> str:
    from campaigns.plans.documents import render_campaign_plan
    from insourcing.models import GeneratedDocument

    document = GeneratedDocument.objects.create(
        kind="campaign_plan", title="Plan", branch=campaign.branch, requested_by=alice, source=campaign
    )
    return render_campaign_plan(document)


def test_a_future_deciding_meeting_is_to_be_decided_with_its_start_time(alice_client, alice, campaign):
    DecisionMeeting.objects.create(
        campaign=campaign,
        kind="cabinet",
        title="Cabinet: cleaning",
        date=datetime.date(2027, 3, 2),
        starts_at=datetime.time(18, 30),
        decides_contract=True,
    )
    banner = alice_client.get(campaign.get_absolute_url()).content.decode().split("decision-banner")[1]
    banner = banner.split("</h2>")[0]
    assert "To be decided on 2 March 2027, 18:30" in banner
    assert "away)" in banner and "Decided on" not in banner

    html = _pdf_html(campaign, alice)
    assert "To be decided on 2 March 2027, 18:30: Cabinet: cleaning." in html
    key_date = html.split('<tr data-kind="decision">')[1].split("</tr>")[0]
    assert "2 March 2027, 18:30" in key_date


def test_a_meeting_once_past_was_decided():
    meeting = DecisionMeeting(kind="cabinet", title="Cabinet", date=TODAY - datetime.timedelta(days=7))
    assert meeting.decided_phrase == "Decided on 24 November 2026"
    meeting.date = TODAY  # the day itself: still to be decided
    assert meeting.decided_phrase == "To be decided on 1 December 2026"


# ---------------------------------------------------------------- 5. wording


def test_one_decision_maker_sits_on_a_meeting(alice_client, branch_a, campaign):
    from campaigns.tests.factories import make_meeting, make_person

    meeting = make_meeting(branch_a, campaign=campaign)
    meeting.members.add(make_person(branch_a, campaign=campaign))
    page = alice_client.get(meeting.get_absolute_url()).content.decode()
    summary = page.split('id="vote-summary">')[1].split("</p>")[0]
    assert summary.endswith("of 1 decision maker who sits on it.")
    meeting.members.add(make_person(branch_a, campaign=campaign, name="Cllr Sam Roe"))
    page = alice_client.get(meeting.get_absolute_url()).content.decode()
    assert "of 2 decision makers who sit on it." in page


def test_the_early_may_bank_holiday_goes_by_govuks_name():
    from campaigns.plans import workdays
    from contracts.foi import deadlines

    assert (
        workdays.non_working_hint(datetime.date(2027, 5, 3), "england") == "Early May bank holiday: not a working day"
    )
    reason = deadlines.non_working_reason(datetime.date(2027, 5, 31), deadlines.regime_for("scotland"))
    assert reason.name == "Spring bank holiday"


def test_a_row_due_today_says_due_today(alice_client, campaign):
    _row(campaign, 0, objective="Book the hall")
    _row(campaign, 2, objective="Print the leaflets")
    box = alice_client.get(campaign.get_absolute_url()).content.decode().split('id="next-upcoming"')[1]
    box = box.split("</ul>")[0]
    assert "Due today: <a" in box.split("Book the hall")[0]
    assert "Due: <a" in box.split("Book the hall")[1]


def test_a_reminder_for_a_row_due_today_says_today(campaign, mailoutbox):
    dee = TeamMemberFactory(campaign=campaign, name="Dee", email="dee@example.org")
    _row(campaign, 0, objective="Book the hall", responsible=dee)
    assert services.plan_reminders_send(today=TODAY) == 1
    assert "Due: Tuesday 1 December 2026 (today)" in mailoutbox[0].body
    assert "Due Tuesday 1 December 2026 (today)" in mailoutbox[0].alternatives[0][0]


def test_nothing_due_says_drafts_wait_for_acceptance(alice_client, campaign):
    _row(campaign, 5, objective="Offered step", is_draft=True)
    box = alice_client.get(campaign.get_absolute_url()).content.decode().split('id="next-days-heading"')[1]
    box = box.split("</section>")[0]
    assert "Nothing due, no meetings or elections in the next 30 days." in box
    assert "Draft rows are not listed until they are accepted (1 waiting)." in box


def test_the_review_tells_an_officer_to_add_follow_up_rows(alice_client, campaign):
    page = alice_client.get(reverse("campaigns:campaign_review", kwargs={"pk": campaign.pk})).content.decode()
    assert "Add follow-up rows" in page and "No follow-up rows yet: add them under phase 5" in page


def test_the_review_marks_drafts_and_does_not_tell_a_reader_to_add_rows(olive_client, campaign):
    # The organiser reads the review (the same test client cannot hold two logins, hence two tests).
    url = reverse("campaigns:campaign_review", kwargs={"pk": campaign.pk})
    page = olive_client.get(url).content.decode()
    assert "No follow-up rows yet." in page
    assert "add them under phase 5" not in page and "Add follow-up rows" not in page

    _row(campaign, 400, objective="Check the new rota", phase=5, is_follow_up=True, is_draft=True)
    _row(campaign, 410, objective="Survey the staff", phase=5, is_follow_up=True)
    rows = olive_client.get(url).content.decode().split('id="follow-up-rows"')[1].split("</ul>")[0]
    draft, accepted = rows.split("<li>")[1:3]
    assert "Check the new rota" in draft and ">Draft</span>" in draft
    assert "Survey the staff" in accepted and "Draft" not in accepted
