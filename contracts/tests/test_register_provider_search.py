"""The contract form's provider box: suggestions fetched as the officer types, and typed text resolved on save."""

import re

import factory
import pytest
from django.test import Client
from django.urls import reverse

from contracts.models import Contract, FigureSource, Provider
from contracts.tests.factories import ContractFactory, ProviderFactory, PublicAuthorityFactory
from contracts.tests.register_helpers import contract_form_data

SEARCH = reverse("contracts:provider_search")
CREATE = reverse("contracts:contract_create")
pytestmark = pytest.mark.django_db


def _suggestions(client, text: str) -> list[str]:
    response = client.get(SEARCH, {"provider": text})
    assert response.status_code == 200
    return [line.split('"')[1] for line in response.content.decode().splitlines() if line.startswith("<option")]


def test_suggestions_match_part_of_a_name_or_a_company_number_in_any_form(alice_client):
    ProviderFactory(name="Brightwork Facilities Ltd", company_number="02165763")
    ProviderFactory(name="Bright Start Nurseries", company_number="")
    ProviderFactory(name="Crumbs Catering Ltd", company_number="SC123456")
    assert _suggestions(alice_client, "bright") == ["Bright Start Nurseries", "Brightwork Facilities Ltd (02165763)"]
    assert _suggestions(alice_client, "gb/2165763") == ["Brightwork Facilities Ltd (02165763)"]
    assert _suggestions(alice_client, "sc123456") == ["Crumbs Catering Ltd (SC123456)"]
    assert _suggestions(alice_client, "b") == []


def test_an_exact_name_is_suggested_first_and_suggestions_are_capped(alice_client):
    ProviderFactory.create_batch(30, name=factory.Sequence(lambda n: f"Care Homes {n} Ltd"))
    ProviderFactory(name="Care", company_number="")
    suggestions = _suggestions(alice_client, "care")
    assert (suggestions[0], len(suggestions)) == ("Care", 20)


def test_search_is_get_only_and_for_people_with_a_role(alice_client, charlie):
    ProviderFactory(name="Brightwork Facilities Ltd")
    assert alice_client.post(SEARCH, {"provider": "bright"}).status_code == 405
    anonymous = Client()
    assert anonymous.get(SEARCH, {"provider": "bright"}).status_code == 302  # to the log-in page
    anonymous.force_login(charlie)
    assert _suggestions(anonymous, "bright") == []


@pytest.mark.parametrize("providers", [1, 500])
def test_search_runs_the_same_queries_however_many_providers(
    alice_client, providers, django_assert_max_num_queries, count_queries
):
    ProviderFactory.create_batch(providers)
    with django_assert_max_num_queries(4):
        alice_client.get(SEARCH, {"provider": "contractor"})
    assert count_queries(lambda: alice_client.get(SEARCH, {"provider": "contractor"})) == 4


def test_the_form_offers_a_labelled_search_box_wired_to_the_suggestions(alice_client, branch_a):
    provider = ProviderFactory(name="Brightwork Facilities Ltd", company_number="02165763")
    contract = ContractFactory(branch=branch_a, provider=provider)
    page = alice_client.get(reverse("contracts:contract_edit", kwargs={"pk": contract.pk})).content.decode()
    assert re.search(r'<label\s+for="id_provider"[^>]*>\s*Provider\s*</label>', page)
    assert '<input type="text" name="provider"' in page
    assert 'value="Brightwork Facilities Ltd (02165763)"' in page
    assert 'list="id_provider-suggestions"' in page and '<datalist id="id_provider-suggestions">' in page
    assert f'data-hx-get="{SEARCH}"' in page


@pytest.mark.parametrize(
    "typed", ["Brightwork Facilities Ltd (02165763)", "brightwork facilities ltd", "2165763", "GB-COH/02165763"]
)
def test_without_javascript_a_typed_name_or_number_finds_the_provider(alice_client, branch_a, typed):
    provider = ProviderFactory(name="Brightwork Facilities Ltd", company_number="02165763")
    ProviderFactory(name="Brightwork Cleaning Ltd")
    authority = PublicAuthorityFactory(branch=branch_a)
    response = alice_client.post(
        CREATE, contract_form_data(authority=authority, provider=typed, figures_source="register")
    )
    assert response.status_code == 302
    assert Contract.objects.get().provider == provider


