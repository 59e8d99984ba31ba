"""PlanRow.objects.due_within(): open, accepted rows due from today up to the given number of days."""

import datetime

import pytest

from campaigns.models import PlanRow
from campaigns.tests.factories import PlanRowFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("deadline", "fields", "due"),
    [
        (datetime.date(2026, 6, 15), {}, True),
        (datetime.date(2026, 6, 21), {"status": "doing"}, True),
        (datetime.date(2026, 6, 22), {}, False),
        (datetime.date(2026, 6, 14), {}, False),
        (datetime.date(2026, 6, 16), {"status": "done"}, False),
        (datetime.date(2026, 6, 16), {"is_draft": True}, False),
    ],
)
def test_due_within(deadline, fields, due):
    row = PlanRowFactory(deadline=deadline, **fields)
    assert (row in PlanRow.objects.due_within(days=7, today=TODAY)) is due
