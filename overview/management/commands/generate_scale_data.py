"""A region at scale for benchmarks and manual testing (DEBUG only; runs once, then says it already ran).

Region "Scale" with 30 branches, 3,000 contracts, 300 campaigns (with targets, baselines and membership
snapshots), 30,000 plan rows, FoI requests and one open survey per branch holding 100,000 answers, written with
bulk_create. Log in as scale-organiser@example.org (the region) or scale-officer@example.org (its first branch)
with the demo password.
"""

import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Campaign, MembershipSnapshot, PlanRow, TeamMember
from contracts.models import Contract, FoIRequest, PublicAuthority, add_months
from insourcing import freshness
from insourcing.demo import DEMO_PASSWORD
from insourcing.models import Branch, BranchOfficer, Region, RegionalOrganiser, User
from surveys import counts
from surveys.models import Answer, Question, Response, Survey
from surveys.services import survey_create

REGION_SLUG = "scale"
ORGANISER = "scale-organiser@example.org"
OFFICER = "scale-officer@example.org"
SERVICES = ["Cleaning", "School catering", "Leisure centres", "Waste collection", "Grounds maintenance", "Security"]
BATCH = 5000


class Command(BaseCommand):
    help = "Build a region-scale data set for benchmarks (DEBUG only, once)."

    def add_arguments(self, parser):
        parser.add_argument("--branches", type=int, default=30)
        parser.add_argument("--contracts", type=int, default=100, help="per branch")
        parser.add_argument("--campaigns", type=int, default=10, help="per branch")
        parser.add_argument("--rows", type=int, default=100, help="plan rows per campaign")
        parser.add_argument("--answers", type=int, default=100_000, help="survey answers in all")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "generate_scale_data only runs with DEBUG on: it creates accounts with a known password."
            )
        if Region.objects.filter(slug=REGION_SLUG).exists():
            self.stdout.write("Scale data already generated (region “Scale” exists); nothing to do.")
            return
        started = time.monotonic()
        with transaction.atomic():
            counts = Builder(random.Random(options["seed"]), timezone.localdate()).build(options)
            # Written with bulk_create and update(), which send no signals.
            freshness.mark_changed(Branch.objects.filter(region__slug=REGION_SLUG).values_list("pk", flat=True))
        if connection.vendor == "postgresql":
            # Fresh planner statistics, or the first benchmark runs measure plans made for empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        figures = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Scale data ready in {time.monotonic() - started:.1f} s: {figures}."))
        self.stdout.write(f"Log in as {ORGANISER} (region) or {OFFICER} (first branch), password {DEMO_PASSWORD}.")


