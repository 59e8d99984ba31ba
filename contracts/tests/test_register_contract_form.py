"""Creating and editing a contract with its inline parts, and recording where its figures came from."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from contracts.models import Contract, ContractExtension, FigureSource, Workplace
from contracts.tests.factories import ContractFactory, ProviderFactory, PublicAuthorityFactory
from contracts.tests.register_helpers import contract_form_data

CREATE = reverse("contracts:contract_create")


@pytest.fixture
def authority(branch_a):
    return PublicAuthorityFactory(branch=branch_a)


def _edit_url(contract):
    return reverse("contracts:contract_edit", kwargs={"pk": contract.pk})


def test_officer_adds_a_contract_with_workplaces_extensions_and_figure_sources(alice_client, alice, authority):
    provider = ProviderFactory(name="Spotless Ltd")
    data = contract_form_data(
        authority=authority,
        provider="spotless ltd",
        service="School cleaning",
        value="250000.00",
        value_basis="annual",
        end_date="2027-03-31",
        termination_notice_months="6",
        staff_count="80",
        union_members="20",
        figures_source="foi",
        figures_as_of="2025-01-15",
        figures_detail="FoI 2025/17",
        inlines={
            "workplaces": [{"name": "Town Hall", "shift_patterns": "early", "shift_times": "06:00-09:00"}],
            "extensions": [{"order": "1", "months": "24", "decision_date": "2026-09-30", "status": "available"}],
            "events": [{"date": "2019-04-01", "kind": "outsourced", "provider": str(provider.pk)}],
            "risk_flags": [{"flag": "low-pay", "notes": "£10.50 an hour"}],
        },
    )
    response = alice_client.post(CREATE, data)
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == contract.get_absolute_url()
    assert (contract.branch, contract.provider, contract.value) == (authority.branch, provider, Decimal("250000"))
    assert contract.workplaces.get().shift_times == "06:00-09:00"
    assert contract.extensions.get().months == 24
    assert contract.events.get().provider == provider
    assert contract.risk_flags.get().flag == "low-pay"
    sources = {s.field: s for s in contract.figure_sources.all()}
    assert set(sources) == {"provider", "value", "end_date", "staff_count", "union_members"}
    assert sources["value"].kind == "foi"
    assert sources["value"].as_of == datetime.date(2025, 1, 15)
    assert sources["value"].recorded_by == alice
    assert contract.latest_possible_end() == datetime.date(2029, 3, 31)


def test_editing_a_figure_records_its_new_source_and_leaves_others(alice_client, alice, branch_a):
    contract = ContractFactory(branch=branch_a, staff_count=100)
    FigureSource.objects.create(contract=contract, field="value", kind="register", detail="Contract register")
    FigureSource.objects.create(contract=contract, field="staff_count", kind="estimate")
    data = contract_form_data(
        contract, authority=contract.authority, staff_count="140", figures_source="survey", figures_as_of="2025-05-01"
    )
    response = alice_client.post(_edit_url(contract), data)
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.staff_count == 140
    sources = {s.field: s.kind for s in contract.figure_sources.all()}
    assert sources == {"value": "register", "staff_count": "survey"}


def test_changing_a_figure_without_saying_where_it_came_from_is_refused(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, staff_count=100)
    data = contract_form_data(contract, authority=contract.authority, staff_count="140")
    response = alice_client.post(_edit_url(contract), data)
    assert response.status_code == 200
    assert "Say where the figures you changed came from" in response.content.decode()
    contract.refresh_from_db()
    assert contract.staff_count == 100


def test_bad_inline_row_is_reported_and_nothing_is_saved(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, service="Catering")
    data = contract_form_data(
        contract,
        authority=contract.authority,
        service="Renamed catering",
        inlines={
            "workplaces": [{"name": "Depot"}],
            "extensions": [{"order": "1", "months": "0", "status": "available"}],
        },
    )
    response = alice_client.post(_edit_url(contract), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter 1 or more." in body
    contract.refresh_from_db()
    assert contract.service == "Catering"
    assert not Workplace.objects.exists()
    assert not ContractExtension.objects.exists()


def test_impossible_figures_are_reported_with_the_field(alice_client, authority):
    data = contract_form_data(
        authority=authority,
        start_date="2025-04-01",
        end_date="2024-03-31",
        staff_count="10",
        union_members="20",
        figures_source="estimate",
    )
    response = alice_client.post(CREATE, data)
    body = response.content.decode()
    assert "The end date cannot be before the start date." in body
    assert "There cannot be more UNISON members than staff (10)." in body
    assert 'href="#id_end_date"' in body
    assert not Contract.objects.exists()


def test_duplicate_risk_flags_are_refused(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    data = contract_form_data(
        contract,
        authority=contract.authority,
        inlines={"risk_flags": [{"flag": "tax"}, {"flag": "tax"}]},
    )
    response = alice_client.post(_edit_url(contract), data)
    assert response.status_code == 200
    assert not contract.risk_flags.exists()


def test_removing_a_workplace_through_the_form(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    Workplace.objects.create(contract=contract, name="Old depot")
    data = contract_form_data(contract, authority=contract.authority)
    data["workplaces-0-DELETE"] = "on"
    assert alice_client.post(_edit_url(contract), data).status_code == 302
    assert not contract.workplaces.exists()


def test_officer_cannot_file_a_contract_under_another_branch_authority(alice_client, branch_a, branch_b):
    foreign = PublicAuthorityFactory(branch=branch_b, name="Other Council")
    PublicAuthorityFactory(branch=branch_a)
    response = alice_client.post(CREATE, contract_form_data(authority=foreign))
    assert response.status_code == 200
    assert "Choose one of the options offered." in response.content.decode()
    assert not Contract.objects.exists()


def test_organiser_cannot_edit_or_add(olive_client, branch_a):
    contract = ContractFactory(branch=branch_a, service="Catering")
    assert olive_client.get(_edit_url(contract)).status_code == 403
    response = olive_client.post(_edit_url(contract), contract_form_data(contract, authority=contract.authority))
    assert response.status_code == 403
    assert olive_client.get(CREATE).status_code == 403
    contract.refresh_from_db()
    assert contract.service == "Catering"


def test_officer_of_another_branch_gets_404_on_edit(client, bob, branch_a):
    contract = ContractFactory(branch=branch_a)
    client.force_login(bob)
    assert client.get(_edit_url(contract)).status_code == 404


def test_edit_refuses_other_methods(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    assert alice_client.delete(_edit_url(contract)).status_code == 405
    assert alice_client.put(CREATE).status_code == 405
    assert Contract.objects.filter(pk=contract.pk).exists()


def test_create_without_any_authority_sends_the_officer_to_add_one(alice_client):
    response = alice_client.get(CREATE)
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:authority_create")


def test_form_page_query_count_does_not_grow_with_inline_rows(alice_client, branch_a, count_queries):
    contract = ContractFactory(branch=branch_a)
    url = _edit_url(contract)
    ProviderFactory.create_batch(5)
    for _ in range(2):
        contract.events.create(kind="varied", provider=ProviderFactory())
    few = count_queries(lambda: alice_client.get(url))
    for n in range(10):
        contract.events.create(kind="varied", provider=ProviderFactory())
        Workplace.objects.create(contract=contract, name=f"Site {n}")
    assert count_queries(lambda: alice_client.get(url)) == few


def test_extension_terms_that_the_dates_confirm_become_extension_periods(alice_client, authority):
    data = contract_form_data(
        authority=authority,
        end_date="2027-03-31",
        latest_end_date="2029-03-31",
        extension_terms="2 x 12 months",
        figures_source="foi",
    )
    with time_machine.travel(datetime.datetime(2026, 12, 7, 12, 0), tick=False):
        assert alice_client.post(CREATE, data).status_code == 302
        contract = Contract.objects.get()
        body = alice_client.get(contract.get_absolute_url()).content.decode()
    assert list(contract.extensions.values_list("order", "months", "decision_date", "status")) == [
        (1, 12, datetime.date(2027, 3, 31), "available"),
        (2, 12, datetime.date(2028, 3, 31), "available"),
    ]
    assert "31 March 2027 – decide on +12 months. A chance to challenge the extension." in body
    assert "none ahead" not in body


def test_extension_periods_typed_by_the_officer_are_kept_rather_than_read_from_the_terms(alice_client, authority):
    data = contract_form_data(
        authority=authority,
        end_date="2027-03-31",
        latest_end_date="2029-03-31",
        extension_terms="2 x 12 months",
        figures_source="foi",
        inlines={"extensions": [{"order": "1", "months": "24", "decision_date": "2026-12-31", "status": "available"}]},
    )
    assert alice_client.post(CREATE, data).status_code == 302
    assert list(Contract.objects.get().extensions.values_list("months", flat=True)) == [24]
