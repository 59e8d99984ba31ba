"""Mark a branch's dashboard figures stale when a model the dashboards read is saved or deleted.

Connected from `OverviewConfig.ready()`. Writes that bypass signals call `insourcing.freshness.mark_changed`
themselves. Response and Answer have no delete receiver on purpose: a receiver makes Django load every row of
a bulk delete (the raw-answer deletion of a closed survey, which no dashboard shows) to send its signal.
"""

import functools

from django.db.models.signals import m2m_changed, post_delete, post_save

from campaigns.models import Campaign, DecisionMeeting, MembershipSnapshot, PlanRow, TeamMember
from contracts.models import Contract, ContractExtension, FoIRequest, ImportJob, PublicAuthority
from insourcing.freshness import mark_changed
from insourcing.models import Branch, Region
from surveys.models import Response, Survey


@functools.lru_cache(maxsize=1024)
def _campaign_branch_id(campaign_id: int) -> int | None:
    # Remembered: a campaign never moves branch, and deleting one sends a signal for each of its plan rows.
    return Campaign.objects.filter(pk=campaign_id).values_list("branch", flat=True).first()


def _campaign_branch(instance) -> int | None:
    if type(instance).campaign.is_cached(instance):
        return instance.campaign.branch_id
    return _campaign_branch_id(instance.campaign_id)


def _contract_branch(instance) -> int | None:
    """Of a survey or a contract's extension: through its contract, loaded or looked up."""
    if type(instance).contract.is_cached(instance):
        return instance.contract.branch_id
    return Contract.objects.filter(pk=instance.contract_id).values_list("branch", flat=True).first()


BRANCH_OF = {
    Branch: lambda b: b.pk,
    Contract: lambda c: c.branch_id,
    PublicAuthority: lambda a: a.branch_id,
    Campaign: lambda c: c.branch_id,
    FoIRequest: lambda f: f.branch_id,
    ImportJob: lambda j: j.branch_id,
    PlanRow: _campaign_branch,
    MembershipSnapshot: _campaign_branch,
    TeamMember: _campaign_branch,
    DecisionMeeting: _campaign_branch,
    ContractExtension: _contract_branch,  # its decision date is a contract's next decision
    Survey: _contract_branch,
}


def _changed(sender, instance, **kwargs):
    mark_changed([BRANCH_OF[sender](instance)])


def _response_saved(sender, instance, **kwargs):
    if Response.survey.is_cached(instance):
        mark_changed([_contract_branch(instance.survey)])
    else:
        mark_changed(Survey.objects.filter(pk=instance.survey_id).values_list("contract__branch", flat=True))


def _region_changed(sender, instance, **kwargs):
    mark_changed(Branch.objects.filter(region=instance).values_list("pk", flat=True))


def _targets_changed(sender, instance, action, pk_set, **kwargs):
    if action.startswith("post_"):
        # Either side may be the instance (campaign.target_contracts or contract.campaigns); both have a branch.
        mark_changed([instance.branch_id])


def connect() -> None:
    for model in BRANCH_OF:
        post_save.connect(_changed, sender=model, dispatch_uid=f"dashboards-{model.__name__}-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"dashboards-{model.__name__}-deleted")
    post_save.connect(_response_saved, sender=Response, dispatch_uid="dashboards-Response-saved")
    post_save.connect(_region_changed, sender=Region, dispatch_uid="dashboards-Region-saved")
    m2m_changed.connect(
        _targets_changed, sender=Campaign.target_contracts.through, dispatch_uid="dashboards-targets-changed"
    )
