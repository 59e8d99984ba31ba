"""Campaign plan benchmarks, run against a migrated database (make bench) with Django set up.

run(): the plan page of a campaign with 500 rows, rendered through the Django test client; median of 10.
run_reminders(): 10,000 due reminders sent by two reminder jobs running at once; goal under 60 s, and each
reminder sent exactly once. Both create their own branch and delete it afterwards.
"""

import datetime
import statistics
import threading
import time
import uuid

from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from campaigns.models import Campaign, PlanRow, SentReminder, TeamMember
from campaigns.plans import services
from insourcing.models import Branch, BranchOfficer, Region, User

REMINDER_GOAL_SECONDS = 60


def _scratch_branch(label: str):
    suffix = uuid.uuid4().hex[:8]
    region = Region.objects.create(name=f"Bench {label} {suffix}", slug=f"bench-{label}-{suffix}")
    branch = Branch.objects.create(region=region, name=f"Bench {label}", slug=f"bench-{label}-{suffix}")
    return region, branch


def _drop(region, branch, *users):
    Branch.objects.filter(pk=branch.pk).delete()
    Region.objects.filter(pk=region.pk).delete()
    User.objects.filter(pk__in=[u.pk for u in users]).delete()


def _host() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    return hosts[0].lstrip(".") if hosts else "testserver"


def campaign_with_rows(branch, rows: int) -> Campaign:
    """A campaign of `branch` with `rows` plan rows across the five phases, half of them past their deadline."""
    campaign = Campaign.objects.create(branch=branch, name="Bench campaign")
    team = TeamMember.objects.bulk_create(
        TeamMember(campaign=campaign, name=f"Member {i}", email=f"m{i}@example.org") for i in range(8)
    )
    today = timezone.localdate()
    PlanRow.objects.bulk_create(
        PlanRow(
            campaign=campaign,
            phase=1 + i % 5,
            objective=f"Objective {i}",
            task="Visit every site on every shift and talk to members about the campaign",
            responsible=team[i % len(team)],
            deadline=today + datetime.timedelta(days=i - rows // 2),
            status=PlanRow.Status.values[i % 4],
            position=i,
        )
        for i in range(rows)
    )
    return campaign


def run(*, rows: int = 500, repeat: int = 10) -> dict:
    region, branch = _scratch_branch("plan")
    officer = User.objects.create_user(email=f"bench-{uuid.uuid4().hex[:8]}@example.org")
    try:
        BranchOfficer.objects.create(user=officer, branch=branch)
        campaign = campaign_with_rows(branch, rows)
        client = Client(HTTP_HOST=_host())
        client.force_login(officer)
        url = campaign.get_absolute_url()
        assert client.get(url).status_code == 200  # warm-up, and a wrong page fails the run
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        return {"name": f"campaign plan page, {rows} rows", "median_ms": statistics.median(samples), "runs": repeat}
    finally:
        _drop(region, branch, officer)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def run_reminders(*, count: int = 10_000, campaigns: int = 20) -> dict:
    region, branch = _scratch_branch("reminders")
    try:
        today = timezone.localdate()
        # Other data in the database (make bench loads the demo) may have reminders due today: send those
        # first, so the timed run and its exactly-once check cover the benchmark's rows alone.
        services.plan_reminders_send(today=today)
        row_ids = []
        per_campaign = count // campaigns
        for c in range(campaigns):
            campaign = Campaign.objects.create(branch=branch, name=f"Bench reminders {c}")
            team = TeamMember.objects.bulk_create(
                TeamMember(campaign=campaign, name=f"Member {i}", email=f"c{c}m{i}@example.org") for i in range(10)
            )
            rows = PlanRow.objects.bulk_create(
                PlanRow(
                    campaign=campaign,
                    objective=f"Objective {i}",
                    responsible=team[i % 10],
                    deadline=today + datetime.timedelta(days=(i % 12) - 4),  # overdue, due today and coming up
                    position=i,
                )
                for i in range(per_campaign)
            )
            row_ids += [r.pk for r in rows]
        mail.outbox = []
        sent, errors = [], []
        barrier = threading.Barrier(2)

        def job():
            try:
                barrier.wait()
                sent.append(services.plan_reminders_send(today=today))
            except Exception as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=job) for _ in range(2)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - start
        if errors:
            raise errors[0]
        claims = SentReminder.objects.filter(plan_row_id__in=row_ids)
        # One email per person per run, listing all their due rows; every row claimed and sent exactly once.
        people = PlanRow.objects.filter(pk__in=row_ids).values("responsible").distinct().count()
        assert sum(sent) == people, (sent, people)
        assert len(mail.outbox) == people, len(mail.outbox)
        assert claims.count() == claims.filter(sent_at__isnull=False).count() == len(row_ids)
        assert services.plan_reminders_send(today=today) == 0
        return {
            "name": f"{len(row_ids)} due reminders, two jobs at once",
            "seconds": seconds,
            "goal_seconds": REMINDER_GOAL_SECONDS,
            "met": seconds < REMINDER_GOAL_SECONDS,
        }
    finally:
        mail.outbox = []
        _drop(region, branch)
