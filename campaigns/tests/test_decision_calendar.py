"""Issue 18: the decision calendar drives the plan (anchor, recount, warnings, working days, next 30 days)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import DecisionMeeting, PlanRow
from campaigns.plans import decisions, guide, services, workdays
from campaigns.tests.factories import PlanRowFactory
from contracts.models import ContractExtension
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory

TODAY = datetime.date(2026, 12, 1)
CABINET = datetime.date(2027, 3, 16)  # a Tuesday
PLAN_QUERIES = 14
RECOUNT_QUERIES = 10


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-01 09:00 +0000", tick=False):
        yield


@pytest.fixture
def contract(branch_a):
    return ContractFactory(branch=branch_a, service="Leisure centres", end_date=datetime.date(2028, 6, 30))


@pytest.fixture
def campaign(branch_a, alice, contract):
    campaign = services.campaign_start(
        branch=branch_a, user=alice, name="Leisure back in-house", contracts=[contract], started_on=TODAY
    )
    services.drafts_accept(campaign=campaign)
    return campaign


def _cabinet(campaign, **fields):
    return DecisionMeeting.objects.create(
        campaign=campaign,
        kind="cabinet",
        title="Cabinet: leisure options appraisal",
        date=CABINET,
        decides_contract=True,
        **fields,
    )


def _plan(campaign):
    return reverse("campaigns:campaign_detail", kwargs={"pk": campaign.pk})


def _recount(campaign):
    return reverse("campaigns:campaign_recount", kwargs={"pk": campaign.pk})


# ---------------------------------------------------------------- 1. the deciding day anchors the plan


def test_a_deciding_meeting_before_the_contract_end_becomes_the_anchor(campaign, contract):
    meeting = _cabinet(campaign)
    anchor = services.plan_anchor(contracts=[contract], start=TODAY, meetings=[meeting])
    assert anchor.date == CABINET
    assert "Cabinet: leisure options appraisal" in anchor.reason
    # A meeting that does not decide the contract changes nothing.
    assert services.plan_anchor(contracts=[contract], start=TODAY, meetings=[]).date == contract.end_date


def test_an_earlier_extension_decision_still_wins_over_a_later_meeting(campaign, contract):
    ContractExtension.objects.create(contract=contract, months=12, decision_date=datetime.date(2027, 1, 29))
    _cabinet(campaign)
    preview = decisions.plan_recount_preview(campaign=campaign)
    assert preview.anchor.date == datetime.date(2027, 1, 29)


def test_the_plan_page_says_the_meeting_moves_the_anchor_and_offers_a_recount(alice_client, campaign):
    response = alice_client.get(_plan(campaign))
    assert "Recount the deadlines" not in response.content.decode()

    _cabinet(campaign)
    page = alice_client.get(_plan(campaign)).content.decode()
    assert "To be decided on 16 March 2027" in page
    assert "earlier than the end of Leisure centres (30 June 2028)" in page
    assert "Recount the deadlines from 16 March 2027" in page
    assert _recount(campaign) in page


def test_the_recount_preview_lists_old_and_new_dates_and_changes_nothing(alice_client, campaign):
    _cabinet(campaign)
    win = campaign.plan_rows.get(objective="Win, promote and celebrate the win")
    assert win.deadline == datetime.date(2028, 6, 30)
    before = dict(campaign.plan_rows.values_list("pk", "deadline"))

    response = alice_client.get(_recount(campaign))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Win, promote and celebrate the win" in page
    assert "30 June 2028" in page and "16 March 2027" in page
    assert dict(campaign.plan_rows.values_list("pk", "deadline")) == before


def test_applying_the_recount_moves_the_guide_rows_onto_working_days(alice_client, campaign):
    _cabinet(campaign)
    preview = decisions.plan_recount_preview(campaign=campaign)
    expected = {m.row.pk: m.new for m in preview.moves}
    assert expected

    response = alice_client.post(_recount(campaign))

    assert response.status_code == 302
    for pk, new in expected.items():
        row = PlanRow.objects.get(pk=pk)
        assert row.deadline == new
        assert row.deadline.weekday() < 5
    win = campaign.plan_rows.get(objective="Win, promote and celebrate the win")
    assert win.deadline == CABINET
    # Nothing left after the deciding meeting in phases 3 and 4, and nothing more to move.
    assert not decisions.rows_after_decision(list(campaign.plan_rows.all()), decisions.deciding_meeting(campaign))
    assert decisions.plan_recount_preview(campaign=campaign).moves == []


def test_rows_an_officer_dated_by_hand_are_kept_unless_ticked(alice_client, campaign):
    _cabinet(campaign)
    launch = campaign.plan_rows.get(objective="Launch the campaign from a position of confidence and strength")
    edit = reverse("campaigns:plan_row_edit", kwargs={"pk": launch.pk})
    alice_client.post(
        edit,
        {"phase": launch.phase, "objective": launch.objective, "deadline": "2027-02-01", "status": "todo"},
    )
    launch.refresh_from_db()
    assert launch.deadline_by_hand
    assert launch.deadline == datetime.date(2027, 2, 1)

    page = alice_client.get(_recount(campaign)).content.decode()
    assert "Deadlines set by hand: kept unless you tick them" in page
    assert f'name="also" value="{launch.pk}"' in page

    alice_client.post(_recount(campaign))
    launch.refresh_from_db()
    assert launch.deadline == datetime.date(2027, 2, 1)  # not moved silently

    alice_client.post(_recount(campaign), {"also": [str(launch.pk)]})
    launch.refresh_from_db()
    assert launch.deadline != datetime.date(2027, 2, 1)
    assert not launch.deadline_by_hand


def test_renamed_and_done_rows_are_left_alone(alice_client, campaign):
    _cabinet(campaign)
    custom = PlanRowFactory(campaign=campaign, phase=4, objective="Our own rally", deadline=datetime.date(2027, 6, 1))
    done = campaign.plan_rows.get(objective="Consider a formal ballot for industrial action")
    done.status = "done"
    done.save()
    old_done = done.deadline

    alice_client.post(_recount(campaign))

    custom.refresh_from_db()
    done.refresh_from_db()
    assert custom.deadline == datetime.date(2027, 6, 1)
    assert done.deadline == old_done


def test_the_recount_is_the_officers(olive_client, campaign):
    _cabinet(campaign)
    assert olive_client.get(_recount(campaign)).status_code == 403
    assert olive_client.post(_recount(campaign)).status_code == 403
    page = olive_client.get(_plan(campaign)).content.decode()
    assert "An officer can recount the deadlines" in page


def test_recount_refuses_get_methods_it_does_not_know(alice_client, campaign):
    assert alice_client.put(_recount(campaign)).status_code == 405


# ---------------------------------------------------------------- 2. warnings


def test_phase_3_and_4_rows_due_after_the_decision_are_flagged(alice_client, campaign):
    _cabinet(campaign)
    page = alice_client.get(_plan(campaign)).content.decode()
    late = [r for r in campaign.plan_rows.all() if r.phase in (3, 4) and r.deadline > CABINET]
    assert late
    assert page.count("Due after the cabinet decides on 16 March 2027") == len(late)
    assert f"{len(late)} phase 3 and 4 rows are due after the cabinet decides on 16 March 2027" in page
    # Phase 1 rows after the date are not pressure rows: no flag on them.
    early = campaign.plan_rows.filter(phase=5).first()
    row_html = page.split(f'id="row-{early.pk}"')[1].split("</tr>")[0]
    assert "decides on" not in row_html


def test_the_renewal_clock_shows_the_next_decision(alice_client, campaign, contract):
    url = reverse("contracts:contract_detail", kwargs={"pk": contract.pk})
    assert "none known" in alice_client.get(url).content.decode()
    _cabinet(campaign)
    page = alice_client.get(url).content.decode()
    clock = page.split('id="next-decision"')[1].split("</dd>")[0]
    assert "16 March 2027" in clock and "Cabinet: leisure options appraisal" in clock


def test_the_dashboard_shows_the_next_decision_for_each_contract_and_campaign(alice_client, campaign, contract):
    from overview.dashboards.branch import branch_dashboard

    contract.end_date = datetime.date(2028, 6, 30)
    contract.save()
    _cabinet(campaign)
    ContractExtension.objects.create(contract=contract, months=12, decision_date=datetime.date(2027, 5, 3))
    board = branch_dashboard(branches=[campaign.branch], today=TODAY)
    assert [c.campaign.next_decision for c in board.campaigns] == [CABINET]
    assert [c.next_decision for c in board.lead_in] == [CABINET]
    DecisionMeeting.objects.filter(campaign=campaign).update(decides_contract=False)
    board = branch_dashboard(branches=[campaign.branch], today=TODAY)
    assert [c.campaign.next_decision for c in board.campaigns] == [datetime.date(2027, 5, 3)]


def test_the_region_dashboard_shows_each_branchs_next_decision(
    olive_client, campaign, contract, branch_a, django_capture_on_commit_callbacks
):
    from insourcing.models import Region
    from overview.dashboards.region import region_tables

    def table_and_row():
        [table] = region_tables(Region.objects.filter(pk=branch_a.region_id), today=TODAY)
        return table, next(r for r in table.rows if r.branch == branch_a)

    def cell():
        page = olive_client.get(reverse("dashboard")).content.decode()
        assert ">Next decision</a></th>" in page
        return page.split(f">{branch_a.name}</a></th>")[1].split("</tr>")[0]

    table, row = table_and_row()
    assert (row.next_decision, table.total.next_decision) == (None, None)
    assert "none known" in cell()
    with django_capture_on_commit_callbacks(execute=True):
        ContractExtension.objects.create(contract=contract, months=12, decision_date=datetime.date(2027, 5, 3))
    # The extension's save refreshed the cached table.
    assert "3 May 2027" in cell() and "Leisure centres" in cell()
    with django_capture_on_commit_callbacks(execute=True):
        _cabinet(campaign)
    table, row = table_and_row()
    # The earlier of the deciding meeting and the extension decision, with what is decided then.
    assert (row.next_decision, row.next_decision_of) == (CABINET, "Leisure back in-house")
    assert (table.total.next_decision, table.total.next_decision_of) == (CABINET, f"Leisure back in-house, {row.name}")
    assert "16 Mar 2027" in cell() and "Leisure back in-house" in cell()


def test_adding_a_meeting_refreshes_the_cached_dashboard(alice_client, campaign, django_capture_on_commit_callbacks):
    url = reverse("dashboard")
    assert "16 March 2027" not in alice_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _cabinet(campaign)
    assert "16 March 2027" in alice_client.get(url).content.decode()


# ---------------------------------------------------------------- 3. working days in each nation


@pytest.mark.parametrize(
    ("nation", "day", "expected", "reason"),
    [
        ("england", datetime.date(2027, 3, 29), datetime.date(2027, 3, 25), "Easter Monday"),  # and Good Friday
        ("wales", datetime.date(2027, 8, 30), datetime.date(2027, 8, 27), "Summer bank holiday"),
        ("scotland", datetime.date(2027, 8, 2), datetime.date(2027, 7, 30), "Summer bank holiday"),
        ("scotland", datetime.date(2027, 1, 4), datetime.date(2026, 12, 31), "substitute day"),  # 2 January
        ("northern-ireland", datetime.date(2027, 3, 17), datetime.date(2027, 3, 16), "Patrick"),
        ("northern-ireland", datetime.date(2027, 7, 12), datetime.date(2027, 7, 9), "Battle of the Boyne"),
        # GOV.UK's name, the same everywhere the app names it (not the `holidays` package's "May Day").
        ("england", datetime.date(2027, 5, 3), datetime.date(2027, 4, 30), "Early May bank holiday, a bank holiday"),
    ],
)
def test_a_deadline_on_a_bank_holiday_moves_to_the_working_day_before(nation, day, expected, reason):
    moved, note = workdays.working_day_on_or_before(day, nation)
    assert moved == expected
    assert reason in note
    assert note.endswith("to the working day before.")


@pytest.mark.parametrize("nation", ["england", "wales", "scotland", "northern-ireland"])
def test_another_nations_bank_holiday_is_a_working_day(nation):
    # 17 March is a bank holiday in Northern Ireland only; the first Monday of August in Scotland only.
    others = {"northern-ireland": datetime.date(2027, 8, 2)}
    day = others.get(nation, datetime.date(2027, 3, 17))
    assert workdays.working_day_on_or_before(day, nation) == (day, "")


def test_a_weekend_deadline_moves_to_friday_with_a_note():
    assert workdays.working_day_on_or_before(datetime.date(2027, 3, 14), "england") == (
        datetime.date(2027, 3, 12),
        "Moved from Sunday 14 March 2027, a weekend, to the working day before.",
    )


def test_the_recount_follows_the_campaigns_nation(alice_client, branch_a, alice):
    authority = PublicAuthorityFactory(branch=branch_a, name="Belfast City Council", nation="northern-ireland")
    contract = ContractFactory(branch=branch_a, authority=authority, end_date=datetime.date(2028, 6, 30))
    campaign = services.campaign_start(branch=branch_a, user=alice, name="Belfast", contracts=[contract])
    DecisionMeeting.objects.create(
        campaign=campaign, kind="council", title="Full council", date=datetime.date(2027, 3, 17), decides_contract=True
    )

    alice_client.post(_recount(campaign))

    win = campaign.plan_rows.get(objective="Win, promote and celebrate the win")
    assert win.deadline == datetime.date(2027, 3, 16)
    assert "Wednesday 17 March 2027, Saint Patrick's Day, a bank holiday" in win.notes
    # A second recount replaces the note rather than piling them up.
    alice_client.post(_recount(campaign))
    win.refresh_from_db()
    assert win.notes.count(workdays.NOTE_START) == 1


# ---------------------------------------------------------------- 6. next 30 days


def test_next_30_days_lists_rows_due_overdue_meetings_and_elections_each_linked(alice_client, campaign):
    overdue = PlanRowFactory(campaign=campaign, objective="Send the FoI", deadline=datetime.date(2026, 11, 20))
    due = PlanRowFactory(campaign=campaign, objective="Book the hall", deadline=datetime.date(2026, 12, 20))
    PlanRowFactory(campaign=campaign, objective="Later", deadline=datetime.date(2027, 2, 1))
    scrutiny = DecisionMeeting.objects.create(
        campaign=campaign, kind="scrutiny", title="Scrutiny: leisure", date=datetime.date(2026, 12, 10)
    )
    election = DecisionMeeting.objects.create(
        campaign=campaign, kind="election", title="By-election, Park ward", date=datetime.date(2026, 12, 17)
    )
    campaign.power_map.create(name="Cllr Amir Khan", role="Leader", next_election_on=datetime.date(2026, 12, 24))

    page = alice_client.get(_plan(campaign)).content.decode()
    box = page.split('id="next-days-heading"')[1].split("</section>")[0]

    assert f'href="{_plan(campaign)}#row-{overdue.pk}">Send the FoI' in box
    assert f'href="{_plan(campaign)}#row-{due.pk}">Book the hall' in box
    assert f'href="{scrutiny.get_absolute_url()}">Scrutiny: leisure' in box
    assert f'href="{election.get_absolute_url()}">By-election, Park ward' in box
    assert "Election: Cllr Amir Khan" in box
    assert "Later" not in box
    # What is coming comes first, by date; the overdue row sits apart under its own heading below.
    upcoming = box.split('id="next-upcoming"')[1].split("</ul>")[0]
    assert upcoming.index("Scrutiny: leisure") < upcoming.index("By-election") < upcoming.index("Book the hall")
    overdue_box = box.split('id="next-overdue"')[1].split("</ul>")[0]
    assert "Send the FoI" in overdue_box and "Send the FoI" not in upcoming
    assert box.index("Book the hall") < box.index("Overdue (1)") < box.index("Send the FoI")


@pytest.mark.parametrize("rows", [1, 500])
def test_plan_page_queries_stay_flat_with_the_decision_calendar(
    alice_client, campaign, rows, django_assert_max_num_queries, count_queries
):
    _cabinet(campaign)
    PlanRow.objects.bulk_create(
        PlanRow(campaign=campaign, phase=1 + i % 5, objective=f"Row {i}", deadline=TODAY, position=i)
        for i in range(rows)
    )
    alice_client.get(_plan(campaign))  # a running server has its content types cached; run alone, this test did not
    with django_assert_max_num_queries(PLAN_QUERIES):
        assert alice_client.get(_plan(campaign)).status_code == 200
    assert count_queries(lambda: alice_client.get(_plan(campaign))) == PLAN_QUERIES
    assert count_queries(lambda: alice_client.get(_recount(campaign))) == RECOUNT_QUERIES


def test_guide_steps_each_have_a_count_back(campaign):
    # Every seeded row matches a step, so the recount can count it again.
    months = {(s.phase, s.objective) for s in guide.steps_for_branch(campaign.branch)}
    assert all((r.phase, r.objective) in months for r in campaign.plan_rows.all())


def test_next_days_from_the_page_rows_matches_the_database(campaign):
    # The plan page hands its rows and meetings to the box instead of querying: both ways must list the same.
    campaign.plan_rows.all().delete()  # the guide's seeded rows: only these below
    day = datetime.timedelta(days=1)
    for n, (deadline, status, is_draft) in enumerate(
        [
            (TODAY - 3 * day, "todo", True),  # overdue draft: listed, as the row says Overdue
            (TODAY - day, "doing", False),
            (TODAY - 2 * day, "done", False),  # done: never
            (TODAY, "todo", False),  # due today
            (TODAY + 5 * day, "todo", True),  # draft due this month: not until accepted
            (TODAY + 29 * day, "doing", False),
            (TODAY + 30 * day, "todo", False),  # past the 30 days
            (None, "todo", False),
        ]
    ):
        PlanRowFactory(campaign=campaign, objective=f"Row {n}", deadline=deadline, status=status, is_draft=is_draft)
    DecisionMeeting.objects.create(
        campaign=campaign, kind="cabinet", title="Cabinet", date=TODAY + 10 * day, decides_contract=True
    )
    DecisionMeeting.objects.create(campaign=campaign, kind="scrutiny", title="Scrutiny", date=TODAY + 10 * day)
    DecisionMeeting.objects.create(campaign=campaign, kind="cabinet", title="Last year", date=TODAY - 9 * day)
    asked = decisions.next_days(campaign=campaign, today=TODAY)
    given = decisions.next_days(
        campaign=campaign,
        today=TODAY,
        rows=list(PlanRow.objects.filter(campaign=campaign)),
        meetings=list(campaign.decision_meetings.all()),
    )
    assert [i.label for i in asked.overdue] == ["Row 0", "Row 1"]
    assert [i.label for i in asked.upcoming] == [
        "Row 3",
        "Cabinet (decides the contract)",
        "Scrutiny",
        "Row 5",
    ]
    assert given == asked
