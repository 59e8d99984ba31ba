"""The fields a register column can fill, and how a column's header is matched to one by what it means.

Headers are compared after `normalise_header`, so case, punctuation and spacing do not matter. A header is
matched in three ways, most trusted first: the authority's mapping saved at its last import; a name on the
known list below (the Local Government Transparency Code / LGA "contracts" layout is the baseline, other
councils' spellings are synonyms); then by the meaning of its words. For the last, each field has signatures:
the word meanings a header must have, may have, and must not have ("Latest end date" is an end date word plus a
latest word, so it is the latest possible end date, not the end date). The confidence is the share of the
header's words the field explains; of the fields that explain enough, the one needing most meanings (the most
specific) wins. A header that no field explains well enough, or that two fields explain equally, is left
unmatched with the fields it could be, for the officer to choose: it is never guessed silently.
"""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field


@dataclass(frozen=True)
class Target:
    label: str
    kind: str  # text, longtext, money, date, yesno


TARGETS: dict[str, Target] = {
    "reference": Target("Contract reference", "text"),
    "authority": Target("Authority (buyer)", "text"),
    "service": Target("Title or service", "text"),
    "description": Target("Description", "longtext"),
    "service_category": Target("Service category", "text"),
    "cpv_code": Target("CPV code", "text"),
    "total_value": Target("Value of the whole contract", "money"),
    "annual_value": Target("Value per year", "money"),
    "extended_value": Target("Value including extensions", "money"),
    "original_tender_date": Target("Original tender date", "date"),
    "start_date": Target("Start date", "date"),
    "end_date": Target("End date", "date"),
    "latest_end_date": Target("Latest possible end date", "date"),
    "extension_terms": Target("Extension options", "text"),
    "extendable": Target("Can be extended (yes/no)", "yesno"),
    "staff_count": Target("Staff employed", "count"),
    "provider_name": Target("Supplier name", "text"),
    "company_number": Target("Supplier company number", "text"),
    "charity_number": Target("Supplier charity number", "text"),
    "as_of": Target("Date the register was published", "date"),
}

