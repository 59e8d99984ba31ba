"""Building POST data for the contract form and its four inline formsets."""

from contracts.register.forms import CONTRACT_FORMSETS, provider_label


def contract_form_data(contract=None, *, authority, inlines=None, **fields) -> dict:
    """A complete, valid POST for the contract form; `inlines` maps a prefix to a list of row dicts."""
    data = {
        "authority": authority.pk,
        "provider": "",
        "reference": "",
        "service": "Office cleaning",
        "value_basis": "unknown",
        "national_bargaining": "unknown",
        "two_tier": "unknown",
        "union_recognised": "unknown",
        "docas": "unknown",
    }
    if contract is not None:
        data["provider"] = provider_label(contract.provider) if contract.provider_id else ""
        for name in ["reference", "service", "value", "end_date", "staff_count", "union_members"]:
            value = getattr(contract, name)
            data[name] = "" if value is None else str(value)
        data["value_basis"] = contract.value_basis
        for name in ["other_union_members", "activists", "start_date"]:
            value = getattr(contract, name)
            data[name] = "" if value is None else str(value)
    data.update(fields)
    inlines = inlines or {}
    for prefix, _legend, _formset in CONTRACT_FORMSETS:
        existing = list(getattr(contract, prefix).all()) if contract is not None else []
        rows = inlines.get(prefix, [])
        data[f"{prefix}-TOTAL_FORMS"] = str(len(existing) + len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(existing))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for index, row in enumerate(rows, start=len(existing)):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
        for index, obj in enumerate(existing):
            data[f"{prefix}-{index}-id"] = str(obj.pk)
            data[f"{prefix}-{index}-contract"] = str(contract.pk)
            for field in _formset.form.base_fields:
                if field in ("id", "contract", "DELETE"):
                    continue
                value = getattr(obj, f"{field}_id" if field == "provider" else field)
                data.setdefault(f"{prefix}-{index}-{field}", "" if value is None else str(value))
    return data
