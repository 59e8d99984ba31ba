"""The one import service, used by the browser and by `manage.py import_contracts`.

Rows are planned first with three lookups (authorities, existing contracts, providers) and no per-row query;
then, unless this is a dry run or all-or-nothing meets an error, everything is written in one transaction
with bulk operations, so a crash leaves nothing half-written.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from contracts.register.extensions import Reading, read_extension_terms
from contracts.register.models import Contract, ContractExtension, Provider, PublicAuthority
from contracts.register.rules import HEADCOUNTS, headcount_problems
from insourcing import freshness

from .bulk import CHANGED, CREATED, Source, insert, record_history, record_sources
from .models import ImportJob, ImportMapping
from .ocds import parse_document, parse_harvester
from .readers import JsonDocument, Table, read
from .rows import ERROR, NO_TERMS, NOTE, WARNING, Issue, SourceRow, parse_table
from .synonyms import describe_columns, match_columns, missing_essentials

NEW, UPDATE, UNCHANGED, MERGED, SKIPPED = "new", "update", "unchanged", "merged", "skipped"
APPLIED_OUTCOMES = {NEW, UPDATE, UNCHANGED, MERGED}

CONTRACT_FIELDS = [
    "service",
    "description",
    "service_category",
    "cpv_code",
    "value",
    "value_basis",
    "original_tender_date",
    "start_date",
    "end_date",
    "latest_end_date",
    "extension_terms",
    "extension_terms_need_review",
    "staff_count",
]
SOURCED_FIELDS = ["value", "end_date", "latest_end_date", "extension_terms", "provider", "staff_count"]
BATCH = 1000


@functools.lru_cache(maxsize=8192)  # the same authority and provider names recur on thousands of rows
def _fold(text) -> str:
    return " ".join(str(text or "").split()).casefold()


@dataclass
class RowOutcome:
    line: int
    outcome: str
    reference: str = ""
    service: str = ""
    issues: list[Issue] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "outcome": self.outcome,
            "reference": self.reference,
            "service": self.service[:120],
            "issues": [[i.level, i.column, i.reason] for i in self.issues],
        }


@dataclass
class ImportResult:
    outcomes: list[RowOutcome]
    applied: bool
    dry_run: bool
    file_format: str = ""
    mapping: dict = field(default_factory=dict)
    authorities: list[str] = field(default_factory=list)
    extended: int = 0  # contracts given extension periods from their terms (each row says which)
    columns: list[dict] = field(default_factory=list)  # each column of a register: the field it filled, or why not
    missing: list[str] = field(default_factory=list)  # sentences for the end date, supplier or value not found

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for o in self.outcomes for i in o.issues if i.level == WARNING)

    @property
    def exit_code(self) -> int:
        """0: every row applied; 1: some rows reported (errors or rows that are not contracts), or no column was
        found for the end date, the supplier or the value."""
        return 1 if self.errors or self.count(SKIPPED) or self.missing else 0

    def summary(self) -> dict:
        return {
            "rows": len(self.outcomes),
            **{name: self.count(name) for name in (NEW, UPDATE, UNCHANGED, MERGED, SKIPPED, ERROR)},
            "warnings": self.warnings,
            "extended": self.extended,
            "applied": self.applied,
            "dry_run": self.dry_run,
            "authorities": self.authorities,
            "columns": self.columns,
            "missing": self.missing,
        }

    def report(self) -> list[dict]:
        return [o.as_dict() for o in self.outcomes]


@dataclass
class Plan:
    """One contract the file describes: its first row, merged values and where it goes."""

    row: SourceRow
    authority_name: str
    values: dict
    merged: list[SourceRow] = field(default_factory=list)
    contract: Contract | None = None
    changes: list[str] = field(default_factory=list)
    provider_key: tuple | None = None
    outcome: str = NEW
    extensions: Reading | None = None  # set when "3+2"-style terms become extension periods
    contract_pk: int | None = None  # once applied: the contract's, new or existing

    @property
    def kept(self) -> list[str]:
        """Text of the cells that could not be imported, from this row and the rows merged into it."""
        return [note for row in (self.row, *self.merged) for note in row.kept]


# ---------------------------------------------------------------- reading


@dataclass
class Prepared:
    file_format: str
    rows: list[SourceRow]
    table: Table | None = None
    mapping: dict = field(default_factory=dict)
    columns: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def prepare(
    data: bytes,
    *,
    source_name: str,
    mapping: dict | None = None,
    saved: dict | None = None,
    loaded: Table | JsonDocument | None = None,
) -> Prepared:
    """Bytes to source rows. Raises readers.UnreadableFile when the file as a whole cannot be read.

    `loaded`: the file already read by the caller (the worker's first step), so it is not read twice.
    """
    if loaded is None:
        loaded = read(data)
    if isinstance(loaded, JsonDocument):
        return Prepared(ImportJob.Format.OCDS, parse_document(loaded, source_name=source_name))
    if loaded.is_harvester:
        return Prepared(ImportJob.Format.HARVESTER, parse_harvester(loaded, source_name=source_name), table=loaded)
    # Matched even when the officer chose the mapping, so the report can say which columns they changed.
    matches = match_columns(loaded.keys, saved, filled=filled_columns(loaded))
    if mapping is None:
        mapping = {m.key: m.field for m in matches if m.field}
    rows = parse_table(loaded, mapping, source_name=source_name)
    return Prepared(
        ImportJob.Format.REGISTER,
        rows,
        table=loaded,
        mapping=mapping,
        columns=describe_columns(loaded.headers, mapping, matches),
        missing=missing_essentials(mapping),
    )


def filled_columns(table: Table, sample: int = 200) -> set[str]:
    filled = set()
    for _, cells in table.rows[:sample]:
        for key, cell in zip(table.keys, cells, strict=False):
            if cell not in (None, "") and str(cell).strip():
                filled.add(key)
    return filled


def saved_mapping(branch, authority_name: str) -> dict | None:
    if not authority_name:
        return None
    mapping = ImportMapping.objects.filter(authority__branch=branch, authority__name__iexact=authority_name).first()
    return mapping.columns if mapping else None


def run_import(
    *,
    data: bytes,
    source_name: str,
    branch,
    authority_name: str = "",
    mapping: dict | None = None,
    user=None,
    dry_run: bool = False,
    all_or_nothing: bool = True,
) -> ImportResult:
    """Read, plan and (unless a dry run) apply one file. Raises UnreadableFile for a file that cannot be read."""
    authority_name = " ".join(authority_name.split())
    prepared = prepare(
        data, source_name=source_name, mapping=mapping, saved=None if mapping else saved_mapping(branch, authority_name)
    )
    result = contracts_import(
        branch=branch,
        rows=prepared.rows,
        authority_name=authority_name,
        user=user,
        dry_run=dry_run,
        all_or_nothing=all_or_nothing,
        change_reason=f"Imported from {source_name}"[:100],
    )
    result.file_format, result.mapping = prepared.file_format, prepared.mapping
    result.columns, result.missing = prepared.columns, prepared.missing
    if result.applied and prepared.file_format == ImportJob.Format.REGISTER:
        _save_mappings(branch, result.authorities, prepared.mapping, user)
    return result


def _save_mappings(branch, authority_names: Iterable[str], mapping: dict, user) -> None:
    for authority in PublicAuthority.objects.filter(branch=branch, name__in=list(authority_names)):
        ImportMapping.objects.update_or_create(
            authority=authority, defaults={"columns": mapping, "updated_by": user if user and user.pk else None}
        )


# ---------------------------------------------------------------- planning and applying


def contracts_import(
    *,
    branch,
    rows: list[SourceRow],
    authority_name: str = "",
    user=None,
    dry_run: bool = False,
    all_or_nothing: bool = True,
    change_reason: str = "Imported",
) -> ImportResult:
    authorities = {_fold(a.name): a for a in PublicAuthority.objects.filter(branch=branch)}
    plans = _group(rows, authority_name)
    extended_already = _match_contracts(branch, plans, authorities)
    providers = _match_providers(plans)
    _read_extensions(plans, extended_already)
    _decide(plans)

    outcomes = _outcomes(rows, plans)
    used = sorted({p.authority_name for p in plans.values() if p.outcome != ERROR}, key=str.casefold)
    result = ImportResult(outcomes=outcomes, applied=False, dry_run=dry_run, authorities=used)
    result.extended = sum(1 for p in plans.values() if p.extensions and p.outcome in (NEW, UPDATE))
    if dry_run or (all_or_nothing and result.errors):
        return result
    good = [p for p in plans.values() if p.outcome in (NEW, UPDATE)]
    with transaction.atomic():
        _apply(branch, good, authorities, providers, user, change_reason)
    result.applied = True
    # Names as stored (existing authorities keep their spelling) so the saved mapping finds them.
    result.authorities = sorted({authorities[_fold(n)].name for n in used if _fold(n) in authorities})
    return result


def _natural_key(values: dict) -> str:
    start = values.get("start_date")
    return "~" + "|".join([_fold(values.get("service")), _fold(values.get("provider_name")), str(start or "")])


def _group(rows: list[SourceRow], authority_name: str) -> dict[tuple, Plan]:
    """Rows describing the same contract (authority + reference) become one plan; later values win."""
    plans: dict[tuple, Plan] = {}
    for row in rows:
        if row.skip or row.has_errors:
            continue
        name = authority_name or row.values.get("authority", "")
        if not name:
            row.error(
                row.column("authority"),
                "No authority is named in this row. Choose one authority for the whole file, or fill the column.",
            )
            continue
        reference = row.values.get("reference", "")
        if not reference:
            if not row.values.get("service"):
                row.error(
                    row.column("reference"),
                    "The row has neither a contract reference nor a title, so there is nothing to know it by.",
                )
                continue
            row.warn(
                row.column("reference"),
                "The row has no contract reference, so it is matched by its title, supplier and start date.",
            )
        key = (_fold(name), reference or _natural_key(row.values))
        plan = plans.get(key)
        if plan is None:
            plans[key] = Plan(row=row, authority_name=name, values=dict(row.values))
        else:
            plan.merged.append(row)
            plan.values.update({k: v for k, v in row.values.items() if v not in (None, "")})
            plan.row.kind, plan.row.detail = row.kind, row.detail
    # A planning notice or closed tender of a process the file also shows as a contract belongs to that contract.
    for row in rows:
        if row.skip and row.values.get("reference"):
            key = (_fold(authority_name or row.values.get("authority", "")), row.values["reference"])
            if key in plans:
                plans[key].merged.append(row)
    return plans


def _normal(text) -> str:
    """A title or supplier name as two registers may spell it differently: case, punctuation, "Ltd"/"Limited"."""
    words = re.sub(r"[^\w]+", " ", str(text or "").casefold()).split()
    while words and words[-1] in ("ltd", "limited", "plc", "llp"):
        words.pop()
    return " ".join(words)


def _match_contracts(branch, plans: dict[tuple, Plan], authorities: dict) -> set[int]:
    """Find each plan's existing contract; returns the ids of those that already have extension periods.

    A row without a reference is matched to a contract of the same authority with the same title and supplier (and
    start date, when the row gives one), whatever that contract's reference: the same contract imported from
    another register that does give one must not become a duplicate.
    """
    ids = {authorities[folded].pk for folded, _ in plans if folded in authorities}
    if not ids:
        return set()
    references = {reference for _, reference in plans if not reference.startswith("~")}
    unreferenced = any(reference.startswith("~") for _, reference in plans)
    existing = (
        Contract.objects.filter(branch=branch, authority_id__in=ids)
        .filter(Q() if unreferenced else Q(reference__in=references) | Q(reference=""))
        .select_related("provider", "authority")
        .order_by("pk")
    )
    index: dict[tuple, Contract] = {}
    by_title: dict[tuple, list[Contract]] = {}
    for contract in existing:
        folded = _fold(contract.authority.name)
        if contract.reference:
            index.setdefault((folded, contract.reference), contract)
        supplier = _normal(contract.provider.name if contract.provider else "")
        by_title.setdefault((folded, _normal(contract.service), supplier), []).append(contract)
    for (folded, reference), plan in plans.items():
        if not reference.startswith("~"):
            plan.contract = index.get((folded, reference))
            continue
        values = plan.values
        found = by_title.get((folded, _normal(values.get("service")), _normal(values.get("provider_name"))), [])
        if start := values.get("start_date"):
            found = [c for c in found if c.start_date in (None, start)]
        if len(found) == 1:
            plan.contract = found[0]
            how = "title, supplier and start date" if start and found[0].start_date else "title and supplier"
            plan.row.issues.append(
                Issue(
                    NOTE,
                    "",
                    f"Matched by {how} to the contract already in the register"
                    + (f" as {found[0].reference}." if found[0].reference else "."),
                )
            )
        elif len(found) > 1:
            plan.row.warn(
                "",
                f"{len(found)} contracts in the register have this title and supplier, so this row is added as a new "
                "one: give it a reference to match it.",
            )
    matched = [plan.contract.pk for plan in plans.values() if plan.contract is not None]
    return set(ContractExtension.objects.filter(contract__in=matched).values_list("contract_id", flat=True))


class _Providers:
    """Providers found (by company number, else by name) or to be created, shared by every plan."""

    def __init__(self, by_number, by_name):
        self.by_number, self.by_name = by_number, by_name
        self.new: dict[tuple, Provider] = {}
        self.numbered: list[Provider] = []

    def resolve(self, values: dict) -> Provider | None:
        name, number = values.get("provider_name", ""), values.get("company_number", "")
        charity = values.get("charity_number", "")
        if not name and not number:
            return None
        if number:
            if number in self.by_number:
                return self.by_number[number]
            named = self.by_name.get(_fold(name))
            if named is not None and not named.company_number:
                # A provider first known only by name: this row tells us its company number.
                named.company_number = number
                self.numbered.append(named)
                self.by_number[number] = named
                return named
            key = ("number", number)
        else:
            if _fold(name) in self.by_name:
                return self.by_name[_fold(name)]
            key = ("name", _fold(name))
        if key not in self.new:
            kind = Provider.Kind.CHARITY if charity and not number else Provider.Kind.COMPANY
            provider = Provider(
                name=name or f"Company {number}", company_number=number, charity_number=charity, kind=kind
            )
            self.new[key] = provider
            if number:
                self.by_number[number] = provider
            self.by_name.setdefault(_fold(provider.name), provider)
        return self.new[key]


def _match_providers(plans: dict[tuple, Plan]) -> _Providers:
    numbers = {p.values["company_number"] for p in plans.values() if p.values.get("company_number")}
    names = {_fold(p.values["provider_name"]) for p in plans.values() if p.values.get("provider_name")}
    by_number, by_name = {}, {}
    if numbers or names:
        found = (
            Provider.objects.annotate(folded=Lower("name"))
            .filter(Q(company_number__in=numbers) | Q(folded__in=names))
            .order_by("pk")
        )
        for provider in found:
            if provider.company_number:
                by_number.setdefault(provider.company_number, provider)
            by_name.setdefault(_fold(provider.name), provider)
    providers = _Providers(by_number, by_name)
    for plan in plans.values():
        plan.provider_key = providers.resolve(plan.values)
    return providers


def _read_extensions(plans: dict[tuple, Plan], extended_already: set[int]) -> None:
    """Terms like "3+2" become extension periods when the dates make them unambiguous; else they stay flagged."""
    for plan in plans.values():
        values, contract = plan.values, plan.contract
        terms = values.get("extension_terms")
        if not terms or not values.get("extension_terms_need_review"):
            continue
        if contract is not None and (
            contract.pk in extended_already
            or (contract.extension_terms == terms and not contract.extension_terms_need_review)
        ):
            continue  # an officer has already set out or reviewed these terms
        reading = read_extension_terms(
            terms,
            start=values.get("start_date") or (contract.start_date if contract else None),
            end=values.get("end_date") or (contract.end_date if contract else None),
            latest=values.get("latest_end_date") or (contract.latest_end_date if contract else None),
        )
        column = plan.row.column("extension_terms")
        if reading is None:
            if terms != NO_TERMS:
                plan.row.issues.append(
                    Issue(NOTE, column, f"The extension terms “{terms}” are kept as written and flagged for review.")
                )
            continue
        if reading.problem:
            plan.row.warn(
                column, f"The extension terms “{reading.terms}” are kept and flagged for review: {reading.problem}."
            )
            continue
        plan.extensions = reading
        values["extension_terms_need_review"] = False
        values.setdefault("latest_end_date", reading.latest_end)
        plan.row.issues.append(Issue(NOTE, column, reading.describe()))


def _decide(plans: dict[tuple, Plan]) -> None:
    for plan in plans.values():
        provider = plan.provider_key
        contract = plan.contract
        if contract is None:
            if not plan.values.get("service"):
                # The reference identifies it; a missing title must not lose the contract.
                plan.values["service"] = f"Contract {plan.values['reference']}"[:500]
                plan.row.warn(
                    plan.row.column("service"),
                    f"The row gives no title, so the new contract is called “{plan.values['service']}” until you "
                    "give it one.",
                )
            continue
        _keep_headcounts(plan, contract)
        changes = [
            name
            for name in CONTRACT_FIELDS
            if name != "extension_terms_need_review"
            and plan.values.get(name) not in (None, "")
            and plan.values[name] != getattr(contract, name)
        ]
        # Only new terms need a fresh review; an officer's earlier review of the same terms stands.
        if "extension_terms" in changes and plan.values.get("extension_terms_need_review"):
            changes.append("extension_terms_need_review")
        if plan.extensions is not None and contract.extension_terms_need_review:
            changes.append("extension_terms_need_review")
        if provider is not None and (provider.pk is None or provider.pk != contract.provider_id):
            changes.append("provider")
        new_notes = [note for note in plan.kept if note not in contract.notes]
        if new_notes:
            plan.values["notes"] = "\n".join(filter(None, [contract.notes, *new_notes]))
            changes.append("notes")
        plan.changes = changes
        plan.outcome = UPDATE if changes or plan.extensions else UNCHANGED


def _keep_headcounts(plan: Plan, contract: Contract) -> None:
    """A staff count below the members the branch already recorded would break the contract form's rule, so the
    file's figure is set aside for the officer rather than written over what the branch knows."""
    staff = plan.values.get("staff_count")
    counts = {name: getattr(contract, name) for name in ("union_members", "other_union_members", "activists")}
    if staff is None or not (problems := headcount_problems(staff, counts)):
        return
    del plan.values["staff_count"]
    name = next(iter(problems))
    plan.row.set_aside(
        "staff_count", staff, f"The contract already records more {HEADCOUNTS[name]} ({counts[name]:,}) than that."
    )


def _outcomes(rows: list[SourceRow], plans: dict[tuple, Plan]) -> list[RowOutcome]:
    by_row = {id(plan.row): plan for plan in plans.values()}
    merged_into = {id(row): plan for plan in plans.values() for row in plan.merged}
    outcomes = []
    for row in rows:
        issues = list(row.issues)
        if id(row) in merged_into:
            plan = merged_into[id(row)]
            outcome = ERROR if plan.outcome == ERROR else MERGED
            issues.insert(
                0,
                Issue(WARNING, "", f"This row is the same contract as line {plan.row.line}, so it is merged into it."),
            )
        elif row.skip:
            outcome = SKIPPED
            issues.insert(0, Issue(WARNING, "", f"Not imported: {row.skip}."))
        elif row.has_errors:
            outcome = ERROR
        elif id(row) in by_row:
            outcome = by_row[id(row)].outcome
        else:
            outcome = ERROR
        outcomes.append(
            RowOutcome(row.line, outcome, row.values.get("reference", ""), row.values.get("service", ""), issues)
        )
    return outcomes


def _apply(branch, plans: list[Plan], authorities: dict, providers: _Providers, user, reason: str) -> None:
    now = timezone.now()
    user = user if user and user.pk else None
    history = {"user": user, "reason": reason, "when": now}

    def create(model, objs: list) -> None:
        model.objects.bulk_create(objs, batch_size=BATCH)
        record_history(model, objs, history_type=CREATED, **history)

    def update(model, objs: list, fields: list[str], batch_size: int = BATCH) -> None:
        model.objects.bulk_update(objs, fields, batch_size=batch_size)
        record_history(model, objs, history_type=CHANGED, **history)

    missing = {}
    for plan in plans:
        folded = _fold(plan.authority_name)
        if folded not in authorities and folded not in missing:
            missing[folded] = PublicAuthority(branch=branch, name=plan.authority_name[:300])
    if missing:
        create(PublicAuthority, list(missing.values()))
        authorities.update(missing)

    used = {id(plan.provider_key) for plan in plans}
    new_providers = [p for p in providers.new.values() if id(p) in used]
    if new_providers:
        create(Provider, new_providers)
    if providers.numbered:
        update(Provider, providers.numbered, ["company_number"])

    created, new_rows, updated, changed_fields = [], [], [], set()
    for plan in plans:
        values = plan.values
        if plan.contract is None:
            # Column values rather than Contract instances: `bulk.insert` sends them as one array per column.
            new_rows.append(
                {
                    "branch_id": branch.pk,
                    "authority_id": authorities[_fold(plan.authority_name)].pk,
                    "provider_id": plan.provider_key.pk if plan.provider_key else None,
                    "reference": values.get("reference", ""),
                    "notes": "\n".join(filter(None, [values.get("notes", ""), *plan.kept])),
                    **{name: values[name] for name in CONTRACT_FIELDS if values.get(name) not in (None, "")},
                }
            )
            plan.changes = [n for n in CONTRACT_FIELDS if values.get(n) not in (None, "")]
            if plan.provider_key is not None:
                plan.changes.append("provider")
            created.append(plan)
        else:
            for name in plan.changes:
                setattr(plan.contract, name, plan.provider_key if name == "provider" else values[name])
            plan.contract.updated_at = now
            plan.contract_pk = plan.contract.pk
            changed_fields.update(plan.changes)
            updated.append(plan.contract)
    for plan, pk in zip(created, insert(Contract, new_rows, **history), strict=True):
        plan.contract_pk = pk
    if updated:
        update(Contract, updated, sorted(changed_fields | {"updated_at"}), batch_size=BATCH // 2)
    extensions = [
        ContractExtension(
            contract_id=plan.contract_pk, order=order, months=period.months, decision_date=period.decision_date
        )
        for plan in plans
        if plan.extensions is not None
        for order, period in enumerate(plan.extensions.periods, 1)
    ]
    if extensions:
        create(ContractExtension, extensions)

    record_sources(
        [
            Source(plan.contract_pk, name, plan.row.kind, plan.row.detail[:500], plan.values.get("as_of"))
            for plan in plans
            for name in SOURCED_FIELDS
            if name in plan.changes
        ],
        user=user,
        when=now,
    )
    freshness.mark_changed([branch.pk])  # bulk writes send no signals: the dashboards must still see them
