from contracts.tests.factories import ContractFactory, PayPointFactory, make_comparison
from insourcing.tests.access import AccessCase


def _comparison(branch, officer):
    return make_comparison(branch)


def _contract(branch, officer):
    return ContractFactory(branch=branch)


def _pay_point(branch, officer):
    return PayPointFactory(branch=branch)


def pk(obj):
    return {"pk": obj.pk}


CASES = [
    AccessCase("contracts:comparison_detail", make=_comparison, kwargs=pk),
    AccessCase("contracts:comparison_leaflet", make=_comparison, kwargs=pk),
    AccessCase("contracts:comparison_edit", make=_comparison, kwargs=pk, organiser="denied"),
    AccessCase(
        "contracts:comparison_edit",
        make=_comparison,
        kwargs=pk,
        method="post",
        data={"title": "Renamed"},
        organiser="denied",
    ),
    AccessCase("contracts:comparison_delete", make=_comparison, kwargs=pk, method="post", organiser="denied"),
    AccessCase("contracts:comparison_report", make=_comparison, kwargs=pk, method="post", organiser="denied"),
    AccessCase("contracts:comparison_leaflet_pdf", make=_comparison, kwargs=pk, method="post", organiser="denied"),
    AccessCase(
        "contracts:comparison_create",
        make=_contract,
        kwargs=lambda c: {"contract_pk": c.pk},
        organiser="denied",
    ),
    AccessCase(
        "contracts:comparison_create",
        make=_contract,
        kwargs=lambda c: {"contract_pk": c.pk},
        method="post",
        data={"title": "Porters", "as_at": "2025-06-01", "living_wage_area": "uk"},
        organiser="denied",
    ),
    AccessCase("contracts:pay_point_edit", make=_pay_point, kwargs=pk, organiser="denied"),
    AccessCase("contracts:pay_point_delete", make=_pay_point, kwargs=pk, method="post", organiser="denied"),
    AccessCase(
        "contracts:comparison_wording", make=lambda b, u: b, kwargs=lambda b: {"slug": b.slug}, organiser="denied"
    ),
    AccessCase(
        "contracts:comparison_wording",
        make=lambda b, u: b,
        kwargs=lambda b: {"slug": b.slug},
        method="post",
        data={"pay_rates": "Basic pay"},
        organiser="denied",
    ),
]
