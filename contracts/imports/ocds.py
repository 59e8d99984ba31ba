"""Contracts Finder / Find a Tender OCDS: release packages, record packages and the flattened CSV export.

One source row per award (a release without an award is a tender notice: imported without a supplier, or
skipped when the tender was cancelled or unsuccessful). Contact points are never read: they name people.
"""

from contracts.register.models import FigureSource

from .cleaning import CellError, clean_number_id, clean_text, parse_date, parse_money
from .readers import JsonDocument, Table, UnreadableFile
from .rows import PLACEHOLDER_BELOW, SourceRow, finish, first_date
from .synonyms import TARGETS

CLOSED_TENDER = {"cancelled", "unsuccessful", "withdrawn"}
COMPANY_SCHEMES = {"GB-COH", "GB-COH-NUMBER"}
CHARITY_SCHEMES = {"GB-CHC", "GB-SC", "GB-NIC"}


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _tags(release: dict) -> set[str]:
    tags = release.get("tag")
    return {str(t) for t in tags} if isinstance(tags, list) else {str(tags)} if tags else set()


def releases_of(data) -> tuple[list, str]:
    """(releases, published date) from a release package, a record package or a bare release."""
    if not isinstance(data, dict):
        raise UnreadableFile("This JSON is not an OCDS release or record package (it has no `releases` or `records`).")
    published = data.get("publishedDate")
    if isinstance(data.get("records"), list):
        releases = []
        for record in data["records"]:
            record = _dict(record)
            compiled = record.get("compiledRelease")
            if isinstance(compiled, dict):
                releases.append(compiled)
            else:
                # Without a compiled release a record only links to releases elsewhere; report it as a row.
                releases.append({"ocid": record.get("ocid"), "_no_compiled_release": True})
        return releases, published
    if isinstance(data.get("releases"), list):
        return data["releases"], published
    if "ocid" in data:
        return [data], published
    raise UnreadableFile("This JSON is not an OCDS release or record package (it has no `releases` or `records`).")


def parse_document(document: JsonDocument, *, source_name: str) -> list[SourceRow]:
    releases, published = releases_of(document.data)
    rows = []
    for number, release in enumerate(releases, 1):
        rows.extend(release_rows(release, published=published, line=number, source_name=source_name))
    # Later releases of the same process carry newer facts; the service merges rows in this order.
    rows.sort(key=lambda r: str(r.values.get("_release_date") or ""))
    return rows


def parse_harvester(table: Table, *, source_name: str) -> list[SourceRow]:
    rows = []
    for line, cells in table.rows:
        package = unflatten(zip(table.headers, cells, strict=False))
        try:
            releases, published = releases_of(package)
        except UnreadableFile as error:
            row = SourceRow(line=line, kind=FigureSource.Kind.CONTRACTS_FINDER, detail=source_name)
            row.error("releases/0/ocid", error.reason)
            rows.append(row)
            continue
        for release in releases:
            rows.extend(release_rows(release, published=published, line=line, source_name=source_name))
    return rows


def unflatten(pairs) -> dict:
    """`releases/0/awards/0/suppliers/0/name` columns back into nested OCDS objects and arrays."""
    root: dict = {}
    for path, value in pairs:
        if value in (None, "") or not path:
            continue
        node = root
        parts = str(path).split("/")
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node.setdefault(parts[-1], value)
    return _listify(root)


def _listify(node):
    if isinstance(node, dict):
        converted = {key: _listify(value) for key, value in node.items()}
        if converted and all(key.isdigit() for key in converted):
            return [converted[key] for key in sorted(converted, key=int)]
        return converted
    return node