SYNONYMS: dict[str, list[str]] = {
    "reference": [
        "contract_reference_number_id",
        "contract_reference_number",
        "contract_reference",
        "contract_ref",
        "contract_ref_no",
        "contract_number",
        "contract_no",
        "contract_id",
        "reference_number",
        "reference",
        "ref",
        "ref_no",
        "our_ref",
        "contract_code",
    ],
    "authority": [
        "organisation_name",
        "organisation",
        "organization_name",
        "authority",
        "authority_name",
        "local_authority",
        "council",
        "buyer",
        "buyer_name",
        "contracting_authority",
        "contracting_body",
        "public_body",
    ],
    "service": [
        "title_of_the_agreement",
        "title_of_agreement",
        "title",
        "contract_title",
        "contract_name",
        "agreement_title",
        "name_of_contract",
        "contracted_service",
        "service",
        "service_provided",
        "subject",
        "subject_matter",
        "contract_description_short",
    ],
    "description": [
        "description_of_goods_and_services",
        "description_of_goods_services",
        "description",
        "contract_description",
        "details",
        "scope",
        "summary",
    ],
    "service_category": [
        "service_category_label",
        "service_category",
        "procurement_classification_councils_procurement_category_label",
        "procurement_category",
        "category",
        "spend_category",
    ],
    "cpv_code": ["procurement_classification_cpv_code", "cpv_code", "cpv", "cpv_codes"],
    "total_value": [
        "contract_value",
        "total_contract_value",
        "total_value",
        "original_value",
        "original_contract_value",
        "estimated_value",
        "estimated_contract_value",
        "value",
        "value_gbp",
        "contract_value_gbp",
        "whole_life_value",
        "total_value_of_contract",
    ],
    "annual_value": [
        "annual_contract_value",
        "annual_value",
        "annual_value_gbp",
        "value_per_annum",
        "yearly_value",
        "annual_spend",
        "estimated_annual_value",
    ],
    "extended_value": ["extended_value", "value_including_extensions", "total_value_including_extensions"],
    "original_tender_date": ["original_tender_date", "tender_date", "date_tendered", "date_of_tender", "award_date"],
    "start_date": [
        "contract_start_date",
        "start_date",
        "validity_start",
        "start",
        "commencement_date",
        "contract_start",
        "date_from",
        "from",
    ],
    "end_date": [
        "end_date",
        "contract_end_date",
        "contract_current_end_date",
        "current_end_date",
        "validity_end",
        "expiry_date",
        "contract_expiry_date",
        "end",
        "date_to",
        "to",
    ],
    "latest_end_date": [
        "maximum_contract_end_date",
        "max_contract_end_date",
        "max_end_date",
        "latest_end_date",
        "end_date_including_extensions",
        "end_date_with_extensions",
        "final_end_date",
        "latest_possible_end_date",
    ],
    "extension_terms": [
        "extension_options",
        "extension_terms",
        "extension_period",
        "extension_periods",
        "extensions",
        "option_to_extend",
        "extension_details",
    ],
    "extendable": [
        "contract_extendable",
        "extendable",
        "can_be_extended",
        "extension_available",
        "option_to_extend_y_n",
    ],
    "staff_count": [
        "staff_employed",
        "staff_count",
        "number_of_staff",
        "no_of_staff",
        "staff_numbers",
        "staff_on_contract",
        "staff_on_the_contract",
        "number_of_staff_on_contract",
        "number_of_staff_employed",
        "headcount",
        "staff_headcount",
        "total_staff",
        "number_of_employees",
        "employees",
        "workforce",
        # The guide's basic register has one column for both; its cell ("45 / 12") is kept in the notes to read.
        "number_of_staff_union_members",
        "number_of_staff_members",
    ],
    "provider_name": [
        "supplier_name",
        "supplier",
        "suppliers",
        "provider",
        "provider_name",
        "contractor",
        "contractor_name",
        "awarded_to",
        "supplier_s",
        "company_name",
        "vendor",
        "vendor_name",
    ],
    "company_number": [
        "supplier_registered_company_number",
        "company_number",
        "company_registration_number",
        "companies_house_number",
        "registered_company_number",
        "supplier_company_number",
        "crn",
        "company_reg_no",
    ],
    "charity_number": [
        "supplier_registered_charity_number",
        "charity_number",
        "registered_charity_number",
        "supplier_charity_number",
        "charity_no",
    ],
    "as_of": ["effective_date", "date_published", "published_date", "publication_date", "as_at", "as_at_date"],
}

# Columns that name or reach a person. They are never mapped by guessing; the page marks them.
# A budget holder, contract owner or service lead is a named officer, whatever field words the header also has.
PERSONAL_DATA = re.compile(
    r"(contact|e_?mail|phone|telephone|mobile|fax|officer|manager_name|named_person|responsible_person|holder"
    r"|(^|_)owner($|_)|_lead$)"
)


# ---------------------------------------------------------------- matching by meaning

# Word meanings. A word may have several ("awarded": a supplier, a value or a tender); each word also means
# itself, so a signature can ask for one word in particular ("extendable", "crn").
MEANINGS: dict[str, set[str]] = {
    "contract": {"contract", "agreement", "arrangement", "contracted", "contracting", "framework", "lot"},
    "reference": {"reference", "ref", "id", "identifier", "code", "key"},
    "number": {"number", "no", "num", "nr", "registration", "reg", "registered"},
    "title": {"title", "name", "subject"},
    "service": {"service", "goods", "works", "provided", "provision", "requirement"},
    "description": {"description", "desc", "detail", "scope", "summary", "specification"},
    "authority": {
        "authority",
        "council",
        "buyer",
        "organisation",
        "organization",
        "body",
        "purchaser",
        "department",
        "commissioner",
        "entity",
    },
    "category": {"category", "classification", "type", "class", "label"},
    "cpv": {"cpv"},
    "value": {"value", "amount", "cost", "spend", "price", "award", "awarded", "worth", "sum", "budget", "fee"},
    "annual": {"annual", "annum", "yearly", "year", "pa", "annually"},
    "total": {"total", "whole", "life", "lifetime", "overall", "estimated", "estimate", "original", "aggregate"},
    "start": {"start", "commencement", "commence", "commencing", "from", "begin", "beginning", "starting"},
    "end": {"end", "expiry", "expiration", "expire", "expires", "expiring", "to", "until", "till", "finish", "ending"},
    "date": {"date", "dt", "day"},
    "latest": {"latest", "max", "maximum", "final", "furthest", "longstop", "ultimate"},
    "extension": {"extension", "extend", "extended", "extendable", "renewal", "renew", "renewable"},
    "option": {"option", "term", "period", "detail", "available", "availability", "length", "further"},
    "yesno": {"y", "n", "yn", "yes"},
    "supplier": {"supplier", "contractor", "provider", "vendor", "company", "firm", "awarded", "incumbent"},
    "company": {"company", "companies", "crn"},
    "charity": {"charity", "charities"},
    "tender": {"tender", "tendered", "tendering", "award", "awarded", "procured", "procurement"},
    "published": {"published", "publication", "publish"},
    # People, not money: "Staff costs" has a value word as well and so is not a headcount.
    "staff": {"staff", "headcount", "employee", "employed", "workforce", "worker", "people", "tupe"},
}
# Words that say nothing about which field a column is, so they neither help nor hurt a match.
FILLER = {
    "the", "of", "a", "an", "for", "in", "on", "and", "or", "by", "per", "with", "if", "any", "all", "is", "be",
    "s", "current", "inc", "incl", "including", "exc", "excl", "excluding", "ex", "vat", "gbp", "approx", "new",
}  # fmt: skip
_WORD_MEANINGS: dict[str, set[str]] = {}
for _meaning, _words in MEANINGS.items():
    for _word in _words:
        _WORD_MEANINGS.setdefault(_word, {_word}).add(_meaning)


