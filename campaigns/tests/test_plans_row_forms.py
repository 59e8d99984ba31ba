"""The rows' Move, Accept and Drop buttons post forms the plan page shares (one CSRF token for the page, issue 21):
a browser without JavaScript sends the shared form's fields to the button's `formaction`, and that still works
with CSRF checks on. (The same with JavaScript, in Chromium: test_plans_row_forms_browser.py.)"""

import html as html_lib
import re

import pytest
from django.test import Client

from campaigns.models import PlanRow
from campaigns.tests.factories import CampaignFactory, PlanRowFactory

pytestmark = pytest.mark.django_db


def _what_the_browser_posts(page: str, row_pk: int, form_id: str) -> tuple[str, dict]:
    """The button's `formaction` and its form's fields, read from the page as a browser reads them."""
    button = re.search(
        rf'<button class="btn" type="submit" form="{form_id}" formaction="([^"]+)" '
        rf'aria-labelledby="[^"]* o{row_pk}"',
        page,
    )
    form = re.search(rf'<form id="{form_id}" method="post"[^>]*>(.*?)</form>', page, re.S)[1]
    fields = {name: html_lib.unescape(value) for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', form)}
    return button[1], fields


@pytest.fixture
def strict_client(alice):
    """A browser: CSRF checks on, the token only from the page and its cookie."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


def _order(campaign):
    return list(
        PlanRow.objects.filter(campaign=campaign, phase=1).order_by("position").values_list("objective", flat=True)
    )


def test_move_down_and_up_post_without_javascript(strict_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    first = PlanRowFactory(campaign=campaign, objective="First", position=0, is_draft=False)
    PlanRowFactory(campaign=campaign, objective="Second", position=1, is_draft=False)
    page = strict_client.get(campaign.get_absolute_url()).content.decode()
    action, fields = _what_the_browser_posts(page, first.pk, "f-dn")
    assert action == f"/campaigns/rows/{first.pk}/move/"
    assert set(fields) == {"csrfmiddlewaretoken", "show", "direction"} and fields["direction"] == "down"
    response = strict_client.post(action, fields)
    assert response.status_code == 302 and response["Location"].endswith(f"#row-{first.pk}")
    assert _order(campaign) == ["Second", "First"]

    page = strict_client.get(campaign.get_absolute_url()).content.decode()
    action, fields = _what_the_browser_posts(page, first.pk, "f-up")
    assert strict_client.post(action, fields).status_code == 302
    assert _order(campaign) == ["First", "Second"]


def test_accept_and_drop_post_without_javascript(strict_client, branch_a):
    campaign = CampaignFactory(branch=branch_a)
    keep = PlanRowFactory(campaign=campaign, objective="Keep", is_draft=True)
    drop = PlanRowFactory(campaign=campaign, objective="Drop me", is_draft=True)
    page = strict_client.get(campaign.get_absolute_url()).content.decode()
    action, fields = _what_the_browser_posts(page, keep.pk, "f-ac")
    assert action == f"/campaigns/rows/{keep.pk}/accept/" and set(fields) == {"csrfmiddlewaretoken"}
    assert strict_client.post(action, fields).status_code == 302
    keep.refresh_from_db()
    assert not keep.is_draft

    action, fields = _what_the_browser_posts(page, drop.pk, "f-dr")
    assert action == f"/campaigns/rows/{drop.pk}/delete/"
    assert strict_client.post(action, fields).status_code == 302
    assert not PlanRow.objects.filter(pk=drop.pk).exists()


def test_a_post_without_the_pages_token_is_refused(strict_client, branch_a):
    # The shared form's token is what makes the post go through: without it, CSRF protection still refuses.
    campaign = CampaignFactory(branch=branch_a)
    row = PlanRowFactory(campaign=campaign, is_draft=True)
    strict_client.get(campaign.get_absolute_url())
    assert strict_client.post(f"/campaigns/rows/{row.pk}/accept/", {}).status_code == 403
    row.refresh_from_db()
    assert row.is_draft


def test_two_rows_open_for_editing_have_their_own_field_ids(alice_client, branch_a):
    """Walk-through: with two rows open for editing, row 8's "Notes" label put the cursor in row 7's notes."""
    campaign = CampaignFactory(branch=branch_a)
    rows = PlanRowFactory.create_batch(2, campaign=campaign)
    forms = [
        alice_client.get(f"/campaigns/rows/{row.pk}/edit/", HTTP_HX_REQUEST="true").content.decode() for row in rows
    ]
    ids = [set(re.findall(r' id="(id_[^"]+)"', form)) for form in forms]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    for row, form in zip(rows, forms, strict=True):
        assert f'for="id_row{row.pk}_objective"' in form  # its label
        assert f'id="id_row{row.pk}_objective"' in form
