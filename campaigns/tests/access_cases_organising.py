"""Access matrix entries for the organising tools; the objects they need come from the factories."""

from campaigns.tests.factories import (
    make_action,
    make_activity,
    make_ally,
    make_ally_action,
    make_campaign,
    make_contact,
    make_meeting,
    make_person,
)
from insourcing.tests.access import AccessCase


def _pk(obj):
    return {"pk": obj.pk}


def _edit_cases(url_name, make, data=None):
    """GET shows the form (organisers refused), POST changes it (organisers refused)."""
    return [
        AccessCase(url_name, make=make, kwargs=_pk, organiser="denied"),
        AccessCase(url_name, make=make, kwargs=_pk, method="post", data=data or {}, organiser="denied"),
    ]


def _post_case(url_name, make):
    return AccessCase(url_name, make=make, kwargs=_pk, method="post", organiser="denied")


CASES = [
    AccessCase(f"campaigns:{name}", make=make_campaign, kwargs=_pk)
    for name in ("workforce_grid", "activity_plans", "key_arguments", "allies", "power_map", "business_case")
]
CASES += [
    case
    for name in (
        "workforce_action_add",
        "activity_add",
        "key_arguments_edit",
        "ally_add",
        "person_add",
        "meeting_add",
        "business_case_edit",
    )
    for case in _edit_cases(f"campaigns:{name}", make_campaign)
]
CASES += _edit_cases("campaigns:workforce_action_edit", make_action)
CASES += _edit_cases("campaigns:activity_edit", make_activity)
CASES += _edit_cases("campaigns:activity_action_add", make_activity)
CASES += _edit_cases("campaigns:ally_edit", make_ally)
CASES += _edit_cases("campaigns:ally_action_add", make_ally)
CASES += _edit_cases("campaigns:ally_action_edit", make_ally_action)
CASES += _edit_cases("campaigns:person_edit", make_person)
CASES += _edit_cases("campaigns:contact_add", make_person)
CASES += _edit_cases("campaigns:meeting_edit", make_meeting)
CASES += [
    _post_case("campaigns:workforce_action_delete", make_action),
    _post_case("campaigns:workforce_action_plan_row", make_action),
    _post_case("campaigns:ally_action_plan_row", make_ally_action),
    _post_case("campaigns:activity_delete", make_activity),
    _post_case("campaigns:ally_delete", make_ally),
    _post_case("campaigns:ally_action_delete", make_ally_action),
    _post_case("campaigns:person_delete", make_person),
    _post_case("campaigns:contact_delete", make_contact),
    _post_case("campaigns:meeting_delete", make_meeting),
    AccessCase("campaigns:organising_wording", make=lambda b, u: b, kwargs=lambda b: {"slug": b.slug}),
    AccessCase(
        "campaigns:organising_wording",
        make=lambda b, u: b,
        kwargs=lambda b: {"slug": b.slug},
        method="post",
        organiser="denied",
    ),
]
CASES.append(AccessCase("campaigns:meeting_detail", make=make_meeting, kwargs=_pk))  # the vote reads for organisers