def release_rows(release, *, published, line: int, source_name: str) -> list[SourceRow]:
    def new_row() -> SourceRow:
        return SourceRow(line=line, kind=FigureSource.Kind.CONTRACTS_FINDER, detail=source_name)

    if not isinstance(release, dict):
        row = new_row()
        row.error("release", "This is not an OCDS release object.")
        return [row]
    ocid = clean_text(release.get("ocid"))
    if release.get("_no_compiled_release"):
        row = new_row()
        row.error("compiledRelease", "The record has no compiled release, so there is nothing to import.")
        return [row]
    tender = _dict(release.get("tender"))
    awards = [a for a in _dicts(release.get("awards")) if a.get("status") not in CLOSED_TENDER]
    contracts = _dicts(release.get("contracts"))
    parties = {str(p.get("id")): p for p in _dicts(release.get("parties"))}

    if not awards:
        row = new_row()
        _common(
            row, release, tender, parties, published, ocid, award={}, contract=_dict(contracts[0] if contracts else {})
        )
        status = clean_text(tender.get("status")).lower()
        if status in CLOSED_TENDER:
            row.skip = f"the tender was {status}, so no contract was awarded"
        elif (tags := _tags(release)) and tags <= {"planning", "planningUpdate"} or not row.values.get("service"):
            row.skip = "this is a planning notice, so there is no contract yet"
        else:
            row.warn("awards", "No supplier is named yet (this is a tender notice).")
        return [finish(row)]

    rows = []
    for award in awards:
        award_id = clean_text(award.get("id"))
        contract = next((c for c in contracts if clean_text(c.get("awardID")) == award_id), None)
        if contract is None and len(awards) == 1 and len(contracts) == 1:
            contract = contracts[0]
        row = new_row()
        reference = ocid if len(awards) == 1 or not award_id else f"{ocid}/{award_id}"
        _common(row, release, tender, parties, published, reference, award=award, contract=_dict(contract))
        _supplier(row, award, parties)
        rows.append(finish(row))
    return rows


def _detail(reference: str, source_name: str) -> str:
    """ "ocds-…-1234 in notices.json"; just the ocid when the file is named after it, as Contracts Finder's
    downloads are (the source line read "ocds-…-1234 (ocds-…-1234.json)")."""
    if not reference or source_name.removesuffix(".json").startswith(reference.split("/")[0]):
        return reference or source_name
    return f"{reference} in {source_name}"


def _common(row, release, tender, parties, published, reference, *, award, contract) -> None:
    values, columns = row.values, row.columns
    row.detail = _detail(reference, row.detail)
    values["_release_date"] = clean_text(release.get("date"))
    if reference:
        values["reference"], columns["reference"] = reference, "ocid"
    else:
        row.error("ocid", "The release has no ocid, so it cannot be matched when imported again.")

    buyer = _dict(release.get("buyer"))
    buyer_name = clean_text(buyer.get("name"))
    if not buyer_name:
        buyer_party = next((p for p in parties.values() if "buyer" in (p.get("roles") or [])), {})
        buyer_name = clean_text(buyer_party.get("name"))
    if buyer_name:
        values["authority"], columns["authority"] = buyer_name.lstrip(". "), "buyer/name"

    for path, source in (
        ("tender/title", tender.get("title")),
        ("awards/title", award.get("title")),
        ("contracts/title", contract.get("title")),
        ("title", release.get("title")),
    ):
        if title := clean_text(source):
            values["service"], columns["service"] = title, path
            break
    for path, source in (
        ("tender/description", tender.get("description")),
        ("awards/description", award.get("description")),
        ("contracts/description", contract.get("description")),
    ):
        if (text := clean_text(source, multiline=True)) and not text.lower().startswith("see description of related"):
            values["description"], columns["description"] = text, path
            break
    if cpv := _cpv(tender, award, contract):
        values["cpv_code"], columns["cpv_code"] = cpv, "items/classification"

    _value(row, tender, award, contract)
    _period(row, tender, award, contract)
    _renewal(row, tender, award, contract)
    values["as_of"] = first_date(published, release.get("date"))


def _cpv(tender, award, contract) -> str:
    classification = _dict(tender.get("classification"))
    candidates = [classification] + [
        _dict(item.get("classification"))
        for source in (tender, award, contract)
        for item in _dicts(source.get("items"))
    ]
    for candidate in candidates:
        if str(candidate.get("scheme", "")).upper() == "CPV" and candidate.get("id") not in (None, ""):
            return clean_number_id(candidate["id"])[:20]
    return ""


