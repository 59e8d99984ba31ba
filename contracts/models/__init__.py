"""Contracts app models, one module per concern. Import from `contracts.models`."""

from .comparisons import *  # noqa: F403
from .financials import *  # noqa: F403
from .foi import *  # noqa: F403
from .imports import *  # noqa: F403
from .prioritisation import *  # noqa: F403
from .register import (  # noqa: F401
    Contract,
    ContractEvent,
    ContractExtension,
    ContractPartQuerySet,
    ContractRiskFlag,
    FigureSource,
    LeadIn,
    Nation,
    Provider,
    PublicAuthority,
    Workplace,
    YesNoUnknown,
    add_months,
    months_between,
    normalise_company_number,
)
