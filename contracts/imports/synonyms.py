"""The fields a register column can fill, and the names councils give those columns.

The Local Government Transparency Code / LGA "contracts" layout is the baseline (Norfolk's headers); other
councils' spellings are synonyms. Headers are compared after `normalise_header`, so case, punctuation and
spacing do not matter.
"""

import re
from dataclasses import dataclass


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
        "last_extension_date",
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
PERSONAL_DATA = re.compile(
    r"(contact|e_?mail|phone|telephone|mobile|fax|officer|manager_name|named_person|responsible_person)"
)

_LOOKUP = {synonym: field for field, synonyms in SYNONYMS.items() for synonym in synonyms}


def normalise_header(header) -> str:
    text = str(header or "").strip().lower().replace("&", " and ")
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


def guess_mapping(
    keys: list[str], saved: dict[str, str] | None = None, filled: set[str] = frozenset()
) -> dict[str, str]:
    """{column key: field} from an authority's saved mapping first, then the synonym map; each field once.

    Columns with data (`filled`) win over empty ones that mean the same (Norfolk's category label is empty,
    its procurement category is not).
    """
    mapping: dict[str, str] = {}
    used: set[str] = set()
    ordered = [k for k in keys if k in filled] + [k for k in keys if k not in filled]
    for source in (saved or {}, _LOOKUP):
        for key in ordered:
            field = source.get(key)
            if key in mapping or not field or field not in TARGETS or field in used:
                continue
            if source is _LOOKUP and is_personal(key):
                continue
            mapping[key] = field
            used.add(field)
    return mapping
