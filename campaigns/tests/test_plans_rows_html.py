"""The plan table's rows, written in Python (campaigns/plans/rows_html.py): what each row shows and offers."""

import datetime
import re

import pytest
from django.utils import timezone

from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def _row(html: str, pk: int) -> str:
    return re.search(rf'<tr id="row-{pk}".*?</tr>', html, re.S)[0]


def test_a_draft_row_offers_accept_drop_edit_and_move_each_named_after_it(alice_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    member = TeamMemberFactory(campaign=campaign, name="Sam <Steward>")
    row = PlanRowFactory(
        campaign=campaign,
        step="1.2",
        objective='Map "sites" & <shifts>',
        task="Walk every site\nTalk to every shift",
        notes="Ask <the> porters",
        responsible=member,
        deadline=datetime.date(2031, 4, 1),
        is_draft=True,
        is_follow_up=True,
    )
    html = alice_client.get(campaign.get_absolute_url()).content.decode()
    cells = _row(html, row.pk)
    name = "“Map &quot;sites&quot; &amp; &lt;shifts&gt;”"  # escaped once, never twice
    base = f"/campaigns/rows/{row.pk}/"
    assert f'<form method="post" action="{base}accept/" data-hx-post="{base}accept/">' in cells
    assert f'<form method="post" action="{base}delete/" data-hx-post="{base}delete/">' in cells
    assert f'href="{base}edit/" data-hx-get="{base}edit/">Edit<span class="visually-hidden"> {name}</span>' in cells
    assert f'Accept<span class="visually-hidden"> {name}</span>' in cells
    assert f"Move {name} up" in cells and f"Move {name} down" in cells
    assert cells.count('name="csrfmiddlewaretoken"') == 3  # accept, drop and move each post without JavaScript
    assert '<span class="text-body-secondary">1.2</span> Map' in cells
    assert "Draft</span>" in cells and "Follow-up</span>" in cells
    assert "Walk every site<br>Talk to every shift" in cells
    assert "Notes: Ask &lt;the&gt; porters" in cells
    assert "Sam &lt;Steward&gt;" in cells
    assert "1 April 2031" in cells
    # Actions name no target of their own: htmx takes the row from the table body, and Move takes the body.
    assert 'data-hx-target="closest tbody"' in cells
    assert '<tbody id="phase-1-rows" data-hx-target="closest tr" data-hx-swap="outerHTML">' in html


def test_a_reader_sees_the_rows_without_actions(olive_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    row = PlanRowFactory(campaign=campaign, deadline=None, is_draft=False)
    html = olive_client.get(campaign.get_absolute_url()).content.decode()
    cells = _row(html, row.pk)
    assert "plan-actions" not in cells and "<form" not in cells
    assert '<span class="text-body-secondary">Nobody yet</span>' in cells
    assert '<span class="text-body-secondary">None</span>' in cells  # no deadline


def test_an_overdue_row_and_a_done_row_say_so(alice_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    today = timezone.localdate()
    late = PlanRowFactory(campaign=campaign, deadline=today - datetime.timedelta(days=1), is_draft=False)
    done = PlanRowFactory(
        campaign=campaign, deadline=today - datetime.timedelta(days=1), status="done", done_on=today, is_draft=False
    )
    html = alice_client.get(campaign.get_absolute_url()).content.decode()
    assert '<div class="status-overdue">Overdue</div>' in _row(html, late.pk)
    assert "Overdue" not in _row(html, done.pk)
    assert f'<span class="badge plan-status-done">Done</span><div class="small">{today.day} ' in _row(html, done.pk)


def test_a_phase_without_rows_says_so_and_how_the_filter_matters(alice_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    html = alice_client.get(campaign.get_absolute_url()).content.decode()
    assert '<tr class="plan-empty"><td colspan="6">No rows in this phase yet.</td></tr>' in html
    html = alice_client.get(campaign.get_absolute_url() + "?show=overdue").content.decode()
    assert "No rows match this filter in this phase yet." in html


def test_the_deadline_cell_keeps_the_date_whole_and_lets_its_markers_wrap(alice_client, branch_a):
    # Issue 18's markup, written by the row writer: the date unbroken, the weekend marker and the warnings below it
    # in elements that wrap, a draft past its date marked overdue, on the page and on the row an edit sends back.
    campaign = CampaignFactory(branch=branch_a)
    saturday = datetime.date(2031, 1, 4)
    stall = PlanRowFactory(campaign=campaign, objective="Market stall", deadline=saturday, is_draft=False)
    late_draft = PlanRowFactory(
        campaign=campaign, deadline=timezone.localdate() - datetime.timedelta(days=1), is_draft=True
    )
    html = alice_client.get(campaign.get_absolute_url()).content.decode()
    cell = (
        '<td class="plan-deadline" data-label="Deadline"><span class="text-nowrap">4 January 2031</span>'
        '<span class="d-block small text-warning-emphasis day-hint">Saturday: not a working day</span></td>'
    )
    assert cell in _row(html, stall.pk)
    assert "Draft</span>" in _row(html, late_draft.pk)
    assert '<div class="status-overdue">Overdue</div>' in _row(html, late_draft.pk)

    fragment = alice_client.get(f"/campaigns/rows/{stall.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert cell in _row(fragment, stall.pk)
