"""FoIRequest.objects.overdue() / due_within(): what the dashboards count as overdue and coming up."""

import datetime

import pytest

from contracts.models import FoIRequest
from contracts.tests.factories import make_foi

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
Status = FoIRequest.Status


@pytest.mark.parametrize(
    ("status", "due_on", "overdue", "due_soon"),
    [
        (Status.SENT, datetime.date(2026, 6, 14), True, False),
        (Status.OVERDUE, datetime.date(2026, 5, 1), True, False),
        (Status.ACKNOWLEDGED, datetime.date(2026, 6, 15), False, True),
        (Status.SENT, datetime.date(2026, 6, 21), False, True),
        (Status.SENT, datetime.date(2026, 6, 22), False, False),
        (Status.ANSWERED, datetime.date(2026, 6, 1), False, False),
        (Status.CLARIFICATION, datetime.date(2026, 6, 1), False, False),
    ],
)
def test_overdue_and_due_within(branch_a, alice, status, due_on, overdue, due_soon):
    foi = make_foi(branch_a, alice, contracts=0, status=status, due_on=due_on)
    assert (foi in FoIRequest.objects.overdue(TODAY)) is overdue
    assert (foi in FoIRequest.objects.due_within(days=7, today=TODAY)) is due_soon
