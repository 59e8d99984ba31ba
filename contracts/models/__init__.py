"""Contracts app models, one module per concern. Import from `contracts.models`."""

from .comparisons import *  # noqa: F403
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
    Nation,
    Provider,
    PublicAuthority,
    Workplace,
    YesNoUnknown,
    normalise_company_number,
)
