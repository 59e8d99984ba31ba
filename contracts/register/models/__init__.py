"""The register's models, one module per concern. Other packages import them from `contracts.register.models`."""

from . import financials, prioritisation, risks
from .contracts import (
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
from .financials import *  # noqa: F403
from .prioritisation import *  # noqa: F403
from .risks import *  # noqa: F403

__all__ = [
    "Contract",
    "ContractEvent",
    "ContractExtension",
    "ContractPartQuerySet",
    "ContractRiskFlag",
    "FigureSource",
    "LeadIn",
    "Nation",
    "Provider",
    "PublicAuthority",
    "Workplace",
    "YesNoUnknown",
    "add_months",
    "months_between",
    "normalise_company_number",
    *financials.__all__,
    *prioritisation.__all__,
    *risks.__all__,
]
