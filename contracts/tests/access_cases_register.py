"""Access matrix entries for the register's URLs that take an object."""

from contracts.tests.factories import ContractFactory, PublicAuthorityFactory
from insourcing.tests.access import AccessCase


def _contract(branch, officer):
    return ContractFactory(branch=branch)


def _authority(branch, officer):
    return PublicAuthorityFactory(branch=branch, name="Scoped Council")


def _pk(obj):
    return {"pk": obj.pk}


def _slug(branch):
    return {"slug": branch.slug}


def _solar_contract(branch, officer):
    return ContractFactory(branch=branch, service="Solar panels for the depot", cpv_code="09331200")


def _risk_state(contract):
    """The flags and decisions a refused decision must not have touched."""
    return (
        sorted(contract.risk_flags.values_list("flag", flat=True)),
        sorted(contract.risk_decisions.values_list("flag", "decision")),
    )


CONTRACT_POST = {"service": "Changed", "figures_source": "estimate"}

CASES = [
    # The contract is named in the POST body (the button's value), not the URL.
    AccessCase(
        "contracts:risk_suggestion_decide",
        make=_solar_contract,
        kwargs=lambda contract: {},
        method="post",
        data=lambda contract: {"confirm": f"{contract.pk}:solar-xinjiang"},
        organiser="denied",
        state=_risk_state,
    ),
    AccessCase("contracts:contract_detail", make=_contract, kwargs=_pk),
    AccessCase("contracts:contract_history", make=_contract, kwargs=_pk),
    AccessCase("contracts:contract_edit", make=_contract, kwargs=_pk, organiser="denied"),
    AccessCase(
        "contracts:contract_edit", make=_contract, kwargs=_pk, method="post", data=CONTRACT_POST, organiser="denied"
    ),
    AccessCase("contracts:contract_priority_edit", make=_contract, kwargs=_pk, organiser="denied"),
    AccessCase(
        "contracts:contract_priority_edit",
        make=_contract,
        kwargs=_pk,
        method="post",
        data={"growth": "3"},
        organiser="denied",
    ),
    AccessCase("contracts:priority_weights_edit", make=lambda b, u: b, kwargs=_slug, organiser="denied"),
    AccessCase(
        "contracts:priority_weights_edit",
        make=lambda b, u: b,
        kwargs=_slug,
        method="post",
        data={"density": "2"},
        organiser="denied",
    ),
    AccessCase("contracts:authority_detail", make=_authority, kwargs=_pk),
    AccessCase("contracts:authority_edit", make=_authority, kwargs=_pk, organiser="denied"),
    AccessCase(
        "contracts:authority_edit",
        make=_authority,
        kwargs=_pk,
        method="post",
        data={"name": "Renamed"},
        organiser="denied",
    ),
]

# Providers (and their published accounts) are public reference data shared by every branch: any officer or
# organiser reads them and any officer edits them, so there is no "other branch" to refuse. Their rules
# (login, no-role users refused, organisers read-only) are tested in test_register_parties.py.
PUBLIC = {"contracts:provider_detail", "contracts:provider_edit"}
