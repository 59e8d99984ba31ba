"""One OCDS release from a feed, read into the fields a Notice keeps.

The contract's own figures (service, supplier, value, dates) are read by the import's OCDS reader
(`contracts.imports.ocds.release_rows`), so a notice says the same as the same file imported by hand. This module
adds what a watch needs: the kind of notice, the buyer's identifiers, the notice's id and public address.
"""

import datetime
import html
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from contracts.imports.ocds import release_rows

from .models import NoticeKind, Source, normalise_identifier, normalise_name

# Find a Tender notice ids are nnnnnn-yyyy; Contracts Finder ocids end in the notice's GUID (the copies in data/
# were rewritten to `ocds-b5fd17raw-`).
FTS_NOTICE = re.compile(r"\b(\d{6}-\d{4})\b")
CF_OCID = re.compile(r"^ocds-b5fd17(?:raw)?-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", re.I)
PUBLIC_PAGE = {
    Source.FIND_A_TENDER: "https://www.find-tender.service.gov.uk/Notice/{}",
    Source.CONTRACTS_FINDER: "https://www.contractsfinder.service.gov.uk/Notice/{}",
}


class BadRelease(ValueError):
    pass


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value) -> str:
    return " ".join(html.unescape(str(value)).split()) if value not in (None, "") else ""


def notice_kind(release: dict) -> str:
    """What sort of notice this is. Contracts Finder tags its award notices `tender`, so the awards a release
    carries count before its tags; a planning release may carry a `tender` block, so tags count before blocks.
    OCDS calls a contract `terminated` when it has come to a close, early or not: only Find a Tender's
    `contractTermination` tag or a cancelled contract is a termination."""
    tags = {str(t) for t in release.get("tag") or []} if isinstance(release.get("tag"), list) else set()
    contracts = _dicts(release.get("contracts"))
    if "contractTermination" in tags or any(c.get("status") == "cancelled" for c in contracts):
        return NoticeKind.TERMINATION
    if any(_dicts(c.get("amendments")) for c in contracts) or tags & {"contractAmendment", "contractUpdate"}:
        return NoticeKind.CHANGE
    if any(c.get("status") == "terminated" for c in contracts) or tags & {"contractCompletion"}:
        return NoticeKind.COMPLETION
    if any(_dicts(a.get("suppliers")) for a in _dicts(release.get("awards"))):
        return NoticeKind.AWARD
    for kind, kind_tags in (
        (NoticeKind.AWARD, {"award", "awardUpdate", "contract", "implementation", "implementationUpdate"}),
        (NoticeKind.TENDER, {"tender", "tenderUpdate", "tenderAmendment"}),
        (NoticeKind.PLANNING, {"planning", "planningUpdate"}),
    ):
        if tags & kind_tags:
            return kind
    if release.get("tender"):
        return NoticeKind.TENDER
    return NoticeKind.PLANNING if release.get("planning") else NoticeKind.OTHER


def buyer_of(release: dict) -> tuple[str, list[str]]:
    """The buyer's name and every identifier it is known by: scheme-id pairs and its party id."""
    parties = _dicts(release.get("parties"))
    buyer_ref = _dict(release.get("buyer"))
    party = next((p for p in parties if buyer_ref.get("id") and str(p.get("id")) == str(buyer_ref["id"])), None)
    party = party or next((p for p in parties if "buyer" in (p.get("roles") or [])), {})
    name = _text(buyer_ref.get("name")) or _text(party.get("name"))
    ids = []
    for identifier in [_dict(party.get("identifier")), *_dicts(party.get("additionalIdentifiers"))]:
        scheme, number = _text(identifier.get("scheme")), _text(identifier.get("id"))
        if scheme and number:
            ids.append(normalise_identifier(f"{scheme}-{number}"))
    for party_id in (buyer_ref.get("id"), party.get("id")):
        if party_id not in (None, ""):
            ids.append(normalise_identifier(str(party_id)))
    return name, sorted(set(ids))


def _published(release: dict, package_published) -> datetime.datetime:
    for candidate in (release.get("date"), package_published):
        if isinstance(candidate, str) and (when := parse_datetime(candidate.replace("Z", "+00:00"))):
            return when if timezone.is_aware(when) else timezone.make_aware(when, datetime.UTC)
    raise BadRelease("the release has no date")


def _notice_id(source: str, release: dict) -> str:
    ocid = str(release.get("ocid") or "")
    if source == Source.FIND_A_TENDER:
        match = FTS_NOTICE.search(str(release.get("id") or ""))
        return match.group(1) if match else ""
    match = CF_OCID.match(ocid)
    return match.group(1).lower() if match else ""


def _references(release: dict) -> list[str]:
    ids = [_dict(release.get("tender")).get("id")]
    ids += [a.get("id") for a in _dicts(release.get("awards"))]
    ids += [c.get("id") for c in _dicts(release.get("contracts"))]
    return sorted({_text(i) for i in ids if _text(i)})


def _json_values(values: dict) -> dict:
    keep = (
        "service",
        "description",
        "cpv_code",
        "value",
        "value_basis",
        "start_date",
        "end_date",
        "latest_end_date",
        "extension_terms",
        "provider_name",
        "company_number",
        "charity_number",
    )
    out = {}
    for key in keep:
        value = values.get(key)
        if value in (None, ""):
            continue
        out[key] = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return out


def read_release(source: str, release, *, package_published=None) -> dict:
    """The Notice fields of one release; BadRelease when it cannot be a notice (no ocid, id or date)."""
    if not isinstance(release, dict):
        raise BadRelease("a release is not an object")
    ocid, release_id = _text(release.get("ocid")), _text(release.get("id"))
    if not ocid or not release_id:
        raise BadRelease("the release has no ocid or id")
    rows = [r for r in release_rows(release, published=package_published, line=1, source_name=source) if r.values]
    values = rows[0].values if rows else {}
    buyer_name, buyer_ids = buyer_of(release)
    notice_id = _notice_id(source, release)
    return {
        "source": source,
        "release_id": release_id[:300],
        "ocid": ocid[:200],
        "notice_id": notice_id,
        "kind": notice_kind(release),
        "tags": [str(t) for t in release.get("tag") or []] if isinstance(release.get("tag"), list) else [],
        "title": _text(values.get("service") or release.get("title"))[:500],
        "buyer_name": buyer_name[:300],
        "buyer_key": normalise_name(buyer_name)[:300],
        "buyer_ids": buyer_ids,
        "supplier_name": _text(values.get("provider_name"))[:300],
        "company_number": str(values.get("company_number") or "")[:20],
        "references": _references(release),
        "published": _published(release, package_published),
        "url": PUBLIC_PAGE[source].format(notice_id) if notice_id else "",
        "values": _json_values(values),
    }
