"""An officer finds a contract by filtering, opens it and corrects a figure with its source, in Chromium."""

import datetime

import pytest

from conftest import assert_accessible, browser_login
from contracts.models import Contract, ContractExtension, ContractPriority, FigureSource, Workplace
from contracts.register.models.financials import ProviderFinancials
from contracts.tests.factories import ContractFactory, ProviderFactory, PublicAuthorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(alice, branch_a):
    council = PublicAuthorityFactory(branch=branch_a, name="Demo City Council")
    spotless = ProviderFactory(name="Spotless Services Ltd")
    cleaning = ContractFactory(
        branch=branch_a,
        authority=council,
        provider=spotless,
        service="Office and school cleaning",
        end_date=datetime.date.today() + datetime.timedelta(days=400),
        termination_notice_months=6,
        staff_count=120,
    )
    ContractExtension.objects.create(
        contract=cleaning, months=24, decision_date=datetime.date.today() + datetime.timedelta(days=200)
    )
    Workplace.objects.create(contract=cleaning, name="Civic Centre", shift_times="06:00-09:00")
    ContractPriority.objects.create(contract=cleaning, growth=4, discontent=5)
    ProviderFinancials.objects.create(provider=spotless, year=2024, profit=2_500_000)
    ContractFactory(branch=branch_a, authority=council, service="School catering", provider=ProviderFactory())
    ContractFactory(branch=branch_a, authority=council, service="Leisure centres", provider=ProviderFactory())
    return cleaning


def test_officer_finds_a_contract_and_corrects_a_figure_with_its_source(page, register):
    browser_login(page, "alice@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contracts").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Contracts", exact=True).is_visible()
    assert_accessible(page)

    page.get_by_label("Provider").fill("spotless")
    page.get_by_label("Service contains").fill("clean")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="School catering").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Office and school cleaning").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Renewal clock").is_visible()
    assert page.get_by_text("Source not recorded").first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Edit contract").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Staff employed").fill("135")
    page.get_by_role("button", name="Save contract").click()
    page.wait_for_load_state()
    assert page.get_by_text("Say where the figures you changed came from").first.is_visible()
    assert_accessible(page)

    page.get_by_label("Source of the figures you changed").select_option(label="Freedom of Information answer")
    page.get_by_label("Figures as of").fill("2025-03-01")
    page.get_by_label("Source detail").fill("FoI 2025/17")
    page.get_by_role("button", name="Save contract").click()
    page.wait_for_load_state()
    assert page.get_by_text("Source: Freedom of Information answer (FoI 2025/17), as of 1 March 2025").is_visible()
    assert Contract.objects.get(pk=register.pk).staff_count == 135
    assert FigureSource.objects.get(contract=register, field="staff_count").recorded_by.email == "alice@example.org"
    assert_accessible(page)

    page.get_by_role("link", name="History of changes").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="135").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/contracts/priorities/",
        "/contracts/timeline/",
        "/contracts/new/",
        "/authorities/",
        "/providers/",
        "/providers/new/",
        "/authorities/new/",
        "/branches/demo-city/",
        "/dashboard/",
    ],
)
def test_register_pages_are_accessible(page, register, path):
    browser_login(page, "alice@example.org")
    page.goto(path)
    assert_accessible(page)


def test_object_pages_are_accessible(page, register):
    browser_login(page, "alice@example.org")
    for url in [
        register.authority.get_absolute_url(),
        register.provider.get_absolute_url(),
        f"/providers/{register.provider.pk}/edit/",
        f"/authorities/{register.authority.pk}/edit/",
        f"/contracts/{register.pk}/priority/",
        "/contracts/priorities/demo-city/weights/",
    ]:
        page.goto(url)
        assert_accessible(page)


def test_officer_changes_the_provider_by_typing_and_picking_a_suggestion(page, register):
    ProviderFactory(name="Brightwork Facilities Ltd", company_number="02165763")
    ProviderFactory.create_batch(40)
    browser_login(page, "alice@example.org")
    page.goto(f"/contracts/{register.pk}/edit/")
    page.wait_for_load_state()
    box = page.locator("#id_provider")  # the events' provider selects share its label
    assert box.evaluate("input => input.labels[0].textContent.trim()") == "Provider"
    assert box.input_value().startswith("Spotless Services Ltd (")
    box.fill("")
    box.press_sequentially("bright")
    suggestions = page.locator("#id_provider-suggestions option")
    suggestions.first.wait_for(state="attached")
    assert suggestions.evaluate_all("options => options.map(o => o.value)") == ["Brightwork Facilities Ltd (02165763)"]
    assert_accessible(page)
    box.fill("Brightwork Facilities Ltd (02165763)")
    page.get_by_label("Source of the figures you changed").select_option(label="Published contract register")
    page.get_by_role("button", name="Save contract").click()
    page.wait_for_load_state()
    assert Contract.objects.get(pk=register.pk).provider.company_number == "02165763"
    assert_accessible(page)


def test_contract_list_shows_every_column_at_1280_px(page, register):
    # Realistic imported names: a long authority, provider and service, and a contract in its lead-in.
    council = PublicAuthorityFactory(branch=register.branch, name="Norfolk County Council Adult Social Services")
    ContractFactory(
        branch=register.branch,
        authority=council,
        service="Contract for Day Care March 1995 (Elizabeth Fitzroy Support)",
        provider=ProviderFactory(name="Elizabeth Fitzroy Support Services Limited"),
        value=1_743_186,
        end_date=datetime.date.today() + datetime.timedelta(days=300),
        staff_count=1200,
        union_members=340,
    )
    browser_login(page, "alice@example.org")
    page.goto("/contracts/")
    members = page.get_by_role("columnheader", name="Members")
    wrapper = page.locator(".table-responsive").first
    assert wrapper.evaluate("w => w.scrollWidth <= w.clientWidth"), "the contract list scrolls sideways at 1280 px"
    box, frame = members.bounding_box(), wrapper.bounding_box()
    assert box["x"] + box["width"] <= frame["x"] + frame["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