def test_two_providers_of_one_name_need_the_number(alice_client, branch_a):
    ProviderFactory(name="Acme Ltd", company_number="00000001")
    second = ProviderFactory(name="Acme Ltd", company_number="00000002")
    authority = PublicAuthorityFactory(branch=branch_a)
    data = contract_form_data(authority=authority, provider="Acme Ltd", figures_source="register")
    response = alice_client.post(CREATE, data)
    assert "More than one provider is called “Acme Ltd”" in response.content.decode()
    assert not Contract.objects.exists()
    alice_client.post(CREATE, {**data, "provider": "Acme Ltd (00000002)"})
    assert Contract.objects.get().provider == second


def test_an_unknown_provider_is_refused_with_near_names(alice_client, branch_a):
    ProviderFactory(name="Brightwork Facilities Ltd", company_number="02165763")
    authority = PublicAuthorityFactory(branch=branch_a)
    response = alice_client.post(CREATE, contract_form_data(authority=authority, provider="Brightwork"))
    assert (
        "No provider is called “Brightwork”. Did you mean “Brightwork Facilities Ltd (02165763)”?"
        in response.content.decode()
    )
    response = alice_client.post(CREATE, contract_form_data(authority=authority, provider="Nobody Ltd"))
    assert (
        "No provider is called “Nobody Ltd”. To add it, tick “Add it as a new provider” and save again."
        in response.content.decode()
    )
    assert not Contract.objects.exists()


def test_an_unknown_provider_is_added_from_the_contract_form_with_its_number(alice_client, branch_a):
    authority = PublicAuthorityFactory(branch=branch_a)
    data = contract_form_data(
        authority=authority,
        provider="Brand New Cleaning Ltd",
        new_provider="on",
        new_provider_company_number="sc 123456",
        figures_source="register",
    )
    response = alice_client.post(CREATE, data)
    assert response.status_code == 302
    provider = Contract.objects.get().provider
    assert (provider.name, provider.company_number) == ("Brand New Cleaning Ltd", "SC123456")
    assert FigureSource.objects.get(field="provider").kind == "register"


def test_a_new_provider_needs_no_number_and_a_known_name_is_not_duplicated(alice_client, branch_a):
    known = ProviderFactory(name="Brightwork Facilities Ltd", company_number="02165763")
    authority = PublicAuthorityFactory(branch=branch_a)
    base = {"authority": authority, "new_provider": "on", "figures_source": "register"}
    alice_client.post(CREATE, contract_form_data(provider="Corner Shop Services", **base))
    alice_client.post(CREATE, contract_form_data(provider="brightwork facilities ltd", **base))
    providers = [c.provider for c in Contract.objects.order_by("pk")]
    assert (providers[0].name, providers[0].company_number) == ("Corner Shop Services", "")
    assert providers[1] == known
    assert Provider.objects.count() == 2


def test_a_new_provider_with_a_number_already_listed_is_refused_and_nothing_is_saved(alice_client, branch_a):
    ProviderFactory(name="Brightwork Facilities Ltd", company_number="02165763")
    authority = PublicAuthorityFactory(branch=branch_a)
    data = contract_form_data(
        authority=authority,
        provider="Brightwork FM",
        new_provider="on",
        new_provider_company_number="2165763",
        figures_source="register",
    )
    body = alice_client.post(CREATE, data).content.decode()
    assert "Companies House number 02165763 is already “Brightwork Facilities Ltd (02165763)”" in body
    assert 'value="Brightwork FM"' in body
    assert not Contract.objects.exists() and Provider.objects.count() == 1


def test_saving_without_touching_the_provider_asks_for_no_source(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, provider=ProviderFactory(name="Brightwork Facilities Ltd"))
    data = contract_form_data(contract, authority=contract.authority, service="Office and school cleaning")
    response = alice_client.post(reverse("contracts:contract_edit", kwargs={"pk": contract.pk}), data)
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.service == "Office and school cleaning"
    assert not FigureSource.objects.filter(contract=contract, field="provider").exists()
