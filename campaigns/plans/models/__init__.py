"""The campaign itself and the parts of its plan. Import from `campaigns.plans.models`."""

from .campaign import Campaign, CampaignQuerySet, density
from .parts import (
    CampaignPartQuerySet,
    MembershipSnapshot,
    PlanRow,
    PlanStepTemplate,
    SentDigest,
    SentReminder,
    TeamMember,
)

__all__ = [
    "Campaign",
    "CampaignQuerySet",
    "density",
    "CampaignPartQuerySet",
    "MembershipSnapshot",
    "PlanRow",
    "PlanStepTemplate",
    "SentDigest",
    "SentReminder",
    "TeamMember",
]
