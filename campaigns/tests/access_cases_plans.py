import datetime

from campaigns.models import MembershipSnapshot
from campaigns.tests.factories import CampaignFactory, PlanRowFactory, TeamMemberFactory
from insourcing.tests.access import AccessCase


def _campaign(branch, officer):
    return CampaignFactory(branch=branch)


def _row(branch, officer):
    return PlanRowFactory(campaign=CampaignFactory(branch=branch), deadline=datetime.date(2027, 1, 1))


def _draft(branch, officer):
    return PlanRowFactory(campaign=CampaignFactory(branch=branch), is_draft=True)


def _member(branch, officer):
    return TeamMemberFactory(campaign=CampaignFactory(branch=branch))


def _snapshot(branch, officer):
    return MembershipSnapshot.objects.create(campaign=CampaignFactory(branch=branch), staff=100, members=40)


def _pk(obj):
    return {"pk": obj.pk}


def _slug(branch):
    return {"slug": branch.slug}


def _edit(url_name, make, **kwargs):
    return AccessCase(url_name, make=make, kwargs=kwargs.pop("kw", _pk), organiser="denied", **kwargs)


CASES = [
    AccessCase("campaigns:campaign_detail", make=_campaign, kwargs=_pk),
    AccessCase("campaigns:trend_chart", make=_campaign, kwargs=_pk),
    AccessCase("campaigns:campaign_xlsx", make=_campaign, kwargs=_pk),
    AccessCase("campaigns:campaign_pdf", make=_campaign, kwargs=_pk, method="post"),
    AccessCase("campaigns:team", make=_campaign, kwargs=_pk),
    AccessCase("campaigns:snapshots", make=_campaign, kwargs=_pk),
    AccessCase("campaigns:plan_row", make=_row, kwargs=_pk),
    AccessCase("campaigns:guide_steps", make=lambda b, u: b, kwargs=_slug),
    _edit("campaigns:campaign_edit", _campaign),
    _edit("campaigns:campaign_edit", _campaign, method="post", data={"name": "Renamed"}),
    _edit("campaigns:campaign_targets", _campaign),
    _edit("campaigns:campaign_targets", _campaign, method="post", data={"target_activists": "10"}),
    AccessCase("campaigns:campaign_review", make=_campaign, kwargs=_pk),  # organisers read the review
    _edit("campaigns:campaign_review", _campaign, method="post", data={"lessons_learned": "Start earlier"}),
    _edit("campaigns:campaign_seed", _campaign, method="post"),
    _edit("campaigns:drafts_accept", _campaign, method="post"),
    _edit("campaigns:drafts_drop", _campaign, method="post"),
    _edit("campaigns:plan_row_add", _campaign, method="post", data={"phase": "1", "objective": "Map the workforce"}),
    _edit("campaigns:plan_row_edit", _row),
    _edit("campaigns:plan_row_edit", _row, method="post", data={"phase": "1", "objective": "X", "status": "doing"}),
    _edit("campaigns:plan_row_move", _row, method="post", data={"direction": "up"}),
    _edit("campaigns:plan_row_accept", _draft, method="post"),
    _edit("campaigns:plan_row_delete", _row, method="post"),
    _edit("campaigns:team_add", _campaign, method="post", data={"name": "Sam Steward", "role": "workforce-leader"}),
    _edit("campaigns:team_member_edit", _member),
    _edit("campaigns:team_member_edit", _member, method="post", data={"name": "Renamed", "role": "other"}),
    _edit("campaigns:team_member_delete", _member, method="post"),
    _edit("campaigns:team_member_calendar", _member, method="post", data={"action": "create"}),
    _edit("campaigns:team_member_tasks_link", _member, method="post"),
    _edit("campaigns:campaign_calendar", _campaign, method="post", data={"action": "create"}),
    _edit("campaigns:snapshots", _campaign, method="post", data={"taken_on": "2026-01-01", "staff": "100"}),
    _edit("campaigns:snapshot_delete", _snapshot, method="post"),
    _edit("campaigns:guide_steps_reset", lambda b, u: b, kw=_slug, method="post"),
    AccessCase(
        "campaigns:guide_steps",
        make=lambda b, u: b,
        kwargs=_slug,
        method="post",
        data={"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
        organiser="denied",
    ),
]

# The decision calendar on the plan (issue 18): the timeline reads for everyone; recounting is the officer's.
CASES += [
    AccessCase("campaigns:campaign_timeline", make=_campaign, kwargs=_pk),
    _edit("campaigns:campaign_recount", _campaign),
    _edit("campaigns:campaign_recount", _campaign, method="post"),
]

# Secret-token links: calendar apps cannot log in, the reminder email's one-click unsubscribe, and the private
# task page in reminders to people without an account.
PUBLIC = {"campaigns:calendar_feed", "campaigns:reminders_unsubscribe", "campaigns:member_tasks"}
