"""Supply-chain risks: suggestions from CPV codes that only an officer turns into flags, the risk page per flag in
the reader's scope, the contract list's risk filter, and bounded queries."""

import pytest
from django.urls import reverse

from contracts.models import Contract, ContractRiskFlag, RiskSuggestionDecision
from contracts.register.supply_chain import (
    CPV_RISKS,
    NotSuggested,
    normalise_cpv,
    pending_suggestions,
    risk_suggestion_confirm,
    risk_suggestion_dismiss,
    risks_for_cpv,
)
from contracts.tests.factories import ContractFactory

Flag = ContractRiskFlag.Flag
PAGE = reverse("contracts:risk_register")
DECIDE = reverse("contracts:risk_suggestion_decide")


def _pending(contract):
    contract = Contract.objects.prefetch_related("risk_flags", "risk_decisions").get(pk=contract.pk)
    return [s.flag for s in pending_suggestions(contract)]


# ---------------------------------------------------------------- the CPV table


@pytest.mark.parametrize(
    "code, flags",
    [
        ("30213000", [Flag.ELECTRONICS_WATCH]),  # personal computers
        ("30121100-4", [Flag.ELECTRONICS_WATCH]),  # photocopiers, written with the check digit
        ("32250000", [Flag.ELECTRONICS_WATCH]),  # mobile telephones
        ("09331200", [Flag.SOLAR_XINJIANG]),  # solar photovoltaic modules
        ("9331200", [Flag.SOLAR_XINJIANG]),  # the same, after a spreadsheet dropped the leading zero
        ("31712331", [Flag.SOLAR_XINJIANG]),  # photovoltaic cells
        ("18110000", [Flag.TEXTILES_PPE]),  # occupational clothing
        ("18424300", [Flag.TEXTILES_PPE]),  # disposable gloves
        ("33141420", [Flag.TEXTILES_PPE]),  # surgical gloves
        ("35113400", [Flag.TEXTILES_PPE]),  # protective and safety clothing
        ("30192000", []),  # office supplies: paper and pens are not ICT hardware
        ("90911200", []),  # building-cleaning services
        ("48000000", []),  # software is not hardware
        ("", []),
        ("not a code", []),
    ],
)
def test_cpv_codes_suggest_the_flags_their_goods_carry(code, flags):
    assert [r.flag for r in risks_for_cpv(code)] == flags


def test_every_row_of_the_table_is_a_cpv_prefix_with_a_reason():
    for risk in CPV_RISKS:
        assert risk.prefix.isdigit() and len(risk.prefix) <= 8, risk
        assert risk.flag in Flag.values and risk.goods and risk.why, risk
        assert risks_for_cpv(risk.prefix.ljust(8, "0"))[0].flag == risk.flag


def test_normalise_cpv_reads_codes_as_registers_write_them():
    assert normalise_cpv(" 09331200-1 ") == "09331200"
    assert normalise_cpv("9331200") == "09331200"
    assert normalise_cpv("CPV 123") == ""


# ---------------------------------------------------------------- confirm and dismiss


@pytest.fixture
def solar(branch_a):
    return ContractFactory(branch=branch_a, service="Solar panels for schools", cpv_code="09331200")


def test_a_suggestion_is_not_a_flag(solar):
    assert _pending(solar) == [Flag.SOLAR_XINJIANG]
    assert not solar.risk_flags.exists()


def test_confirming_adds_the_flag_with_the_code_that_suggested_it(solar, alice):
    flag = risk_suggestion_confirm(contract=solar, flag=Flag.SOLAR_XINJIANG, user=alice)
    assert flag.contract == solar and flag.flag == Flag.SOLAR_XINJIANG
    assert "CPV code 09331200" in flag.notes and "Dirty Clean Energy" in flag.notes
    decision = RiskSuggestionDecision.objects.get(contract=solar)
    assert (decision.decision, decision.decided_by, decision.cpv_code) == ("confirmed", alice, "09331200")
    assert flag.history.get().history_change_reason.startswith("Suggested from CPV code 09331200")
    assert _pending(solar) == []


def test_a_confirmed_flag_removed_by_hand_is_not_suggested_again(solar, alice):
    risk_suggestion_confirm(contract=solar, flag=Flag.SOLAR_XINJIANG, user=alice)
    solar.risk_flags.all().delete()
    assert _pending(solar) == []


def test_a_dismissed_suggestion_does_not_come_back(solar, alice):
    risk_suggestion_dismiss(contract=solar, flag=Flag.SOLAR_XINJIANG, user=alice)
    assert _pending(solar) == []
    solar.cpv_code = "09331000"  # corrected to another solar code: still the same risk, still dismissed
    solar.save()
    assert _pending(solar) == []
    assert not solar.risk_flags.exists()


def test_a_flag_already_set_by_hand_is_not_suggested(solar):
    solar.risk_flags.create(flag=Flag.SOLAR_XINJIANG)
    assert _pending(solar) == []


