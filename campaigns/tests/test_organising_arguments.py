import pytest
from django.urls import NoReverseMatch, reverse

from campaigns.models import KeyArgument
from campaigns.organising import services as services_organising
from campaigns.organising.guide import KEY_ARGUMENTS
from campaigns.tests.factories import make_campaign
from contracts.tests.factories import ContractFactory


@pytest.fixture
def campaign(branch_a):
    return make_campaign(branch_a)


def _management(total, initial):
    return {
        "arguments-TOTAL_FORMS": str(total),
        "arguments-INITIAL_FORMS": str(initial),
        "arguments-MIN_NUM_FORMS": "0",
        "arguments-MAX_NUM_FORMS": "1000",
    }


def test_the_guides_eight_arguments_are_there_before_anything_is_saved(alice_client, campaign):
    content = alice_client.get(reverse("campaigns:key_arguments", kwargs={"pk": campaign.pk})).content.decode()
    assert len(KEY_ARGUMENTS) == 8
    for phrase in [
        "treated unfairly in comparison",
        "lost the right to bargain collectively",
        "major private profits",
        "low wage model has a damaging effect on the local economy",
        "standard of service has declined",
        "surpassed the original budgeted cost",
        "lost flexibility",
        "Public Sector Equality Duty",
    ]:
        assert phrase in content
    assert content.count("From the guide, not yet worked on") == 8


def test_evidence_for_one_argument_saves_it_and_leaves_the_others_from_the_guide(alice_client, campaign):
    url = reverse("campaigns:key_arguments_edit", kwargs={"pk": campaign.pk})
    form = alice_client.get(url).context["formset"]
    assert len(form.forms) == 9  # eight from the guide and one blank for the branch's own
    data = _management(9, 0)
    for index in range(len(KEY_ARGUMENTS)):
        initial = form.forms[index].initial
        data.update(
            {
                f"arguments-{index}-guide_key": initial["guide_key"],
                f"arguments-{index}-argument": initial["argument"],
                f"arguments-{index}-source": initial["source"],
            }
        )
    data["arguments-2-evidence"] = "Operating profit £4.2m in 2024 on a £20m contract"
    data["arguments-8-argument"] = "The contractor cut cleaning hours in every school"
    data["arguments-8-evidence"] = "Staff rotas"
    response = alice_client.post(url, data)
    assert response.status_code == 302, response.context["formset"].errors
    saved = {a.guide_key: a for a in KeyArgument.objects.filter(campaign=campaign)}
    assert set(saved) == {"private-profits", ""}
    assert saved["private-profits"].evidence == "Operating profit £4.2m in 2024 on a £20m contract"
    assert saved[""].argument == "The contractor cut cleaning hours in every school"
    content = alice_client.get(reverse("campaigns:key_arguments", kwargs={"pk": campaign.pk})).content.decode()
    assert content.count("From the guide, not yet worked on") == 7
    assert "Operating profit £4.2m" in content


def test_a_saved_argument_is_edited_and_deleted_in_place(alice_client, campaign):
    argument = KeyArgument.objects.create(campaign=campaign, guide_key="cost-overruns", argument="Costs", order=5)
    url = reverse("campaigns:key_arguments_edit", kwargs={"pk": campaign.pk})
    data = _management(1, 1) | {
        "arguments-0-id": str(argument.pk),
        "arguments-0-guide_key": "lost-flexibility",  # tampered: a saved argument keeps its origin
        "arguments-0-argument": "Costs rose 30%",
        "arguments-0-evidence": "FoI 2026/118",
    }
    alice_client.post(url, data)
    argument.refresh_from_db()
    assert (argument.guide_key, argument.argument, argument.evidence) == (
        "cost-overruns",
        "Costs rose 30%",
        "FoI 2026/118",
    )
    alice_client.post(url, data | {"arguments-0-DELETE": "on"})
    assert not KeyArgument.objects.exists()


def test_an_argument_left_empty_is_refused_with_a_message(alice_client, campaign):
    url = reverse("campaigns:key_arguments_edit", kwargs={"pk": campaign.pk})
    response = alice_client.post(url, _management(1, 0) | {"arguments-0-evidence": "Some evidence"})
    assert response.status_code == 200
    body = response.content.decode()
    # The summary names the row as its legend does, and says what to do (not "argument: This field is required").
    assert "Argument 1 – Argument: Write the argument, or empty this row&#x27;s evidence and source." in body
    assert "This field is required" not in body and "There is a problem" in body
    assert not KeyArgument.objects.exists()


def test_arguments_link_to_the_contract_data_that_exists(alice_client, branch_a, campaign):
    contract = ContractFactory(branch=branch_a, service="Office cleaning")
    campaign.target_contracts.add(contract)
    arguments = {a.guide_key: a for a in services_organising.key_arguments(campaign, wording=_wording(branch_a))}
    links = services_organising.contract_data_links(campaign)
    profits = services_organising.links_for_argument(arguments["private-profits"], links)
    assert [(link.label, link.url) for link in profits] == [
        (
            f"{contract.provider.name}: accounts and financials",
            reverse("contracts:provider_detail", kwargs={"pk": contract.provider_id}),
        )
    ]
    bargaining = services_organising.links_for_argument(arguments["collective-bargaining"], links)
    assert [link.url for link in bargaining] == [reverse("contracts:contract_detail", kwargs={"pk": contract.pk})]
    assert services_organising.links_for_argument(arguments["equality-impact"], links) == []


@pytest.mark.urls("campaigns.tests.urls_without_contract_pages")
def test_without_the_contract_pages_the_arguments_page_still_shows(alice_client, branch_a, campaign):
    contract = ContractFactory(branch=branch_a, service="Office cleaning")
    campaign.target_contracts.add(contract)
    with pytest.raises(NoReverseMatch):
        reverse("contracts:contract_detail", kwargs={"pk": contract.pk})
    response = alice_client.get(reverse("campaigns:key_arguments", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Contract: Office cleaning" not in content
    assert "accounts and financials" not in content


def _wording(branch):
    return services_organising.branch_wording(branch)
