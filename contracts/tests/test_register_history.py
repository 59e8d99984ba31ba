"""Every change to a contract and its parts is kept with who made it and when, shown field by field."""

from django.test import Client
from django.urls import reverse

from contracts.register.forms import provider_label
from contracts.tests.factories import ContractFactory, ProviderFactory
from contracts.tests.register_helpers import contract_form_data


def _edit(client, contract, **fields):
    data = contract_form_data(contract, authority=contract.authority, **fields)
    response = client.post(reverse("contracts:contract_edit", kwargs={"pk": contract.pk}), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_edits_are_recorded_with_the_user(alice_client, alice, branch_a):
    contract = ContractFactory(branch=branch_a, staff_count=100)
    _edit(alice_client, contract, staff_count="140", figures_source="survey")
    latest = contract.history.first()
    assert latest.history_user == alice
    assert latest.staff_count == 140
    assert latest.prev_record.staff_count == 100


def test_inline_parts_are_recorded_too(alice_client, alice, branch_a):
    contract = ContractFactory(branch=branch_a)
    _edit(alice_client, contract, inlines={"workplaces": [{"name": "Civic Centre", "shift_times": "06:00-09:00"}]})
    record = contract.workplaces.get().history.get()
    assert (record.history_type, record.history_user) == ("+", alice)


def test_history_page_shows_who_changed_what_from_and_to(alice_client, alice, olive, branch_a):
    old, new = ProviderFactory(name="Old Co Ltd"), ProviderFactory(name="New Co Ltd")
    contract = ContractFactory(branch=branch_a, provider=old, staff_count=100, service="Cleaning")
    _edit(
        alice_client,
        contract,
        provider=provider_label(new),
        staff_count="140",
        end_date="2028-02-29",
        figures_source="foi",
        inlines={"extensions": [{"order": "1", "months": "12", "status": "available"}]},
    )
    organiser = Client()
    organiser.force_login(olive)
    response = organiser.get(reverse("contracts:contract_history", kwargs={"pk": contract.pk}))
    assert response.status_code == 200
    entries = response.context["entries"]
    contract_change = next(e for e in entries if e.subject == "Contract" and e.action == "changed")
    assert contract_change.user == alice
    changes = {c.label: (c.old, c.new) for c in contract_change.changes}
    assert changes["Provider"] == ("Old Co Ltd", "New Co Ltd")
    assert changes["Staff employed"] == ("100", "140")
    assert changes["Contract end date"] == ("31 March 2027", "29 February 2028")
    assert any(e.subject == "Extension: +12 months" and e.action == "added" for e in entries)
    assert "Alice Officer" in response.content.decode()


def test_history_page_query_count_does_not_grow_with_changes(alice_client, branch_a, count_queries):
    contract = ContractFactory(branch=branch_a)
    url = reverse("contracts:contract_history", kwargs={"pk": contract.pk})
    _edit(alice_client, contract, service="One")
    few = count_queries(lambda: alice_client.get(url))
    for n in range(10):
        contract.refresh_from_db()
        _edit(
            alice_client,
            contract,
            service=f"Service {n}",
            provider=provider_label(ProviderFactory()),
            figures_source="foi",
        )
    assert count_queries(lambda: alice_client.get(url)) == few


def test_history_is_get_only_and_scoped(client, bob, alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    url = reverse("contracts:contract_history", kwargs={"pk": contract.pk})
    assert alice_client.post(url).status_code == 405
    client.force_login(bob)
    assert client.get(url).status_code == 404