def _value(row, tender, award, contract) -> None:
    placeholder = None
    for path, source in (
        ("contracts/value/amount", contract.get("value")),
        ("awards/value/amount", award.get("value")),
        ("tender/value/amount", tender.get("value")),
    ):
        amount = _dict(source).get("amount")
        try:
            value = parse_money(amount)
        except CellError as error:
            row.warn(path, f"{error} The value is left unknown.")
            continue
        if value is None or value == 0:
            continue
        if value < PLACEHOLDER_BELOW:
            placeholder = placeholder or (path, value)
            continue
        row.values["total_value"], row.columns["total_value"] = value, path
        return
    if placeholder:
        row.warn(
            placeholder[0],
            f"£{placeholder[1]} is a placeholder, not the contract's value, so the value is left unknown.",
        )


def _period(row, tender, award, contract) -> None:
    milestones = {
        clean_text(m.get("title")).lower(): m.get("dueDate")
        for m in _dicts(tender.get("milestones"))
        if m.get("dueDate")
    }
    periods = [
        ("contracts/period", _dict(contract.get("period"))),
        ("awards/contractPeriod", _dict(award.get("contractPeriod"))),
        ("tender/contractPeriod", _dict(tender.get("contractPeriod"))),
        (
            "tender/milestones",
            {"startDate": milestones.get("contract start"), "endDate": milestones.get("contract end")},
        ),
    ]
    for name, key in (("start_date", "startDate"), ("end_date", "endDate"), ("latest_end_date", "maxExtentDate")):
        for path, period in periods:
            if period.get(key):
                try:
                    date = parse_date(period[key])
                except CellError as error:
                    row.warn(f"{path}/{key}", f"{error} The {TARGETS[name].label.lower()} is left unknown.")
                    continue
                if date:
                    row.values[name], row.columns[name] = date, f"{path}/{key}"
                    break


def _renewal(row, tender, award, contract) -> None:
    for path, source in (
        ("contracts", contract),
        ("awards", award),
        ("tender", tender),
        *((f"tender/lots/{i}", lot) for i, lot in enumerate(_dicts(tender.get("lots")))),
    ):
        renewal = source.get("renewal")
        description = clean_text(_dict(renewal).get("description") if isinstance(renewal, dict) else renewal)
        description = description or clean_text(source.get("renewalDescription"))
        if description or source.get("hasRenewal") is True:
            row.values["extension_terms"] = description or "Renewal possible (terms not published)"
            row.columns["extension_terms"] = f"{path}/renewal"
            return


def _supplier(row, award, parties) -> None:
    suppliers = _dicts(award.get("suppliers"))
    if not suppliers:
        row.warn("awards/suppliers", "The award names no supplier.")
        return
    first = suppliers[0]
    party = parties.get(str(first.get("id")), {})
    name = clean_text(first.get("name")) or clean_text(party.get("name"))
    if name:
        row.values["provider_name"], row.columns["provider_name"] = name, "awards/suppliers/name"
    for identifier in [
        _dict(first.get("identifier")),
        _dict(party.get("identifier")),
        *_dicts(party.get("additionalIdentifiers")),
    ]:
        scheme = clean_text(identifier.get("scheme")).upper()
        number = clean_number_id(identifier.get("id"))
        if not number:
            continue
        if scheme in COMPANY_SCHEMES and "company_number" not in row.values:
            row.values["company_number"], row.columns["company_number"] = number, "parties/identifier (GB-COH)"
        elif scheme in CHARITY_SCHEMES and "charity_number" not in row.values:
            row.values["charity_number"], row.columns["charity_number"] = number, "parties/identifier (charity)"
    supplier_id = clean_text(first.get("id"))
    if "company_number" not in row.values and supplier_id.upper().startswith("GB-COH-"):
        row.values["company_number"], row.columns["company_number"] = supplier_id[7:], "awards/suppliers/id"
    if len(suppliers) > 1:
        others = [clean_text(s.get("name")) for s in suppliers[1:] if clean_text(s.get("name"))]
        row.warn(
            "awards/suppliers",
            f"The award names {len(suppliers)} suppliers (a framework or panel); the first, {name}, is recorded.",
        )
        row.values["notes"] = "Other suppliers named in the award: " + "; ".join(others)
