"""Supply-chain risks the register suggests from a contract's CPV code, and the officer's decision on each.

A suggestion is never a flag: it waits until an officer of the contract's branch confirms it (the flag is then
added, its note saying which code suggested it) or dismisses it. Either decision is kept
(`RiskSuggestionDecision`), so a suggestion is asked once.

The table below is the only place that maps CPV codes to risks. CPV codes and their meanings are those of the
Common Procurement Vocabulary, Commission Regulation (EC) No 213/2008 (CPV 2008), which Contracts Finder and Find a
Tender still use; a code matches a row when it starts with the row's prefix.
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction

from .models import Contract, ContractRiskFlag, RiskSuggestionDecision

Flag = ContractRiskFlag.Flag


@dataclass(frozen=True)
class CpvRisk:
    prefix: str
    goods: str  # what the CPV 2008 calls the codes under the prefix
    flag: str
    why: str  # shown to the officer with the suggestion


CPV_RISKS = [
    # Electronics Watch (electronicswatch.org) is the independent monitor public buyers affiliate to for the ICT
    # hardware they buy: computers, servers, printers, phones and network equipment. UNISON's Purchasing Power
    # strategy works with it ("Dying to Save Lives" webinars, UNISON's ethical procurement pages).
    CpvRisk(
        "302",
        "computer equipment and supplies",
        Flag.ELECTRONICS_WATCH,
        "ICT hardware: Electronics Watch monitors the factories that make it for the public buyers affiliated to it.",
    ),
    CpvRisk(
        "3012",
        "photocopying and printing equipment",
        Flag.ELECTRONICS_WATCH,
        "Printers and copiers are ICT hardware within Electronics Watch's monitoring.",
    ),
    CpvRisk(
        "32",
        "radio, television, communication and telecommunication equipment",
        Flag.ELECTRONICS_WATCH,
        "Phones and network equipment are ICT hardware within Electronics Watch's monitoring.",
    ),
    # UNISON's guide "Dirty Clean Energy: Sourcing Solar Energy Without Uyghur Forced Labour" (with Sheffield
    # Hallam University's Helena Kennedy Centre, after its report "In Broad Daylight", 2021): most of the world's
    # solar panels may contain polysilicon made with Uyghur forced labour.
    CpvRisk(
        "0933",
        "solar energy: panels, photovoltaic modules and installation",
        Flag.SOLAR_XINJIANG,
        "Solar panels: UNISON's \u201cDirty Clean Energy\u201d guide warns most may contain materials made with "
        "Uyghur forced labour.",
    ),
    CpvRisk(
        "31712331",
        "photovoltaic cells",
        Flag.SOLAR_XINJIANG,
        "Photovoltaic cells: UNISON's \u201cDirty Clean Energy\u201d guide warns most may contain materials made "
        "with Uyghur forced labour.",
    ),
    # Uniforms, gloves and PPE: UNISON's report "Public Procurement during COVID-19" (Purchasing Power, 2020) on
    # PPE bought in a hurry; the US withhold release orders of 2020-21 against Malaysian glove makers for forced
    # labour; Sheffield Hallam's "Laundering Cotton" (2021) on Xinjiang cotton in garment supply chains.
    CpvRisk(
        "18",
        "clothing, footwear, luggage and accessories (uniforms, workwear, work gloves)",
        Flag.TEXTILES_PPE,
        "Uniforms and workwear: garment and cotton supply chains carry forced-labour and sweatshop risks.",
    ),
    CpvRisk(
        "33199",
        "medical clothing",
        Flag.TEXTILES_PPE,
        "Medical clothing is PPE: UNISON's Purchasing Power research on PPE bought during COVID-19.",
    ),
    CpvRisk(
        "3314142",
        "surgical gloves",
        Flag.TEXTILES_PPE,
        "Gloves: glove makers have been found using forced labour (US withhold release orders, 2020-21).",
    ),
    CpvRisk(
        "351134",
        "protective and safety clothing",
        Flag.TEXTILES_PPE,
        "Protective clothing is PPE: UNISON's Purchasing Power research on PPE bought during COVID-19.",
    ),
]


# The flags about goods bought through the contract, not about the contractor's own staff: the risk page lists
# these as supply-chain risks and the rest as other ethical-procurement risks.
SUPPLY_CHAIN_FLAGS = frozenset({Flag.FORCED_LABOUR, Flag.ELECTRONICS_WATCH, Flag.SOLAR_XINJIANG, Flag.TEXTILES_PPE})


def normalise_cpv(raw: str) -> str:
    """The code's eight digits: "09331200-1" and "9331200" (a spreadsheet dropped the zero) are 09331200."""
    digits = re.sub(r"-\d$", "", (raw or "").strip())
    if not re.fullmatch(r"\d{7,8}", digits):
        return ""
    return digits.zfill(8)


