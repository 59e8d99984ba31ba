import re

import pytest

from campaigns.tests.factories import CampaignFactory, PlanRowFactory

pytestmark = pytest.mark.django_db


def _move_buttons(html: str) -> list[tuple[str, bool]]:
    """(direction, disabled) for each move button, in page order (each submits the page's shared up or down form)."""
    buttons = re.findall(r'<button class="btn" type="submit" form="f-(up|dn)"([^>]*)>', html)
    return [("up" if form == "up" else "down", "disabled" in rest) for form, rest in buttons]


def test_the_top_row_cannot_go_up_nor_the_bottom_row_down(alice_client, branch_a):
    """Found by the every-form guard: the top row's Up came back unchanged with no message."""
    campaign = CampaignFactory(branch=branch_a)
    for position, objective in enumerate(["First", "Middle", "Last"]):
        PlanRowFactory(campaign=campaign, phase=1, objective=objective, position=position, is_draft=False)
    html = alice_client.get(campaign.get_absolute_url()).content.decode()
    assert _move_buttons(html) == [
        ("up", True),
        ("down", False),
        ("up", False),
        ("down", False),
        ("up", False),
        ("down", True),
    ]