def test_a_second_decision_on_the_same_suggestion_changes_nothing(solar, alice):
    risk_suggestion_dismiss(contract=solar, flag=Flag.SOLAR_XINJIANG, user=alice)
    with pytest.raises(NotSuggested):
        risk_suggestion_confirm(contract=solar, flag=Flag.SOLAR_XINJIANG, user=alice)
    assert not solar.risk_flags.exists()
    assert RiskSuggestionDecision.objects.get(contract=solar).decision == "dismissed"


def test_a_flag_the_code_does_not_suggest_cannot_be_confirmed(solar, alice):
    with pytest.raises(NotSuggested):
        risk_suggestion_confirm(contract=solar, flag=Flag.ELECTRONICS_WATCH, user=alice)
    assert not solar.risk_flags.exists()


# ---------------------------------------------------------------- the decide endpoint


def test_officer_confirms_a_suggestion_from_the_risk_page(alice_client, solar):
    response = alice_client.post(DECIDE, {"confirm": f"{solar.pk}:{Flag.SOLAR_XINJIANG}", "back": "register"})
    assert response.status_code == 302 and response.url == PAGE
    assert solar.risk_flags.get().flag == Flag.SOLAR_XINJIANG
    page = alice_client.get(PAGE)
    assert "is now flagged on" in page.content.decode()
    solar_group = next(g for g in page.context["supply_chain"] if g["flag"] == Flag.SOLAR_XINJIANG)
    assert [r.contract for r in solar_group["rows"]] == [solar]
    assert page.context["suggestions"] == []


def test_officer_dismisses_a_suggestion_from_the_contract_page(alice_client, solar):
    response = alice_client.post(DECIDE, {"dismiss": f"{solar.pk}:{Flag.SOLAR_XINJIANG}", "back": "contract"})
    assert response.status_code == 302 and response.url == solar.get_absolute_url()
    assert RiskSuggestionDecision.objects.get(contract=solar).decision == "dismissed"
    assert not solar.risk_flags.exists()
    detail = alice_client.get(solar.get_absolute_url())
    assert "will not be suggested for it again" in detail.content.decode()
    assert detail.context["risk_suggestions"] == []


def test_a_double_click_confirms_once_and_says_so(alice_client, solar):
    data = {"confirm": f"{solar.pk}:{Flag.SOLAR_XINJIANG}"}
    alice_client.post(DECIDE, data)
    response = alice_client.post(DECIDE, data, follow=True)
    assert "was already decided" in response.content.decode()
    assert solar.risk_flags.count() == 1


