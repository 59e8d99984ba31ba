"""An officer confirms a supply-chain risk the register suggested from a CPV code and finds the contract on the risk
page under that flag; another suggestion dismissed does not come back. In Chromium, at 1280 px and 390 px."""

import pytest

from conftest import assert_accessible, browser_login
from contracts.models import ContractRiskFlag, RiskSuggestionDecision
from contracts.tests.factories import ContractFactory, PublicAuthorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contracts(alice, branch_a):
    council = PublicAuthorityFactory(branch=branch_a, name="Demo City Council")
    return {
        "solar": ContractFactory(
            branch=branch_a, authority=council, service="Solar panels for schools", cpv_code="09331200"
        ),
        "laptops": ContractFactory(branch=branch_a, authority=council, service="Library laptops", cpv_code="30213000"),
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_officer_confirms_a_suggested_flag_and_sees_it_on_the_risk_page(page, contracts, width):
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, "alice@example.org")
    page.goto(contracts["solar"].get_absolute_url())
    risks = page.get_by_role("region", name="Supply-chain and ethical-procurement risks")
    assert risks.get_by_text("Suggested: Solar products that may contain Uyghur forced labour").is_visible()
    assert_accessible(page)

    risks.get_by_role("button", name="Confirm Solar products that may contain Uyghur forced labour").click()
    page.wait_for_load_state()
    assert page.get_by_text("is now flagged on “Solar panels for schools”").is_visible()
    assert risks.get_by_text("Suggested from CPV code 09331200").is_visible()  # the flag's note

    risks.get_by_role("link", name="Supply-chain risks across the register").click()
    page.wait_for_load_state()
    solar = page.get_by_role("region", name="Solar products that may contain Uyghur forced labour (1)")
    assert solar.get_by_role("link", name="Solar panels for schools").is_visible()
    assert_accessible(page)

    # The laptops' suggestion is still waiting; dismissing it removes it for good.
    electronics = "Electronics: is the authority affiliated to Electronics Watch?"
    page.get_by_role("button", name=f"Dismiss {electronics} for Library laptops").click()
    page.wait_for_load_state()
    assert page.get_by_text("it will not be suggested for it again").is_visible()
    assert page.get_by_role("heading", name="Suggested from CPV codes (0)").is_visible()
    page.reload()
    assert page.get_by_role("button", name="Dismiss").count() == 0
    assert_accessible(page)

    assert ContractRiskFlag.objects.filter(contract=contracts["solar"]).get().flag == "solar-xinjiang"
    assert not ContractRiskFlag.objects.filter(contract=contracts["laptops"]).exists()
    assert RiskSuggestionDecision.objects.get(contract=contracts["laptops"]).decision == "dismissed"
