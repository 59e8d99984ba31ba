"""Exactly one beat scheduler: `make run` starts one, inside the only worker it starts.

Two schedulers would each queue every periodic job. The reminder jobs stay safe even then (each reminder is
claimed with a conditional update before it is sent: contracts/tests/test_foi_reminders.py::
test_two_concurrent_runs_send_the_reminder_once and campaigns/tests/test_plans_reminders.py::
test_two_runs_at_the_same_time_send_each_reminder_once), but other jobs would simply run twice as often.
"""

import re

from conftest import ROOT


def test_make_run_starts_a_single_worker_with_the_only_beat():
    lines = [
        line for line in (ROOT / "scripts" / "run.sh").read_text().splitlines() if not line.lstrip().startswith("#")
    ]
    commands = [line for line in lines if re.match(r"\s*celery\b", line)]
    assert len(commands) == 1, commands
    assert re.search(r"\bworker\b.*\s-B\b", commands[0])
    assert not [line for line in lines if re.search(r"\bbeat\b", line)]


def test_the_production_notes_say_to_run_one_beat():
    readme = (ROOT / "README.md").read_text()
    production = readme.split("## Running on PostgreSQL and Redis in production", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"exactly one\b.*\bbeat|one beat", production, re.IGNORECASE), production[:500]