@pytest.mark.parametrize(
    "data",
    [{}, {"confirm": "x"}, {"confirm": "1:no-such-flag"}, {"confirm": "1:forced-labour", "dismiss": "1:forced-labour"}],
)
def test_bad_decisions_change_nothing_and_say_why(alice_client, solar, data):
    response = alice_client.post(DECIDE, data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose Confirm or Dismiss" in html or "nothing was changed" in html
    assert not RiskSuggestionDecision.objects.exists() and not ContractRiskFlag.objects.exists()


def test_deciding_refuses_get(alice_client):
    assert alice_client.get(DECIDE).status_code == 405


def test_deciding_refuses_officer_of_other_branch(client, bob, solar):
    client.force_login(bob)
    response = client.post(DECIDE, {"confirm": f"{solar.pk}:{Flag.SOLAR_XINJIANG}"})
    assert response.status_code == 404
    assert not RiskSuggestionDecision.objects.exists()


def test_deciding_refuses_organiser_who_may_only_read(olive_client, solar):
    response = olive_client.post(DECIDE, {"dismiss": f"{solar.pk}:{Flag.SOLAR_XINJIANG}"})
    assert response.status_code == 403
    assert not RiskSuggestionDecision.objects.exists()


def test_deciding_refuses_user_without_role(client, charlie, solar):
    client.force_login(charlie)
    assert client.post(DECIDE, {"confirm": f"{solar.pk}:{Flag.SOLAR_XINJIANG}"}).status_code == 404


def test_deciding_sends_anonymous_users_to_log_in(client, solar):
    response = client.post(DECIDE, {"confirm": f"{solar.pk}:{Flag.SOLAR_XINJIANG}"})
    assert response.status_code == 302 and "/accounts/login/" in response.url


# ---------------------------------------------------------------- the risk page and its scope


@pytest.fixture
def flagged(branch_a, branch_a2, branch_b):
    rows = {
        "a": ContractFactory(branch=branch_a, service="Laptops for libraries"),
        "a2": ContractFactory(branch=branch_a2, service="Hospital gloves"),
        "b": ContractFactory(branch=branch_b, service="South solar farm"),
        "low_pay": ContractFactory(branch=branch_a, service="Office cleaning"),
    }
    rows["a"].risk_flags.create(flag=Flag.ELECTRONICS_WATCH)
    rows["a2"].risk_flags.create(flag=Flag.TEXTILES_PPE)
    rows["b"].risk_flags.create(flag=Flag.SOLAR_XINJIANG)
    rows["low_pay"].risk_flags.create(flag=Flag.LOW_PAY)
    return rows


def _shown(response) -> dict[str, list[str]]:
    groups = response.context["supply_chain"] + response.context["other"]
    return {g["flag"]: [r.contract.service for r in g["rows"]] for g in groups if g["rows"]}


def test_officer_sees_the_risks_of_their_branch_grouped_by_flag(alice_client, flagged):
    response = alice_client.get(PAGE)
    assert response.status_code == 200
    assert _shown(response) == {Flag.ELECTRONICS_WATCH: ["Laptops for libraries"], Flag.LOW_PAY: ["Office cleaning"]}
    # Supply-chain risks are listed apart from the contractor's own employment practices.
    assert [g["flag"] for g in response.context["other"]] == [Flag.LOW_PAY]
    assert "Contracts carrying a supply-chain risk" in response.content.decode()


def test_organiser_sees_the_risks_of_their_region(olive_client, flagged):
    shown = _shown(olive_client.get(PAGE))
    assert shown[Flag.TEXTILES_PPE] == ["Hospital gloves"]
    assert Flag.SOLAR_XINJIANG not in shown  # branch_b is in another region


def test_organiser_sees_suggestions_but_no_buttons(olive_client, branch_a):
    ContractFactory(branch=branch_a, service="Solar panels for schools", cpv_code="09331200")
    response = olive_client.get(PAGE)
    assert [s.contract.service for s in response.context["suggestions"]] == ["Solar panels for schools"]
    html = response.content.decode()
    assert 'name="confirm"' not in html and "An officer of the contract's branch confirms" in html


def test_officer_sees_only_suggestions_in_their_branch(alice_client, branch_a, branch_b):
    ContractFactory(branch=branch_a, service="Printers", cpv_code="30121100")
    ContractFactory(branch=branch_b, service="South printers", cpv_code="30121100")
    response = alice_client.get(PAGE)
    assert [s.contract.service for s in response.context["suggestions"]] == ["Printers"]
    assert response.content.decode().count('name="confirm"') == 1


def test_risk_page_shows_a_user_without_role_nothing(client, charlie, flagged):
    client.force_login(charlie)
    response = client.get(PAGE)
    assert response.status_code == 200 and _shown(response) == {}


def test_risk_page_refuses_post(alice_client):
    assert alice_client.post(PAGE).status_code == 405


@pytest.mark.parametrize("rows", [1, 500])
def test_risk_page_query_count_is_the_same_for_1_and_500_rows(
    alice_client, branch_a, rows, django_assert_max_num_queries, count_queries
):
    contracts = ContractFactory.create_batch(rows, branch=branch_a, cpv_code="30213000")
    ContractRiskFlag.objects.bulk_create(ContractRiskFlag(contract=c, flag=Flag.FORCED_LABOUR) for c in contracts)
    RiskSuggestionDecision.objects.bulk_create(
        RiskSuggestionDecision(contract=c, flag=Flag.TEXTILES_PPE, decision="dismissed", cpv_code="1")
        for c in contracts[::2]
    )
    with django_assert_max_num_queries(7):
        response = alice_client.get(PAGE)
    assert len(response.context["suggestions"]) == rows
    # Session, user, the user's roles and branches (one query), flags, candidate contracts and their flags and
    # decisions.
    assert count_queries(lambda: alice_client.get(PAGE)) == 7


# ---------------------------------------------------------------- the contract list's filter


def test_contract_list_filters_by_risk_flag(alice_client, flagged):
    response = alice_client.get(reverse("contracts:contract_list") + f"?risk_flag={Flag.ELECTRONICS_WATCH}")
    services = [row.record.service for row in response.context["table"].page.object_list]
    assert services == ["Laptops for libraries"]


def test_contract_list_risk_filter_stays_in_scope(client, bob, flagged):
    client.force_login(bob)
    response = client.get(reverse("contracts:contract_list") + f"?risk_flag={Flag.ELECTRONICS_WATCH}")
    assert list(response.context["table"].page.object_list) == []


def test_contract_list_refuses_an_unknown_flag_with_a_message(alice_client, flagged):
    response = alice_client.get(reverse("contracts:contract_list") + "?risk_flag=nonsense")
    assert "Choose one of the options offered." in response.content.decode()  # the plain words, locale/en_GB


def test_contract_page_offers_the_suggestion_to_its_officer(alice_client, solar):
    response = alice_client.get(solar.get_absolute_url())
    assert [s.flag for s in response.context["risk_suggestions"]] == [Flag.SOLAR_XINJIANG]
    html = response.content.decode()
    assert f'value="{solar.pk}:{Flag.SOLAR_XINJIANG}"' in html and 'name="back" value="contract"' in html


def test_the_page_links_electronics_watch_and_purchasing_power_and_offers_a_next_step(alice_client):
    body = alice_client.get(PAGE).content.decode()
    assert '<a href="https://electronicswatch.org/" rel="noopener">Electronics Watch</a>' in body
    assert (
        '<a href="https://www.unison.org.uk/about/what-we-do/working-internationally/key-issues/purchasing-power/"'
        ' rel="noopener">Purchasing Power</a>' in body
    )
    assert "ask the authority whether it has an ethical procurement policy" in body
