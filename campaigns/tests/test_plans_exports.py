import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from campaigns.models import MembershipSnapshot
from campaigns.plans import exports
from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory
from conftest import wait_for
from insourcing.exports import Column, write_sheet
from insourcing.models import GeneratedDocument


def _campaign(branch):
    campaign = CampaignFactory(
        branch=branch,
        name="Bring cleaning back in-house",
        target_density="55",
        target_activists=12,
        baseline_on=datetime.date(2026, 1, 5),
        baseline_staff=120,
        baseline_members=30,
        baseline_activists=2,
        lessons_learned="Start with the night shift",
    )
    sam = TeamMemberFactory(campaign=campaign, name="Sam Steward")
    PlanRowFactory(
        campaign=campaign, objective="Map the workforce", responsible=sam, deadline=datetime.date(2026, 3, 2)
    )
    PlanRowFactory(campaign=campaign, phase=4, objective='=HYPERLINK("http://evil")', responsible=sam)
    MembershipSnapshot.objects.create(
        campaign=campaign, taken_on=datetime.date(2026, 4, 1), staff=120, members=48, activists=5
    )
    return campaign


def test_the_spreadsheet_holds_the_whole_plan_without_formulas(alice_client, branch_a):
    campaign = _campaign(branch_a)
    response = alice_client.get(reverse("campaigns:campaign_xlsx", kwargs={"pk": campaign.pk}))
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames[:4] == ["Plan", "Team", "Membership", "Review"]
    plan = [[cell.value for cell in row] for row in workbook["Plan"].iter_rows()]
    assert plan[0][:5] == ["Phase", "Step", "Objective", "Task", "Responsibility"]
    assert plan[1][2] == "Map the workforce"
    assert plan[1][4] == "Sam Steward"
    assert plan[2][2] == '=HYPERLINK("http://evil")'
    assert workbook["Plan"]["C3"].data_type == "s"  # text, never a formula
    assert plan[1][5] == datetime.datetime(2026, 3, 2)  # the deadline is a date cell
    membership = [[cell.value for cell in row] for row in workbook["Membership"].iter_rows()]
    assert membership[1][0] == "Baseline" and membership[1][6] == 25
    assert membership[2][6] == 40
    assert membership[1][5] == 2


def test_another_feature_can_add_a_sheet(alice_client, branch_a):
    campaign = _campaign(branch_a)

    def extra(workbook, campaign):
        write_sheet(workbook, "Test extra sheet", [Column("Name")], [["Friends of the park"]])

    exports.SHEET_WRITERS.append(extra)
    try:
        workbook = load_workbook(BytesIO(exports.campaign_workbook(campaign)))
    finally:
        exports.SHEET_WRITERS.remove(extra)
    assert workbook.sheetnames[-1] == "Test extra sheet"


def test_pdf_request_is_post_only(alice_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    assert alice_client.get(reverse("campaigns:campaign_pdf", kwargs={"pk": campaign.pk})).status_code == 405
    assert not GeneratedDocument.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_the_plan_pdf_with_the_trend_chart(celery_worker, client, alice, branch_a):
    campaign = _campaign(branch_a)
    client.force_login(alice)
    response = client.post(reverse("campaigns:campaign_pdf", kwargs={"pk": campaign.pk}))
    document = GeneratedDocument.objects.get()
    assert response["Location"] == reverse("document_status", kwargs={"pk": document.pk})

    def finished():
        document.refresh_from_db()
        return document.is_finished

    wait_for(finished, message="the worker to render the plan PDF")
    assert document.status == "ready", document.error + celery_worker.log()[-2000:]
    with document.file.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(handle.read())).pages)
    assert "Bring cleaning back in-house" in text
    assert "Phase 1 – Research and campaign development" in text
    assert "Map the workforce" in text
    assert "2 Mar 2026" in text
    assert "Sam Steward" in text
    assert "Membership density" in text  # the SVG chart, drawn as text in the PDF
    assert "Target 55%" in text
    assert "Start with the night shift" in text
