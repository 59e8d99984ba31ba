"""A forged TOTAL_FORMS cannot make the server build thousands of forms (a cheap denial of service)."""

from django.urls import reverse

from contracts.models import Workplace
from contracts.tests.factories import ContractFactory


def test_a_forged_form_count_is_capped_and_saves_nothing(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    url = reverse("contracts:contract_edit", kwargs={"pk": contract.pk})
    prefixes = [formset.prefix for _, _, formset in alice_client.get(url).context["formsets"]]
    assert prefixes, "the contract form has inline formsets"
    data = {}
    for prefix in prefixes:
        data.update({f"{prefix}-TOTAL_FORMS": "100000", f"{prefix}-INITIAL_FORMS": "0"})
    response = alice_client.post(url, data)
    assert response.status_code == 200  # refused with errors rather than building 100,000 forms
    assert all(len(formset.forms) <= 200 for _, _, formset in response.context["formsets"])
    assert not Workplace.objects.filter(contract=contract).exists()
