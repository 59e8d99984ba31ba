"""The rules a contract's figures must keep, in one place: the contract form, the FoI reply form and the campaign
forms (which may import the register) all ask here, so a reply cannot write what the contract form refuses.

Each function takes plain values and returns {field name: message} for the fields that break a rule, so a form
puts each message on its own field and a caller without that field can still say it."""

import datetime
from collections.abc import Mapping

HEADCOUNTS = {
    "union_members": "UNISON members",
    "members": "members",
    "other_union_members": "members of other unions",
    "activists": "activists",
    "baseline_members": "members",
    "baseline_other_union_members": "members of other unions",
    "baseline_activists": "activists",
}


def date_problems(
    *, start: datetime.date | None, end: datetime.date | None, latest: datetime.date | None
) -> dict[str, str]:
    problems = {}
    if start and end and end < start:
        problems["end_date"] = "The end date cannot be before the start date."
    if end and latest and latest < end:
        problems["latest_end_date"] = (
            "The latest possible end date cannot be before the end date (it is the end date with every extension)."
        )
    return problems


def headcount_problems(staff: int | None, counts: Mapping[str, int | None]) -> dict[str, str]:
    """Members, other-union members and activists are among the staff, so none can outnumber them."""
    if staff is None:
        return {}
    return {
        name: f"There cannot be more {HEADCOUNTS.get(name, name.replace('_', ' '))} than staff ({staff:,})."
        for name, count in counts.items()
        if count is not None and count > staff
    }


def latest_members(register: int | None, campaign: int | None) -> int | None:
    """The latest known UNISON members figure: the larger of the register's and a campaign's latest reading
    (members only grow in the figures we hold until someone corrects them; either may be the newer)."""
    known = [n for n in (register, campaign) if n is not None]
    return max(known) if known else None


def contract_problems(values: Mapping) -> dict[str, str]:
    """Every rule on a contract's dates and headcounts, for the values a contract would have after the change.
    `campaign_members`, when given, is a campaign's latest reading for the contract (`Contract.
    campaign_members_reading`): members cannot exceed staff by either figure."""
    problems = date_problems(
        start=values.get("start_date"), end=values.get("end_date"), latest=values.get("latest_end_date")
    )
    counts = {name: values.get(name) for name in ("union_members", "other_union_members", "activists")}
    counts["union_members"] = latest_members(counts["union_members"], values.get("campaign_members"))
    problems |= headcount_problems(values.get("staff_count"), counts)
    return problems


CONTRACT_FIELDS = (
    "start_date",
    "end_date",
    "latest_end_date",
    "staff_count",
    "union_members",
    "other_union_members",
    "activists",
)
