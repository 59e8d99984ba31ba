"""Campaigns app models, one module per concern. Import from `campaigns.models`."""

from .campaign import Campaign, CampaignQuerySet, density  # noqa: F401
from .organising import *  # noqa: F403
from .plans import (  # noqa: F401
    CampaignPartQuerySet,
    MembershipSnapshot,
    PlanRow,
    PlanStepTemplate,
    SentDigest,
    SentReminder,
    TeamMember,
)
