"""The organising sections round-trip through the PDF (text read back with pypdf) and the XLSX (openpyxl)."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from campaigns.models import AllyAction, BusinessCase, KeyArgument, PowerMapContact, WorkforceAction
from campaigns.organising.services import action_to_plan_row
from campaigns.tests.factories import (
    make_activity,
    make_ally,
    make_campaign,
    make_meeting,
    make_person,
)
from insourcing.documents import get_kind
from insourcing.models import GeneratedDocument
from insourcing.pdf import html_to_pdf


@pytest.fixture
def campaign(branch_a):
    campaign = make_campaign(branch_a)
    contacts = WorkforceAction.objects.create(
        campaign=campaign,
        category="activists",
        audience="members",
        description="Find two workplace contacts",
        due_on=datetime.date(2027, 3, 31),
        progress="in-progress",
    )
    action_to_plan_row(action=contacts)
    activity = make_activity(branch_a, campaign=campaign)
    WorkforceAction.objects.create(
        campaign=campaign, activity=activity, category="activities", description="Hand petition to cabinet"
    )
    KeyArgument.objects.create(
        campaign=campaign, guide_key="private-profits", argument="Record profits", evidence="£4.2m profit in 2024"
    )
    ally = make_ally(branch_a, campaign=campaign)
    AllyAction.objects.create(ally=ally, description="Speak at trades council", due_on=datetime.date(2027, 2, 1))
    person = make_person(branch_a, campaign=campaign, name="Cllr Jane Doe")
    PowerMapContact.objects.create(person=person, summary="Surgery visit")
    make_meeting(branch_a, campaign=campaign, title="Cabinet: cleaning options", decides_contract=True)
    BusinessCase.objects.create(campaign=campaign, benefits="Staff on NJC terms", risks="Start-up costs")
    return campaign


def test_the_organising_sections_come_back_out_of_the_campaign_plan_pdf(campaign, alice):
    document = GeneratedDocument.objects.create(
        kind="campaign_plan", title="Plan", branch=campaign.branch, requested_by=alice, source=campaign
    )
    html = get_kind("campaign_plan").render_html(document)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(html_to_pdf(html))).pages).split())
    assert "Campaign team" in text  # the plan's own sections come first
    for phrase in [
        "Workforce campaign plan",
        "Activist development",
        "Non-UNISON union members",
        "Find two workplace contacts (In progress, due 31 March 2027) → in the campaign plan",
        "In progress",
        "No actions yet",
        "Petition to the council",
        "Hand petition to cabinet",
        "£4.2m profit in 2024",
        "Trades union council",
        "Speak at trades council",
        "Cllr Jane Doe",
        "Decides the contract: Cabinet: cleaning options",
        "Staff on NJC terms",
        "Start-up costs",
    ]:
        assert phrase in text, phrase


def test_the_organising_sections_come_back_out_of_the_spreadsheet(alice_client, campaign):
    response = alice_client.get(reverse("campaigns:campaign_xlsx", kwargs={"pk": campaign.pk}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames[-8:] == [
        "Workforce grid",
        "Workforce actions",
        "Activity plans",
        "Key arguments",
        "Allies grid",
        "Power map",
        "Decision calendar",
        "Business case",
    ]
    grid = workbook["Workforce grid"]
    assert [c.value for c in grid[1]][1:] == [
        "UNISON activists",
        "UNISON members",
        "Non-UNISON union members",
        "Non-union members",
        "Whole workforce",
    ]
    assert grid["A3"].value == "Activist development"
    assert grid["C3"].value.startswith("◐ In progress\n• Find two workplace contacts (In progress, 31 March 2027)")
    assert grid["C3"].fill.fgColor.rgb.endswith("FFF1C2")
    actions = list(workbook["Workforce actions"].iter_rows(min_row=2, values_only=True))
    assert actions[0][3] == "Find two workplace contacts"
    assert actions[0][8] == "Activist development – UNISON members"
    plans = [[c.value for c in row] for row in workbook["Activity plans"].iter_rows(min_row=2)]
    assert plans[1][:3] == ["Campaign activities", "Petition to the council", "Hand petition to cabinet"]
    arguments = {row[0].value: row[1].value for row in workbook["Key arguments"].iter_rows(min_row=2)}
    assert arguments["Record profits"] == "£4.2m profit in 2024"
    assert len(arguments) == 8
    calendar = list(workbook["Decision calendar"].iter_rows(min_row=2, values_only=True))
    assert calendar[0][2:4] == ("Cabinet: cleaning options", "Yes")  # under "Decides the contract"
    case = dict(workbook["Business case"].iter_rows(min_row=2, values_only=True))
    assert case == {
        "Benefits": "Staff on NJC terms",
        "Costs": "Not written yet",
        "Timescale": "Not written yet",
        "Risks": "Start-up costs",
    }


def test_spreadsheet_cells_never_start_a_formula(alice_client, campaign):
    WorkforceAction.objects.create(
        campaign=campaign, category="views", audience="workforce", description='=HYPERLINK("http://evil")'
    )
    workbook = load_workbook(
        BytesIO(alice_client.get(reverse("campaigns:campaign_xlsx", kwargs={"pk": campaign.pk})).content)
    )
    cells = {row[3].value: row[3] for row in workbook["Workforce actions"].iter_rows(min_row=2)}
    assert cells['=HYPERLINK("http://evil")'].data_type == "s"  # as typed, and text: never a formula