def risks_for_cpv(cpv_code: str) -> list[CpvRisk]:
    """The table's rows matching a code, the most specific per flag (a flag is suggested once)."""
    code = normalise_cpv(cpv_code)
    if not code:
        return []
    found: dict[str, CpvRisk] = {}
    for risk in sorted(CPV_RISKS, key=lambda r: -len(r.prefix)):
        if code.startswith(risk.prefix):
            found.setdefault(risk.flag, risk)
    return sorted(found.values(), key=lambda r: list(Flag.values).index(r.flag))


def cpv_candidates(queryset):
    """Contracts whose CPV code could match the table, for `pending_suggestions` to decide in Python; a code
    stored without its leading zero is a candidate too."""
    condition = models.Q()
    for risk in CPV_RISKS:
        condition |= models.Q(cpv_code__startswith=risk.prefix)
        if risk.prefix.startswith("0"):
            condition |= models.Q(cpv_code__startswith=risk.prefix.lstrip("0"))
    return queryset.exclude(cpv_code="").filter(condition)


@dataclass(frozen=True)
class Suggestion:
    contract: Contract
    risk: CpvRisk

    @property
    def flag(self) -> str:
        return self.risk.flag

    @property
    def flag_label(self) -> str:
        return Flag(self.risk.flag).label

    @property
    def value(self) -> str:
        """What the confirm and dismiss buttons send: contract and flag."""
        return f"{self.contract.pk}:{self.risk.flag}"


def pending_suggestions(contract: Contract) -> list[Suggestion]:
    """Suggestions for the contract not yet decided and not already flagged. Reads the prefetched `risk_flags`
    and `risk_decisions`, so a page of contracts costs no query per contract."""
    taken = {f.flag for f in contract.risk_flags.all()} | {d.flag for d in contract.risk_decisions.all()}
    return [Suggestion(contract, risk) for risk in risks_for_cpv(contract.cpv_code) if risk.flag not in taken]


class NotSuggested(Exception):
    """The flag is no longer suggested for the contract (decided already, flagged by hand, or the code changed)."""


def _still_suggested(contract: Contract, flag: str) -> CpvRisk:
    contract = Contract.objects.prefetch_related("risk_flags", "risk_decisions").get(pk=contract.pk)
    risk = next((s.risk for s in pending_suggestions(contract) if s.flag == flag), None)
    if risk is None:
        raise NotSuggested(flag)
    return risk


def risk_suggestion_confirm(*, contract: Contract, flag: str, user) -> ContractRiskFlag:
    """Add the suggested flag to the contract, its note saying which code suggested it, and keep the decision."""
    with transaction.atomic():
        risk = _still_suggested(contract, flag)
        try:
            with transaction.atomic():
                RiskSuggestionDecision.objects.create(
                    contract=contract,
                    flag=flag,
                    decision=RiskSuggestionDecision.Decision.CONFIRMED,
                    cpv_code=contract.cpv_code,
                    decided_by=user,
                )
                risk_flag = ContractRiskFlag(
                    contract=contract,
                    flag=flag,
                    notes=f"Suggested from CPV code {contract.cpv_code} ({risk.goods}). {risk.why}",
                )
                risk_flag._change_reason = f"Suggested from CPV code {contract.cpv_code}; confirmed by {user}"
                risk_flag.save()
        except IntegrityError:  # a second click, or another officer, decided or flagged it first
            raise NotSuggested(flag) from None
    return risk_flag


def risk_suggestion_dismiss(*, contract: Contract, flag: str, user) -> RiskSuggestionDecision:
    """Keep the dismissal, so the suggestion does not come back."""
    with transaction.atomic():
        _still_suggested(contract, flag)
        try:
            with transaction.atomic():
                return RiskSuggestionDecision.objects.create(
                    contract=contract,
                    flag=flag,
                    decision=RiskSuggestionDecision.Decision.DISMISSED,
                    cpv_code=contract.cpv_code,
                    decided_by=user,
                )
        except IntegrityError:
            raise NotSuggested(flag) from None
