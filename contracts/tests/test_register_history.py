"""Every change to a contract and its parts is kept with who made it and when, shown field by field."""

import datetime

from django.test import Client
from django.urls import reverse

from contracts.foi import services
from contracts.imports import run_import
from contracts.models import Contract
from contracts.register.forms import provider_label
from contracts.tests.factories import ContractFactory, ProviderFactory, make_sent_foi
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


def _entries(client, contract):
    return client.get(reverse("contracts:contract_history", kwargs={"pk": contract.pk})).context["entries"]


def test_history_uses_the_fields_labels_and_readable_values(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, cpv_code="", extension_terms_need_review=True)
    contract.cpv_code = "90911200"
    contract.extension_terms_need_review = False
    contract.save()
    response = alice_client.get(reverse("contracts:contract_history", kwargs={"pk": contract.pk}))
    change = next(e for e in response.context["entries"] if e.action == "changed")
    labels = {c.label: (c.old, c.new) for c in change.changes}
    assert labels == {"CPV code": ("blank", "90911200"), "Extension terms need review": ("Yes", "No")}
    body = response.content.decode()
    assert "Cpv code" not in body and "False" not in body and "DOCAS in place" in body


def test_history_says_a_change_came_from_the_contract_form(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, staff_count=100)
    _edit(
        alice_client,
        contract,
        staff_count="140",
        figures_source="survey",
        inlines={"workplaces": [{"name": "Civic Centre"}]},
    )
    entries = _entries(alice_client, contract)
    assert {e.subject.split(":")[0]: e.source for e in entries if e.action != "added" or e.subject != "Contract"} == {
        "Contract": "Contract form",
        "Workplace": "Contract form",
    }
    assert (
        "Source: Contract form"
        in alice_client.get(reverse("contracts:contract_history", kwargs={"pk": contract.pk})).content.decode()
    )


def test_history_names_the_imported_file_and_the_foi_reply(alice_client, alice, branch_a):
    run_import(
        data=b"Contract reference,Title,End date\nR1,Cleaning,31/03/2027\n",
        source_name="norfolk-register.csv",
        branch=branch_a,
        authority_name="Norfolk County Council",
        user=alice,
    )
    contract = Contract.objects.get(reference="R1")
    assert [e.source for e in _entries(alice_client, contract)] == ["Imported from norfolk-register.csv"]
    foi = make_sent_foi(branch_a, alice, contracts=0)
    foi.contracts.add(contract)
    services.foi_reply_record(
        foi=foi,
        user=alice,
        outcome=foi.Status.ANSWERED,
        replied_on=datetime.date(2026, 3, 25),
        answers=[services.Answer(contract, {"staff_count": 85})],
    )
    newest = _entries(alice_client, contract)[0]
    assert newest.source == f"Reply to FoI request {foi.reference}"
    assert [(c.label, c.new) for c in newest.changes] == [("Staff employed", "85")]
