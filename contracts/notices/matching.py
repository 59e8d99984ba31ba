"""Which branches a notice is for (its buyer is on their watch list) and which of their contracts it is about.

A contract is matched, strongest first, by the notice's ocid (what the importer stores as the reference), its
notice id, another id it gives (tender, award, contract), the supplier's Companies House number with the same
authority, then a title close to the contract's service with the same authority. What a match proposes is only a
proposal: the review queue asks an officer before anything reaches the register.
"""

import datetime
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from contracts.register.models import Contract
from contracts.register.supply_chain import normalise_cpv

from .models import BranchNotice, FollowedAuthority, Notice, NoticeKind, normalise_name

TITLE_SIMILARITY = 0.82  # "School catering services" and "School catering service" match; other services do not


@dataclass
class Match:
    followed: FollowedAuthority
    contract: Contract | None
    matched_by: str


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, normalise_name(a), normalise_name(b)).ratio()


def follows(followed: FollowedAuthority, notice: Notice) -> bool:
    if followed.identifier_set() & set(notice.buyer_ids):
        return True
    return bool(notice.buyer_name) and normalise_name(followed.name) == normalise_name(notice.buyer_name)


def stored_notices_of(followed: FollowedAuthority) -> QuerySet[Notice]:
    """The stored notices `follows()` could accept for this entry, found by index (the buyer's normalised name) or
    by the buyer's identifiers: a superset that `branch_notices_for` then checks with the same rules."""
    condition = Q(buyer_key=normalise_name(followed.name)) if normalise_name(followed.name) else Q(pk__in=[])
    for identifier in followed.identifier_set():
        if connection.features.supports_json_field_contains:
            condition |= Q(buyer_ids__contains=[identifier])
        else:  # SQLite (`make run`) stores the list as JSON text: the quoted id is a superset, checked below
            condition |= Q(buyer_ids__icontains=f'"{identifier}"')
    return Notice.objects.filter(condition)


def match_contract(
    notice: Notice, followed: FollowedAuthority, contracts: list[Contract]
) -> tuple[Contract | None, str]:
    """The branch's contract this notice is about, and what matched it; (None, "") when none does."""
    ocid = notice.ocid.casefold()
    for contract in contracts:
        reference = contract.reference.casefold()
        if reference and (reference == ocid or reference.startswith(ocid + "/")):
            return contract, "ocid"
    if notice.notice_id:
        for contract in contracts:
            if contract.reference and contract.reference.casefold() == notice.notice_id.casefold():
                return contract, "notice id"
    others = {r.casefold() for r in notice.references}
    for contract in contracts:
        if contract.reference and contract.reference.casefold() in others:
            return contract, "reference"
    same_authority = [c for c in contracts if followed.authority_id and c.authority_id == followed.authority_id]
    if notice.company_number:
        for contract in same_authority:
            same_supplier = contract.provider and contract.provider.company_number == notice.company_number
            # A supplier holds several contracts with one authority: the title must still be roughly the same.
            if same_supplier and _similar(contract.service, notice.title) >= TITLE_SIMILARITY / 2:
                return contract, "supplier identifier"
    scored = [(_similar(c.service, notice.title), c) for c in same_authority if notice.title]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    if best[0] >= TITLE_SIMILARITY:
        return best[1], "title similarity"
    return None, ""


def proposal_for(notice: Notice, contract: Contract | None) -> tuple[str, datetime.date | None, str]:
    """(proposal, proposed end date, status) for a branch's copy of the notice."""
    end = notice.values.get("end_date")
    end_date = datetime.date.fromisoformat(end) if end else None
    if contract is None:
        if notice.kind == NoticeKind.AWARD:
            return BranchNotice.Proposal.ADD, None, BranchNotice.Status.WAITING
        return BranchNotice.Proposal.NONE, None, BranchNotice.Status.NOTED
    if end_date and end_date != contract.end_date and notice.kind in (NoticeKind.CHANGE, NoticeKind.AWARD):
        return BranchNotice.Proposal.END_DATE, end_date, BranchNotice.Status.WAITING
    return BranchNotice.Proposal.NONE, None, BranchNotice.Status.NOTED


def branch_notices_for(notices: list[Notice], followed: list[FollowedAuthority]) -> list[BranchNotice]:
    """Unsaved BranchNotices: one per branch that follows a notice's buyer (the first matching entry)."""
    contracts_by_branch: dict[int, list[Contract]] = {}
    made = []
    for notice in notices:
        seen_branches = set()
        for entry in followed:
            if entry.branch_id in seen_branches or not follows(entry, notice):
                continue
            seen_branches.add(entry.branch_id)
            if entry.branch_id not in contracts_by_branch:
                contracts_by_branch[entry.branch_id] = list(
                    Contract.objects.filter(branch_id=entry.branch_id).select_related("provider").order_by("pk")
                )
            contract, matched_by = match_contract(notice, entry, contracts_by_branch[entry.branch_id])
            proposal, end_date, status = proposal_for(notice, contract)
            made.append(
                BranchNotice(
                    branch_id=entry.branch_id,
                    notice=notice,
                    followed=entry,
                    contract=contract,
                    matched_by=matched_by,
                    proposal=proposal,
                    proposed_end_date=end_date,
                    status=status,
                )
            )
    return made


# ---------------------------------------------------------------- tenders for the services a branch follows


def service_prefix(cpv_code: str) -> str:
    """The part of a contract's CPV code that names its kind of service: the class (four digits: 9091 cleaning
    services for 90911200 building cleaning), or the group or division when the code is no more precise than that
    (79000000 business services is 79). A tender matches when its code starts with it, as the supply-chain
    table matches (`contracts.register.supply_chain`); the class, not the full code, so a tender for office
    cleaning counts for a branch whose register says building cleaning."""
    code = normalise_cpv(cpv_code)
    if not code:
        return ""
    return code[: max(2, min(4, len(code.rstrip("0"))))]


def service_prefixes(branch_ids) -> dict[str, list[str]]:
    """Each prefix the branches' register contracts give, with the services that gave it (one query)."""
    found: dict[str, list[str]] = {}
    rows = Contract.objects.filter(branch__in=branch_ids).exclude(cpv_code="").values_list("cpv_code", "service")
    for code, service in rows.order_by("service").distinct():
        if prefix := service_prefix(code):
            found.setdefault(prefix, [])
            if service not in found[prefix]:
                found[prefix].append(service)
    return found


def new_tenders(branch_ids, prefixes, *, since: datetime.datetime) -> QuerySet[Notice]:
    """Tender notices published since `since` that the branches would want to know of: from an authority they
    follow, or for a service their register has (by CPV prefix), from any authority. For information only: a
    tender from an authority nobody follows reaches no review queue. One a branch dismissed is left out."""
    theirs = BranchNotice.objects.filter(notice=OuterRef("pk"), branch__in=branch_ids)
    wanted = Q(Exists(theirs.exclude(status=BranchNotice.Status.DISMISSED)))
    for prefix in prefixes:
        wanted |= Q(values__cpv_code__startswith=prefix)
        if prefix.startswith("0"):  # a code written without its leading zero, as normalise_cpv accepts
            wanted |= Q(values__cpv_code__startswith=prefix.lstrip("0"))
    return (
        Notice.objects.filter(kind=NoticeKind.TENDER, published__gte=since)
        .filter(wanted)
        .exclude(Exists(theirs.filter(status=BranchNotice.Status.DISMISSED)))
        .annotate(followed=Exists(theirs))
    )
