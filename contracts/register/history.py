"""A contract's change history, read from django-simple-history: who changed what, when, field by field."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from .models import (
    Contract,
    ContractEvent,
    ContractExtension,
    ContractPriority,
    ContractRiskFlag,
    Provider,
    PublicAuthority,
    Workplace,
)

ACTIONS = {"+": "added", "~": "changed", "-": "removed"}
# Where a change came from, stored as simple_history's change reason by the code that made it (imports write
# "Imported from <file>").
FROM_CONTRACT_FORM = "Contract form"
FROM_PRIORITY_FORM = "Priority scores form"


def from_foi_reply(reference: str) -> str:
    return f"Reply to FoI request {reference}"[:100]


SKIPPED_FIELDS = {"id", "contract", "branch", "created_at", "updated_at"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    user: object
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)
    source: str = ""


def _display(model, name: str, value, names: dict) -> str:
    if value is None or value == "":
        return "blank"
    model_field = model._meta.get_field(name)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _label(model, name: str) -> str:
    # The first letter up and the rest as written: str.capitalize() made "CPV code" "Cpv code".
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]


def _related_names(records_by_model) -> dict:
    """Names for provider and authority ids in the history, two queries whatever the length."""
    wanted = {Provider: set(), PublicAuthority: set()}
    for model, records in records_by_model:
        for name in _fields(model):
            related = model._meta.get_field(name).related_model
            if related in wanted:
                wanted[related].update(getattr(r, f"{name}_id") for r in records)
    names = {}
    for related, ids in wanted.items():
        for pk, name in related.objects.filter(pk__in=ids - {None}).values_list("pk", "name"):
            names[(related, pk)] = name
    return names


def _entries(model, records, names, subject_prefix) -> list[Entry]:
    entries = []
    fields = _fields(model)
    for _pk, versions in groupby(records, key=lambda r: r.id):
        previous = None
        for record in versions:
            action = ACTIONS[record.history_type]
            changes = []
            if record.history_type == "+":
                for name in fields:
                    new = _display(model, name, getattr(record, _attname(model, name)), names)
                    if new != "blank":
                        changes.append(Change(_label(model, name), "", new))
            elif record.history_type == "~" and previous is not None:
                delta = record.diff_against(previous, included_fields=fields)
                for change in delta.changes:
                    changes.append(
                        Change(
                            _label(model, change.field),
                            _display(model, change.field, change.old, names),
                            _display(model, change.field, change.new, names),
                        )
                    )
            if action != "changed" or changes:
                # The contract and its scores are one row each; other parts are named by their own text.
                one_row = model in (Contract, ContractPriority)
                subject = subject_prefix if one_row else f"{subject_prefix}: {record.instance}"
                source = record.history_change_reason or ""
                entries.append(Entry(record.history_date, record.history_user, subject, action, changes, source))
            previous = record
    return entries


def _attname(model, name):
    return model._meta.get_field(name).attname


def contract_history(contract: Contract) -> list[Entry]:
    """Every recorded change to the contract and its parts, newest first."""
    parts = [
        (Contract, "Contract", contract.history.all()),
        (ContractExtension, "Extension", ContractExtension.history.filter(contract_id=contract.pk)),
        (Workplace, "Workplace", Workplace.history.filter(contract_id=contract.pk)),
        (ContractEvent, "Event", ContractEvent.history.filter(contract_id=contract.pk)),
        (ContractRiskFlag, "Risk", ContractRiskFlag.history.filter(contract_id=contract.pk)),
        (ContractPriority, "Priority scores", ContractPriority.history.filter(contract_id=contract.pk)),
    ]
    loaded = [
        (model, prefix, list(qs.select_related("history_user").order_by("id", "history_date", "history_id")))
        for model, prefix, qs in parts
    ]
    names = _related_names([(model, records) for model, _prefix, records in loaded])
    entries = [e for model, prefix, records in loaded for e in _entries(model, records, names, prefix)]
    return sorted(entries, key=lambda e: e.when, reverse=True)
