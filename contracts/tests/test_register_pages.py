"""Contract detail, priorities, weights, timeline and the branch and dashboard partials."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from contracts.models import ContractExtension, ContractPriority, FigureSource, PriorityWeights, Workplace
from contracts.register.models.financials import ProviderFinancials
from contracts.tests.factories import ContractFactory, ProviderFactory, PublicAuthorityFactory


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2025, 6, 15, 12, 0), tick=False):
        yield


def _detail(contract):
    return reverse("contracts:contract_detail", kwargs={"pk": contract.pk})


def _full_contract(branch):
    contract = ContractFactory(
        branch=branch,
        service="School catering",
        end_date=datetime.date(2027, 3, 31),
        termination_notice_months=6,
        value=1234.56,
    )
    FigureSource.objects.create(
        contract=contract, field="value", kind="foi", detail="FoI 2025/17", as_of=datetime.date(2025, 2, 1)
    )
    ContractExtension.objects.create(contract=contract, months=24, decision_date=datetime.date(2026, 9, 30))
    Workplace.objects.create(contract=contract, name="Central Kitchen", shift_times="05:30-13:30")
    contract.events.create(kind="change", date=datetime.date(2021, 4, 1), provider=contract.provider)
    contract.risk_flags.create(flag="zero-hours")
    ProviderFinancials.objects.create(provider=contract.provider, year=2024, profit=5_000_000, dividends=None)
    return contract


def test_detail_shows_every_section_with_sources_and_the_clock(alice_client, branch_a):
    contract = _full_contract(branch_a)
    body = alice_client.get(_detail(contract)).content.decode()
    assert "£1,234.56" in body
    assert "Source: Freedom of Information answer (FoI 2025/17), as of 1 February 2025" in body
    assert "31 March 2027 (1 year 9 months)" in body
    assert "30 September 2026 – decide on +24 months" in body
    assert "30 September 2026 (6 months before the end)" in body
    latest = body.split("Latest possible end</dt>")[1].split("</dd>")[0]
    assert "31 March 2029" in latest
    assert "Worked out from the end date and the extension periods: the end date plus the extensions" in latest
    assert "Source not recorded" not in latest  # worked out, not a recorded figure missing its source
    assert "Ends within 2 years – no campaign yet" in body
    assert "Central Kitchen" in body and "05:30-13:30" in body
    assert "Change of contractor (TUPE transfer)" in body
    assert "Zero-hours or casual contracts" in body
    assert "£5,000,000.00" in body
    assert "Edit contract" in body


def test_detail_shows_unknown_not_zero_for_missing_numbers(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a, value=None, staff_count=None, union_members=None)
    body = alice_client.get(_detail(contract)).content.decode()
    assert "£0" not in body
    assert "unknown (density unknown)" in body


def test_organiser_reads_detail_without_edit_buttons(olive_client, branch_a):
    body = olive_client.get(_detail(_full_contract(branch_a))).content.decode()
    assert "School catering" in body and "Edit contract" not in body


@pytest.mark.parametrize("extra", [0, 20])
def test_detail_query_count_does_not_grow_with_parts(alice_client, branch_a, extra, count_queries):
    contract = _full_contract(branch_a)
    for n in range(extra):
        Workplace.objects.create(contract=contract, name=f"Site {n}")
        contract.events.create(kind="varied", provider=ProviderFactory())
        ContractExtension.objects.create(contract=contract, months=12, order=n + 2)
        ProviderFinancials.objects.create(provider=contract.provider, year=2000 + n)
    # Flat for 0 and 20 of each part; one of the 19 is the next decision meeting on the renewal clock, one the
    # decisions on supply-chain risks suggested from the CPV code,
    # one the procurement notices matched to the contract (contracts/notices, by template include).
    assert count_queries(lambda: alice_client.get(_detail(contract))) == 19


def test_officer_scores_a_contract_and_the_ranking_explains_it(alice_client, branch_a):
    strong = ContractFactory(branch=branch_a, service="Cleaning", staff_count=100, union_members=75, activists=4)
    weak = ContractFactory(branch=branch_a, service="Security", staff_count=100, union_members=5, activists=0)
    url = reverse("contracts:contract_priority_edit", kwargs={"pk": strong.pk})
    response = alice_client.post(url, {"growth": "5", "discontent": "4", "allies": "", "flagship": "5"})
    assert response.status_code == 302
    assert ContractPriority.objects.get(contract=strong).allies is None
    page = alice_client.get(reverse("contracts:priorities"))
    rows = page.context["rows"]
    assert [r.contract for r in rows] == [strong, weak]
    body = page.content.decode()
    assert "75% density (75 of 100), 4 activists" in body
    assert "5% density (5 of 100), no activists (−1)" in body
    assert "5 of 6 factors known" in body


def test_priority_scores_outside_1_to_5_are_refused(alice_client, branch_a):
    contract = ContractFactory(branch=branch_a)
    url = reverse("contracts:contract_priority_edit", kwargs={"pk": contract.pk})
    response = alice_client.post(url, {"growth": "9"})
    assert response.status_code == 200
    assert not ContractPriority.objects.exists()


def test_officer_changes_branch_weights(alice_client, branch_a):
    url = reverse("contracts:priority_weights_edit", kwargs={"slug": branch_a.slug})
    data = {"density": "3", "growth": "1", "discontent": "2", "allies": "0", "time": "5", "flagship": "1"}
    assert alice_client.post(url, data).status_code == 302
    assert PriorityWeights.objects.get(branch=branch_a).as_dict()["time"] == 5
    bad = alice_client.post(url, {**data, "time": "9"})
    assert bad.status_code == 200
    assert PriorityWeights.objects.get(branch=branch_a).time == 5


def test_organiser_sees_priorities_of_a_region_branch_but_cannot_change_weights(olive_client, branch_a2):
    ContractFactory(branch=branch_a2, service="County care")
    response = olive_client.get(reverse("contracts:priorities") + f"?branch={branch_a2.slug}")
    assert response.status_code == 200
    assert "County care" in response.content.decode()
    assert "Change the weights" not in response.content.decode()
    url = reverse("contracts:priority_weights_edit", kwargs={"slug": branch_a2.slug})
    assert olive_client.post(url, {"density": "5"}).status_code == 403


def test_priorities_of_an_unreadable_branch_is_404(alice_client, branch_b):
    assert alice_client.get(reverse("contracts:priorities") + f"?branch={branch_b.slug}").status_code == 404


@pytest.mark.parametrize("rows", [1, 500])
def test_priorities_query_count_is_the_same_for_1_and_500(alice_client, branch_a, rows, count_queries):
    authority = PublicAuthorityFactory(branch=branch_a)
    for contract in ContractFactory.create_batch(rows, branch=branch_a, authority=authority)[::2]:
        ContractPriority.objects.create(contract=contract, growth=3)
    assert count_queries(lambda: alice_client.get(reverse("contracts:priorities"))) == 8


def test_timeline_draws_bars_and_lists_the_same_dates_as_a_table(alice_client, branch_a):
    soon = ContractFactory(branch=branch_a, service="Cleaning", end_date=datetime.date(2026, 3, 31))
    ContractExtension.objects.create(contract=soon, months=12, decision_date=datetime.date(2025, 12, 31))
    ContractFactory(branch=branch_a, service="Catering", end_date=datetime.date(2031, 8, 31))
    ContractFactory(branch=branch_a, service="Ended", end_date=datetime.date(2024, 1, 1))
    response = alice_client.get(reverse("contracts:timeline"))
    body = response.content.decode()
    bars = response.context["chart"].bars
    assert [b.contract.service for b in bars] == ["Cleaning", "Catering"]
    assert bars[0].status == "no-campaign" and bars[1].status == "later"
    assert bars[0].x_break is not None and bars[0].extension_width > 0
    assert bars[0].width < bars[1].width
    assert '<svg class="timeline-chart"' in body and 'role="img"' in body
    assert "31 December 2025" in body and "31 March 2027" in body
    assert "Ended" not in [b.contract.service for b in bars]


@pytest.mark.parametrize("rows", [1, 500])
def test_timeline_query_count_is_the_same_for_1_and_500(alice_client, branch_a, rows, count_queries):
    authority = PublicAuthorityFactory(branch=branch_a)
    ContractFactory.create_batch(rows, branch=branch_a, authority=authority)
    assert count_queries(lambda: alice_client.get(reverse("contracts:timeline"))) == 7


def test_branch_page_card_counts_contracts_and_lead_in(alice_client, branch_a):
    ContractFactory(branch=branch_a, end_date=datetime.date(2026, 1, 1))
    ContractFactory(branch=branch_a, end_date=datetime.date(2030, 1, 1))
    body = alice_client.get(reverse("branch_detail", kwargs={"slug": branch_a.slug})).content.decode()
    assert "2 contracts on the register." in body
    assert "1 ends within two years" in body


def test_nav_and_dashboard_links(alice_client, branch_a):
    body = alice_client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("contracts:contract_list")}?branch={branch_a.pk}"' in body
    assert f'href="{reverse("contracts:priorities")}"' in body
    assert f'href="{reverse("contracts:timeline")}"' in body


def test_dashboard_adds_no_query_per_branch(olive, region_north, count_queries):
    from insourcing.tests.factories import BranchFactory

    client = Client()
    client.force_login(olive)
    few = count_queries(lambda: client.get(reverse("dashboard")))
    BranchFactory.create_batch(20, region=region_north)
    assert count_queries(lambda: client.get(reverse("dashboard"))) == few
