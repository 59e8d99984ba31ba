"""The plan table's rows, written in Python (campaigns/plans/rows_html.py): what each row shows and offers."""

import datetime
import re

import pytest
from django.utils import timezone

from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def _row(html: str, pk: int) -> str:
    return re.search(rf'<tr id="row-{pk}".*?</tr>', html, re.S)[0]


def _form(html: str, form_id: str) -> str:
    return re.search(rf'<form id="{form_id}" .*?</form>', html, re.S)[0]


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
    base = f"/campaigns/rows/{row.pk}/"
    # Each control is named by a shared label and the row's objective alone ("Accept Map …", not its step number
    # nor its Draft badge); the objective is escaped once, never twice, and said once in the row.
    objective = (
        '<td><span class="text-body-secondary">1.2</span> '
        f'<span id="o{row.pk}">Map &quot;sites&quot; &amp; &lt;shifts&gt;</span>'
    )
    assert cells.startswith(f'<tr id="row-{row.pk}" class="plan-draft">{objective}')
    assert cells.count("Map &quot;sites&quot;") == 1
    names = {"l-ed": "Edit", "l-up": "Move up", "l-dn": "Move down", "l-ac": "Accept", "l-dr": "Drop"}
    for label_id, label in names.items():
        assert html.count(f'<span id="{label_id}">{label}</span>') == 1
    assert (
        f'<button class="btn" type="submit" form="f-ac" formaction="{base}accept/" '
        f'aria-labelledby="l-ac o{row.pk}">Accept</button>'
    ) in cells
    assert (
        f'<button class="btn" type="submit" form="f-dr" formaction="{base}delete/" '
        f'aria-labelledby="l-dr o{row.pk}">Drop</button>'
    ) in cells
    assert f'<a class="btn" href="{base}edit/" aria-labelledby="l-ed o{row.pk}">Edit</a>' in cells
    # The only row of its phase: both Move buttons are there, and off.
    for form_id, arrow in (("f-up", "↑"), ("f-dn", "↓")):
        assert (
            f'<button class="btn" type="submit" form="{form_id}" formaction="{base}move/" '
            f'aria-labelledby="l{form_id[1:]} o{row.pk}" disabled>{arrow}</button>'
        ) in cells
    # The buttons post the page's shared forms, each with the CSRF token once; no row carries a form or a token.
    assert "<form" not in cells and "csrfmiddlewaretoken" not in cells
    for form_id in ("f-up", "f-dn", "f-ac", "f-dr"):
        assert html.count(f'form="{form_id}"') >= 1
        assert _form(html, form_id).count('name="csrfmiddlewaretoken"') == 1
    assert '<input type="hidden" name="direction" value="up">' in _form(html, "f-up")
    assert '<input type="hidden" name="direction" value="down">' in _form(html, "f-dn")
    assert "Draft</span>" in cells and "Follow-up</span>" in cells
    assert "Walk every site<br>Talk to every shift" in cells
    assert "Notes: Ask &lt;the&gt; porters" in cells
    assert "Sam &lt;Steward&gt;" in cells
    assert "1 April 2031" in cells
    # htmx fetches Edit into the row (boosted link), the table body saying where and how for every row.
    assert (
        '<tbody id="phase-1-rows" data-hx-boost="true" data-hx-push-url="false" data-hx-target="closest tr" '
        'data-hx-swap="outerHTML show:none">'
    ) in html


def test_the_shared_move_forms_keep_the_filter(alice_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    PlanRowFactory(campaign=campaign, deadline=None, is_draft=False)
    html = alice_client.get(campaign.get_absolute_url() + "?show=mine").content.decode()
    assert '<input type="hidden" name="show" value="mine">' in _form(html, "f-up")
    assert '<input type="hidden" name="show" value="mine">' in _form(html, "f-dn")


def test_a_reader_sees_the_rows_without_actions(olive_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    row = PlanRowFactory(campaign=campaign, deadline=None, is_draft=False)
    html = olive_client.get(campaign.get_absolute_url()).content.decode()
    cells = _row(html, row.pk)
    assert "<button" not in cells and "/edit/" not in cells and "<form" not in cells
    assert 'id="f-up"' not in html and 'id="l-ed"' not in html  # no shared forms for someone who cannot edit
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
    # The fourth cell; its first span kept on one line by the plan table's CSS (static/css/campaigns.css).
    cell = (
        "</td><td><span>4 January 2031</span>"
        '<span class="d-block small text-warning-emphasis day-hint">Saturday: not a working day</span></td><td>'
    )
    assert cell in _row(html, stall.pk)
    assert "Draft</span>" in _row(html, late_draft.pk)
    assert '<div class="status-overdue">Overdue</div>' in _row(html, late_draft.pk)

    fragment = alice_client.get(f"/campaigns/rows/{stall.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert cell in _row(fragment, stall.pk)