def _user(email: str, name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


class Builder:
    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today

    def build(self, options) -> dict[str, int]:
        region = Region.objects.create(name="Scale", slug=REGION_SLUG)
        branches = Branch.objects.bulk_create(
            Branch(region=region, name=f"Scale Branch {n:02d}", slug=f"scale-{n:02d}")
            for n in range(1, options["branches"] + 1)
        )
        organiser, officer = _user(ORGANISER, "Scale Organiser"), _user(OFFICER, "Scale Officer")
        RegionalOrganiser.objects.create(user=organiser, region=region)
        BranchOfficer.objects.create(user=officer, branch=branches[0])

        authorities = PublicAuthority.objects.bulk_create(
            PublicAuthority(branch=b, name=f"{b.name} Council", foi_email="foi@council.example.gov.uk")
            for b in branches
        )
        contracts = Contract.objects.bulk_create(
            [
                self._contract(b, a, i)
                for b, a in zip(branches, authorities, strict=True)
                for i in range(options["contracts"])
            ],
            batch_size=BATCH,
        )
        by_branch = {b.pk: [c for c in contracts if c.branch_id == b.pk] for b in branches}
        campaigns = Campaign.objects.bulk_create(
            [self._campaign(b, i) for b in branches for i in range(options["campaigns"])], batch_size=BATCH
        )
        self._targets(campaigns, by_branch)
        members = TeamMember.objects.bulk_create(
            TeamMember(campaign=c, name="Workforce leader", user=officer if c.branch_id == branches[0].pk else None)
            for c in campaigns
        )
        snapshots = MembershipSnapshot.objects.bulk_create(
            [s for c in campaigns for s in self._snapshots(c)], batch_size=BATCH
        )
        rows = PlanRow.objects.bulk_create(
            (self._row(c, m, i) for c, m in zip(campaigns, members, strict=True) for i in range(options["rows"])),
            batch_size=BATCH,
        )
        fois = FoIRequest.objects.bulk_create(
            self._foi(b, a, i) for b, a in zip(branches, authorities, strict=True) for i in range(5)
        )
        answers = self._surveys(branches, by_branch, officer, options["answers"])
        return {
            "branches": len(branches),
            "contracts": len(contracts),
            "campaigns": len(campaigns),
            "membership snapshots": len(snapshots),
            "plan rows": len(rows),
            "FoI requests": len(fois),
            "survey answers": answers,
        }

    def _contract(self, branch, authority, i) -> Contract:
        staff = self.rng.randint(20, 300)
        return Contract(
            branch=branch,
            authority=authority,
            reference=f"SCALE-{branch.pk}-{i:04d}",
            service=f"{SERVICES[i % len(SERVICES)]} {i + 1}",
            value=self.rng.randint(50, 5000) * 1000,
            value_basis=Contract.ValueBasis.ANNUAL,
            start_date=add_months(self.today, -self.rng.randint(12, 96)),
            # From six months ago to five years ahead: some ended, many in the two-year lead-in, some later.
            end_date=add_months(self.today, self.rng.randint(-6, 60)),
            staff_count=staff,
            union_members=self.rng.randint(0, staff),
            activists=self.rng.randint(0, 10),
        )

    def _campaign(self, branch, i) -> Campaign:
        return Campaign(
            branch=branch,
            name=f"Campaign {i + 1} of {branch.name}",
            phase=i % 5 + 1,
            status=Campaign.Status.ACTIVE if i % 4 else Campaign.Status.PLANNING,
            started_on=add_months(self.today, -12),
            target_density=self.rng.choice([50, 60, 70]),
            target_activists=self.rng.randint(5, 20),
            baseline_on=add_months(self.today, -12),
            baseline_staff=200,
            baseline_members=self.rng.randint(40, 100),
            baseline_activists=self.rng.randint(0, 5),
        )

    def _targets(self, campaigns, by_branch) -> None:
        """Each campaign targets two of its branch's contracts, so most contracts are left unguarded."""
        through = Campaign.target_contracts.through
        links = []
        for n, campaign in enumerate(campaigns):
            pool = by_branch[campaign.branch_id]
            links += [through(campaign_id=campaign.pk, contract_id=pool[(2 * n + k) % len(pool)].pk) for k in (0, 1)]
        through.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)

    def _snapshots(self, campaign) -> list[MembershipSnapshot]:
        members = campaign.baseline_members
        found = []
        for k in range(6):
            members = min(200, members + self.rng.randint(0, 12))
            found.append(
                MembershipSnapshot(
                    campaign=campaign,
                    taken_on=add_months(self.today, -10 + 2 * k),
                    staff=200,
                    members=members,
                    activists=self.rng.randint(1, 20),
                )
            )
        return found

    def _row(self, campaign, member, i) -> PlanRow:
        deadline = self.today + datetime.timedelta(days=self.rng.randint(-60, 120))
        status = self.rng.choice(["todo", "todo", "doing", "done"])
        return PlanRow(
            campaign=campaign,
            phase=i % 5 + 1,
            objective=f"Objective {i + 1}",
            task="Map the workforce by site and shift",
            responsible=member,
            deadline=deadline,
            status=status,
            done_on=deadline if status == "done" else None,
            position=i,
        )

    def _foi(self, branch, authority, i) -> FoIRequest:
        status = [FoIRequest.Status.SENT, FoIRequest.Status.ACKNOWLEDGED, FoIRequest.Status.ANSWERED][i % 3]
        sent = self.today - datetime.timedelta(days=10 + 9 * i)
        return FoIRequest(
            branch=branch,
            authority=authority,
            body="Please provide the following information.",
            status=status,
            sent_by=FoIRequest.SentBy.POST,
            sent_on=sent,
            received_on=sent,
            due_on=sent + datetime.timedelta(days=28),
        )

    def _surveys(self, branches, by_branch, officer, total_answers: int) -> int:
        """One open survey per branch; random choices until `total_answers` answers exist."""
        surveys = [survey_create(contract=by_branch[b.pk][0], user=officer) for b in branches]
        Survey.objects.filter(pk__in=[s.pk for s in surveys]).update(status=Survey.Status.OPEN)
        questions = {
            s.pk: [q for q in s.questions.all() if q.is_choice and q.options and not q.dropped] for s in surveys
        }
        written = 0
        for n, survey in enumerate(surveys):
            per_survey = total_answers // len(surveys) + (1 if n < total_answers % len(surveys) else 0)
            responses, answers = [], []
            while len(answers) < per_survey:
                response = Response(survey=survey, submitted_on=self.today)
                responses.append(response)
                for question in questions[survey.pk]:
                    for row in [r["id"] for r in question.rows] if question.kind == Question.Kind.MATRIX else [None]:
                        answers.append(
                            Answer(
                                survey=survey,
                                response=response,
                                question=question,
                                row=row,
                                choice=self.rng.choice(question.options)["id"],
                            )
                        )
            answers = answers[:per_survey]
            Response.objects.bulk_create(responses, batch_size=BATCH)
            Answer.objects.bulk_create(answers, batch_size=BATCH)
            counts.rebuild(survey)  # results read the running counts, which a bulk load bypasses
            written += len(answers)
        return written
