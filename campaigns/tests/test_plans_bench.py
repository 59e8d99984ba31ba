"""The benchmark code runs (small sizes) so `make bench` does not find it broken."""

import pytest

from bench import campaign_plan


@pytest.mark.django_db(transaction=True)
def test_the_plan_benchmarks_run_and_clean_up():
    from insourcing.models import Branch

    page = campaign_plan.run(rows=20, repeat=2)
    reminders = campaign_plan.run_reminders(count=60, campaigns=3)
    assert page["median_ms"] > 0
    assert reminders["name"] == "60 due reminders, two jobs at once"
    assert not Branch.objects.exists()