@dataclass(frozen=True)
class Signature:
    field: str
    needs: frozenset  # every one of these meanings
    may: frozenset = frozenset()  # meanings that explain the header's other words
    not_with: frozenset = frozenset()  # a header with any of these means something else


def _sig(name: str, needs: str, may: str = "", not_with: str = "") -> Signature:
    return Signature(name, frozenset(needs.split()), frozenset(may.split()), frozenset(not_with.split()))


SIGNATURES: list[Signature] = [
    _sig("reference", "reference", "contract number our unique internal", "supplier charity cpv category authority"),
    _sig("reference", "contract number", "reference", "supplier company charity value date"),
    # "Provider organisation" is the supplier: an organisation word with a supplier word is never the buyer.
    _sig("authority", "authority", "name contract local public commissioning", "reference number category supplier"),
    _sig("service", "title", "contract service project tender", "supplier authority charity category"),
    _sig("service", "service", "contract title provided area", "category supplier authority date value start end"),
    _sig("description", "description", "contract service short", "supplier category"),
    _sig("service_category", "category", "service procurement spend contract council", "supplier"),
    _sig("cpv_code", "cpv", "reference number procurement", "category"),
    _sig("total_value", "value", "contract total tender", "annual extension date start end"),
    _sig("annual_value", "value annual", "contract total", "date extension"),
    _sig("extended_value", "value extension", "total contract latest", "date"),
    _sig("original_tender_date", "tender date", "original contract"),
    _sig("start_date", "start", "date contract service original valid validity", "value end extension published"),
    _sig("end_date", "end", "date contract original service initial valid validity", "latest extension start value"),
    _sig("latest_end_date", "latest end", "date contract possible extension"),
    _sig("latest_end_date", "end extension", "date contract after latest", "start"),
    _sig("latest_end_date", "latest date", "possible contract extension", "start tender published value"),
    _sig("extension_terms", "extension", "option contract to possible", "date value yesno extendable"),
    _sig("extendable", "extendable", "contract yesno"),
    _sig("extendable", "extension yesno", "contract option available to can"),
    _sig(
        "provider_name",
        "supplier",
        "name contract to successful legal trading organisation organization body",
        "number reference charity address postcode value date category",
    ),
    _sig("company_number", "company number", "supplier house", "charity"),
    _sig("company_number", "company house", "supplier number"),
    _sig("company_number", "crn", "supplier company"),
    _sig("charity_number", "charity number", "supplier commission"),
    _sig("as_of", "published", "date register data"),
    _sig("staff_count", "staff", "number total contract count", "value date supplier charity company"),
]
SURE = 0.99  # every word of the header is explained
LIKELY = 0.66  # the least share of a header's words a field must explain to be matched without asking


