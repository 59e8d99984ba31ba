"""Public authorities (per branch) and providers (shared, with their published accounts)."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from contracts.models import Provider, ProviderFinancials, PublicAuthority
from contracts.tests.factories import ContractFactory, ProviderFactory, PublicAuthorityFactory
from insourcing.models import BranchOfficer


def _financials_management(prefix="financials", total=1, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_officer_adds_an_authority_to_their_branch(alice_client, branch_a):
    response = alice_client.post(
        reverse("contracts:authority_create"),
        {"branch": branch_a.pk, "name": "Demo Hospitals NHS Trust", "kind": "nhs-trust", "nation": "england"},
    )
    authority = PublicAuthority.objects.get()
    assert response["Location"] == authority.get_absolute_url()
    assert (authority.branch, authority.kind) == (branch_a, "nhs-trust")


def test_officer_cannot_add_an_authority_to_another_branch(alice_client, branch_a, branch_b):
    # An officer of one branch has no branch to choose: a forged branch is ignored, never obeyed.
    alice_client.post(
        reverse("contracts:authority_create"),
        {"branch": branch_b.pk, "name": "Far Council", "kind": "council", "nation": "england"},
    )
    assert not PublicAuthority.objects.filter(branch=branch_b).exists()


def test_officer_of_two_branches_cannot_add_an_authority_to_a_third(alice, branch_a, branch_a2, branch_b, client):
    BranchOfficer.objects.create(user=alice, branch=branch_a2)
    client.force_login(alice)
    response = client.post(
        reverse("contracts:authority_create"),
        {"branch": branch_b.pk, "name": "Far Council", "kind": "council", "nation": "england"},
    )
    assert response.status_code == 200
    assert not PublicAuthority.objects.exists()


def test_duplicate_authority_name_in_a_branch_is_reported(alice_client, branch_a):
    PublicAuthorityFactory(branch=branch_a, name="Demo City Council")
    response = alice_client.post(
        reverse("contracts:authority_create"),
        {"branch": branch_a.pk, "name": "demo city council", "kind": "council", "nation": "england"},
    )
    body = response.content.decode()
    assert "already has an authority with this name" in body
    assert "There is a problem" in body and 'href="#id_name"' in body  # the summary every form has
    assert PublicAuthority.objects.count() == 1


def test_add_a_contract_on_an_authority_page_names_the_authority(alice_client, branch_a):
    PublicAuthorityFactory(branch=branch_a, name="Another Council")
    authority = PublicAuthorityFactory(branch=branch_a, name="Demo City Council")
    page = alice_client.get(reverse("contracts:authority_detail", kwargs={"pk": authority.pk})).content.decode()
    link = reverse("contracts:contract_create") + f"?authority={authority.pk}"
    assert f'href="{link}"' in page
    form = alice_client.get(link).context["form"]
    assert form["authority"].value() == authority.pk


def test_organiser_and_no_role_users_cannot_add_authorities(olive_client, charlie):
    assert olive_client.get(reverse("contracts:authority_create")).status_code == 403
    other = Client()
    other.force_login(charlie)
    assert other.get(reverse("contracts:authority_create")).status_code == 403


def test_authority_edit_keeps_its_branch(alice_client, branch_a, branch_b):
    authority = PublicAuthorityFactory(branch=branch_a, name="Demo City Council")
    url = reverse("contracts:authority_edit", kwargs={"pk": authority.pk})
    response = alice_client.post(
        url, {"name": "Demo City Council", "kind": "council", "nation": "wales", "branch": branch_b.pk}
    )
    assert response.status_code == 302
    authority.refresh_from_db()
    assert (authority.branch, authority.nation) == (branch_a, "wales")


def test_authority_list_shows_only_scope(alice_client, branch_a, branch_b):
    PublicAuthorityFactory(branch=branch_a, name="Demo City Council")
    PublicAuthorityFactory(branch=branch_b, name="South Council")
    body = alice_client.get(reverse("contracts:authority_list")).content.decode()
    assert "Demo City Council" in body and "South Council" not in body


def test_officer_adds_a_provider_with_accounts_and_numbers_are_normalised(alice_client):
    data = {
        "name": "Mitie Ltd",
        "kind": "company",
        "company_number": "gb/1547365",
        **_financials_management(),
        "financials-0-year": "2024",
        "financials-0-turnover": "4500000000",
        "financials-0-profit": "-1200000.50",
        "financials-0-dividends": "",
        "financials-0-source": "companies-house",
        "financials-0-source_url": "find-and-update.company-information.service.gov.uk/company/01547365",
    }
    response = alice_client.post(reverse("contracts:provider_create"), data)
    provider = Provider.objects.get()
    assert response["Location"] == provider.get_absolute_url()
    assert provider.company_number == "01547365"
    accounts = provider.financials.get()
    assert (accounts.turnover, accounts.profit, accounts.dividends) == (
        Decimal("4500000000"),
        Decimal("-1200000.50"),
        None,
    )
    assert accounts.source_url.startswith("https://")
    body = alice_client.get(provider.get_absolute_url()).content.decode()
    assert "£4,500,000,000.00" in body and "−£1,200,000.50" in body and "unknown" in body


def test_same_company_number_written_differently_is_refused(alice_client):
    ProviderFactory(name="Sodexo Ltd", company_number="00842846")
    response = alice_client.post(
        reverse("contracts:provider_create"),
        {"name": "Sodexo", "kind": "company", "company_number": "842846", **_financials_management(total=0)},
    )
    assert "already has this Companies House number" in response.content.decode()
    assert Provider.objects.count() == 1


def test_bad_accounts_row_saves_nothing(alice_client):
    provider = ProviderFactory(name="Old Name Ltd")
    data = {
        "name": "New Name Ltd",
        "kind": "company",
        "company_number": provider.company_number,
        **_financials_management(),
        "financials-0-year": "2024",
        "financials-0-turnover": "lots",
        "financials-0-source": "companies-house",
    }
    response = alice_client.post(reverse("contracts:provider_edit", kwargs={"pk": provider.pk}), data)
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    provider.refresh_from_db()
    assert provider.name == "Old Name Ltd"
    assert not ProviderFinancials.objects.exists()


def test_provider_page_shows_only_contracts_in_the_readers_scope(alice_client, branch_a, branch_b):
    provider = ProviderFactory(name="Shared Ltd")
    ContractFactory(branch=branch_a, provider=provider, service="Our cleaning")
    ContractFactory(branch=branch_b, provider=provider, service="Their cleaning")
    body = alice_client.get(provider.get_absolute_url()).content.decode()
    assert "Our cleaning" in body and "Their cleaning" not in body


@pytest.mark.parametrize("url_name", ["contracts:provider_detail", "contracts:provider_edit"])
def test_provider_pages_need_a_role(client, charlie, url_name):
    provider = ProviderFactory()
    url = reverse(url_name, kwargs={"pk": provider.pk})
    assert "/accounts/login/" in client.get(url)["Location"]
    client.force_login(charlie)
    assert client.get(url).status_code == 404


def test_organiser_reads_providers_but_cannot_edit(olive_client):
    provider = ProviderFactory(name="Read Only Ltd")
    assert olive_client.get(provider.get_absolute_url()).status_code == 200
    url = reverse("contracts:provider_edit", kwargs={"pk": provider.pk})
    assert olive_client.post(url, {"name": "Hacked", **_financials_management(total=0)}).status_code == 403
    assert olive_client.get(reverse("contracts:provider_create")).status_code == 403
    provider.refresh_from_db()
    assert provider.name == "Read Only Ltd"


def test_provider_views_refuse_other_methods(alice_client):
    provider = ProviderFactory()
    assert alice_client.post(provider.get_absolute_url()).status_code == 405
    assert alice_client.delete(reverse("contracts:provider_edit", kwargs={"pk": provider.pk})).status_code == 405


@pytest.mark.parametrize("rows", [1, 500])
def test_provider_list_query_count_is_the_same_for_1_and_500(alice_client, rows, count_queries):
    ProviderFactory.create_batch(rows)
    url = reverse("contracts:provider_list")
    assert count_queries(lambda: alice_client.get(url)) == 5


@pytest.mark.parametrize("rows", [1, 500])
def test_authority_list_query_count_is_the_same_for_1_and_500(alice_client, branch_a, rows, count_queries):
    for n in range(rows):
        PublicAuthorityFactory(branch=branch_a, name=f"Authority {n}")
    url = reverse("contracts:authority_list")
    assert count_queries(lambda: alice_client.get(url)) == 5


def _rendered_inputs(html: str) -> dict:
    """The name and value of every input the page renders, as a browser would send them back."""
    inputs = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            inputs[name.group(1)] = value.group(1) if value else ""
    return inputs


def test_officer_of_one_branch_saves_a_new_authority_as_the_page_renders_it(alice_client, branch_a):
    url = reverse("contracts:authority_create")
    data = _rendered_inputs(alice_client.get(url).content.decode())
    data.update(name="Demo Hospitals NHS Trust", kind="nhs-trust", nation="england")
    response = alice_client.post(url, data)
    authority = PublicAuthority.objects.get()
    assert response["Location"] == authority.get_absolute_url()
    assert authority.branch == branch_a


def test_officer_of_two_branches_chooses_the_authority_branch(alice, branch_a, branch_a2, client):
    BranchOfficer.objects.create(user=alice, branch=branch_a2)
    client.force_login(alice)
    url = reverse("contracts:authority_create")
    assert 'name="branch"' in client.get(url).content.decode()
    client.post(url, {"branch": branch_a2.pk, "name": "Other Trust", "kind": "nhs-trust", "nation": "england"})
    assert PublicAuthority.objects.get().branch == branch_a2