def header_words(key: str) -> list[str]:
    """The words of a normalised header, plurals made singular, without the suffix of a repeated header."""
    words = []
    for word in key.split("_"):
        if not word or word.isdigit():
            continue
        if word not in _WORD_MEANINGS and len(word) > 3 and word.endswith("s"):
            if word.endswith("ies") and word[:-3] + "y" in _WORD_MEANINGS:
                word = word[:-3] + "y"  # "charities"
            elif word[:-1] in _WORD_MEANINGS:
                word = word[:-1]  # "suppliers", "extensions"
        words.append(word)
    return words


@dataclass(frozen=True)
class Candidate:
    field: str
    confidence: float
    specificity: int


def _candidates(words: list[str]) -> list[Candidate]:
    """Each field some signature fits, with the share of the header's meaningful words it explains."""
    meanings = [_WORD_MEANINGS.get(word, {word}) for word in words if word not in FILLER]
    if not meanings:
        return []
    present = set().union(*meanings)
    best: dict[str, Candidate] = {}
    for signature in SIGNATURES:
        if not signature.needs <= present or signature.not_with & present:
            continue
        explains = signature.needs | signature.may
        confidence = sum(1 for m in meanings if m & explains) / len(meanings)
        candidate = Candidate(signature.field, round(confidence, 2), len(signature.needs))
        held = best.get(signature.field)
        if held is None or (candidate.specificity, candidate.confidence) > (held.specificity, held.confidence):
            best[signature.field] = candidate
    return sorted(best.values(), key=lambda c: (c.specificity, c.confidence), reverse=True)


def _near_fields(words: list[str]) -> list[str]:
    """Fields sharing a meaning with the header, most shared first: what an unmatched column could be."""
    present = set().union(*(_WORD_MEANINGS.get(w, {w}) for w in words if w not in FILLER), set())
    scores: dict[str, int] = {}
    for signature in SIGNATURES:
        shared = len(signature.needs & present) * 2 + len(signature.may & present)
        if signature.needs & present:
            scores[signature.field] = max(scores.get(signature.field, 0), shared)
    ranked = sorted(scores, key=lambda name: -scores[name])
    return [name for name in ranked if scores[name] == scores[ranked[0]]][:3] if ranked else []


KNOWN, SAVED, WORDS, CHOSEN = "known", "saved", "words", "chosen"


@dataclass
class ColumnMatch:
    """What one column of a file was matched to, how, and how sure; or what it could be when unmatched."""

    key: str
    field: str = ""
    how: str = ""  # KNOWN, SAVED, WORDS or CHOSEN
    confidence: float = 0.0
    could_be: list[str] = dataclass_field(default_factory=list)  # when left for the officer: the fields it may mean
    personal: bool = False
    taken_by: str = ""  # the column that already fills the field this one means


def match_header(key: str) -> ColumnMatch:
    """One header on its own: a field when the name is known or its words leave no doubt, else what it may be."""
    match = ColumnMatch(key=key, personal=is_personal(key))
    base = re.sub(r"_\d+$", "", key)  # "end_date_2": the second column headed "End date"
    if base in _LOOKUP or key in _LOOKUP:
        match.field, match.how, match.confidence = _LOOKUP.get(key) or _LOOKUP[base], KNOWN, 1.0
        return match
    words = header_words(base)
    candidates = [c for c in _candidates(words) if c.confidence >= LIKELY]
    if candidates:
        top = candidates[0]
        rivals = [c.field for c in candidates[1:] if (c.specificity, c.confidence) == (top.specificity, top.confidence)]
        if not rivals:
            match.field, match.how, match.confidence = top.field, WORDS, top.confidence
            return match
        match.could_be = [top.field, *rivals]
        return match
    match.could_be = _near_fields(words)
    return match


_LOOKUP = {synonym: name for name, synonyms in SYNONYMS.items() for synonym in synonyms}


def normalise_header(header) -> str:
    text = str(header or "").strip().lower().replace("&", " and ").replace("£", " gbp ")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def unique_keys(headers: list) -> list[str]:
    """A normalised key per column, suffixed where two columns normalise alike, so a mapping is unambiguous."""
    keys, seen = [], {}
    for index, header in enumerate(headers):
        key = normalise_header(header) or f"column_{index + 1}"
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}_{seen[key]}")
    return keys


def is_personal(key: str) -> bool:
    return bool(PERSONAL_DATA.search(key))


def match_columns(
    keys: list[str], saved: dict[str, str] | None = None, filled: set[str] = frozenset()
) -> list[ColumnMatch]:
    """A ColumnMatch per column, in the file's order; each field filled by one column at most.

    An authority's saved mapping comes first, then known names, then word matches, surest first; among equally
    sure columns, those with data (`filled`) win over empty ones that mean the same (Norfolk's category label is
    empty, its procurement category is not). Personal-data columns are never matched by guessing.
    """
    saved = {k: v for k, v in (saved or {}).items() if v in TARGETS}
    matches = {key: match_header(key) for key in keys}
    taken: dict[str, str] = {}
    for key in keys:
        if key in saved and saved[key] not in taken:
            match = matches[key]
            match.field, match.how, match.confidence, match.could_be = saved[key], SAVED, 1.0, []
            taken[saved[key]] = key
    guessed = [k for k in keys if k not in saved and matches[k].field]
    guessed.sort(key=lambda k: (matches[k].how != KNOWN, -matches[k].confidence, k not in filled, keys.index(k)))
    for key in guessed:
        match = matches[key]
        if match.personal:
            match.could_be, match.field, match.how, match.confidence = [match.field], "", "", 0.0
        elif match.field in taken:
            match.could_be, match.taken_by = [match.field], taken[match.field]
            match.field, match.how, match.confidence = "", "", 0.0
        else:
            taken[match.field] = key
    for key in keys:
        if key in saved and matches[key].how != SAVED:  # saved for a field another saved column took
            matches[key].field = ""
    return [matches[key] for key in keys]


def guess_mapping(
    keys: list[str], saved: dict[str, str] | None = None, filled: set[str] = frozenset()
) -> dict[str, str]:
    """{column key: field} as `match_columns` matched them, leaving out the columns left for the officer."""
    return {m.key: m.field for m in match_columns(keys, saved, filled) if m.field}


# Without these a contract cannot be followed: no renewal clock, no supplier to look into, no figure to weigh.
ESSENTIAL = {
    "end date": ("end_date",),
    "supplier": ("provider_name", "company_number"),
    "contract value": ("total_value", "annual_value", "extended_value"),
}


def missing_essentials(mapping: dict[str, str]) -> list[str]:
    """A whole sentence for each essential field no column fills."""
    used = set(mapping.values())
    return [
        f"No column was found for the {name}, so no contract in this file gets one. If the file has such a column, "
        "match it by hand on the column matching page."
        for name, fields in ESSENTIAL.items()
        if not used & set(fields)
    ]


def _labels(names: list[str]) -> str:
    return " or ".join(f"“{TARGETS[name].label}”" for name in names if name in TARGETS)


def describe_columns(headers: list[str], mapping: dict[str, str], matches: list[ColumnMatch]) -> list[dict]:
    """Each column of the file, the field it fills and how sure the match was, or why it was not used."""
    header_of = {m.key: headers[i] if i < len(headers) else m.key for i, m in enumerate(matches)}
    described = []
    for match in matches:
        header = header_of[match.key] or match.key
        chosen = mapping.get(match.key, "")
        if chosen and chosen in TARGETS:
            if chosen != match.field:
                how, sure = "Chosen on the column matching page.", "certain"
            elif match.how == SAVED:
                how, sure = "Matched as at this authority's last import.", "certain"
            elif match.how == KNOWN:
                how, sure = "A usual name for this field.", "certain"
            elif match.confidence >= SURE:
                how, sure = "Matched by the meaning of every word in its name.", "sure"
            else:
                how, sure = "Matched by the meaning of most words in its name: check it.", "likely"
            described.append({"column": header, "field": TARGETS[chosen].label, "sure": sure, "how": how})
            continue
        if match.field:
            how = "Not used: left out on the column matching page."
        elif match.personal:
            how = "Not used: it may hold personal data, which is only imported when you choose a field for it."
        elif match.taken_by:
            how = (
                f"Not used: it also looks like {_labels(match.could_be)}, which comes from "
                f"column “{header_of.get(match.taken_by, match.taken_by)}”."
            )
        elif match.could_be:
            how = (
                f"Not used: it could be {_labels(match.could_be)}, so we did not guess. If it is, choose it on the "
                "column matching page."
            )
        else:
            how = "Not used: its name matches no contract field."
        described.append({"column": header, "field": "", "sure": "", "how": how})
    return described
