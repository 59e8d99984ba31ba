"""Header matching by meaning, every column accounted for, and rows that a bad secondary cell never loses."""

import datetime
import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.imports import run_import
from contracts.imports.synonyms import describe_columns, match_columns, match_header, normalise_header
from contracts.models import Contract

D = datetime.date


def _field(header: str) -> str:
    return match_header(normalise_header(header)).field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Title of Contract", "service"),
        ("Company No.", "company_number"),
        ("Extension Option", "extension_terms"),
        ("Expiry", "end_date"),
        ("Valid until", "end_date"),
        ("Finish date", "end_date"),
        ("Contract amount", "total_value"),
        ("Annual contract cost", "annual_value"),
        ("Estimated Annual Value £", "annual_value"),
        ("Vendor", "provider_name"),
        ("Name of supplier", "provider_name"),
        ("Commencement", "start_date"),
        ("Companies House No", "company_number"),
        ("Charity reg no", "charity_number"),
        ("Expiry Date (inc. extensions)", "latest_end_date"),
        ("Extension end date", "latest_end_date"),
        ("Contracting body name", "authority"),
        ("Extension available Y/N", "extendable"),
        ("Date of publication", "as_of"),
        # From a user's walk-through: the provider is the supplier, whatever organisation word comes with it.
        ("Provider organisation", "provider_name"),
        ("Supplier organisation", "provider_name"),
        ("Service area", "service"),
        ("Budget", "total_value"),
        # From issue #19: a staff-count column had no field to fill, so it was dropped.
        ("Staff on contract", "staff_count"),
        ("Number of staff", "staff_count"),
        ("Staff employed", "staff_count"),
        ("Headcount", "staff_count"),
        ("Total number of staff", "staff_count"),
        ("Number of staff / union members", "staff_count"),
    ],
)
def test_headers_off_the_list_are_matched_by_the_meaning_of_their_words(header, field):
    assert _field(header) == field


@pytest.mark.parametrize("header", ["Budget holder", "Contract owner", "Service area lead", "Commissioning lead"])
def test_a_column_naming_an_officer_is_never_guessed_whatever_field_words_it_has(header):
    headers = [header, "Contract reference"]
    matches = match_columns([normalise_header(h) for h in headers])
    assert (matches[0].field, matches[0].personal) == ("", True)
    described = describe_columns(headers, {"contract_reference": "reference"}, matches)
    assert described[0]["how"].startswith("Not used: it may hold personal data")


def test_the_provider_organisation_is_the_supplier_and_the_buyer_comes_from_its_own_column():
    headers = ["Organisation", "Provider organisation", "Service area", "Budget holder", "Contract value"]
    fields = [m.field for m in match_columns([normalise_header(h) for h in headers])]
    assert fields == ["authority", "provider_name", "service", "", "total_value"]


def test_last_extension_date_is_never_taken_for_the_latest_end_date():
    match = match_header(normalise_header("Last extension date"))
    assert (match.field, match.could_be) == ("", ["latest_end_date"])


@pytest.mark.parametrize(
    ("header", "could_be"),
    [("Supplier address", ["provider_name"]), ("Supplier ID", ["reference", "provider_name"])],
)
def test_headers_with_words_we_do_not_understand_are_left_for_the_officer(header, could_be):
    match = match_header(normalise_header(header))
    assert (match.field, match.could_be) == ("", could_be)


def test_the_most_specific_field_wins():
    assert _field("Latest contract end date") == "latest_end_date"
    assert _field("Total value including extensions") == "extended_value"
    assert _field("Annual value") == "annual_value"


def test_each_field_is_filled_once_and_the_other_column_says_where_it_comes_from():
    # A name on the known list beats a match by words, even when the other column has more data.
    headers = ["Contract finish", "Expiry date", "Lead officer email", "Notes"]
    keys = [normalise_header(h) for h in headers]
    matches = match_columns(keys, filled={"contract_finish"})
    assert [m.field for m in matches] == ["", "end_date", "", ""]
    described = describe_columns(headers, {"expiry_date": "end_date"}, matches)
    assert [c["field"] for c in described] == ["", "End date", "", ""]
    assert described[0]["how"] == "Not used: it also looks like “End date”, which comes from column “Expiry date”."
    assert described[2]["how"].startswith("Not used: it may hold personal data")
    assert described[3]["how"] == "Not used: its name matches no contract field."


def test_a_mapping_the_officer_changed_is_reported_as_chosen():
    headers = ["Last extension date"]
    matches = match_columns([normalise_header(h) for h in headers])
    described = describe_columns(headers, {"last_extension_date": "latest_end_date"}, matches)
    assert described == [
        {
            "column": "Last extension date",
            "field": "Latest possible end date",
            "sure": "certain",
            "how": "Chosen on the column matching page.",
        }
    ]


# ---------------------------------------------------------------- bad cells never lose the row


@pytest.mark.django_db
def test_unreadable_secondary_cells_import_empty_with_a_sentence_and_the_text_kept(branch_a):
    text = (
        "Contract reference,Title,Supplier,Start date,End date,Contract value,Company number\n"
        "R1,Cleaning,A Ltd,someday,31/02/2027,lots,123456789012345678901234\n"
    )
    result = run_import(data=text.encode(), source_name="r.csv", branch=branch_a, authority_name="Demo Council")
    assert (result.count("new"), result.errors, result.exit_code) == (1, 0, 0)
    contract = Contract.objects.select_related("provider").get()
    assert (contract.start_date, contract.end_date, contract.value) == (None, None, None)
    assert (contract.service, contract.provider.name, contract.provider.company_number) == ("Cleaning", "A Ltd", "")
    warnings = {issue.column: issue.reason for issue in result.outcomes[0].issues}
    assert warnings["End date"] == (
        "“31/02/2027” is not a real date: there is no day 31 of month 2 in 2027. The end date is imported empty and "
        "flagged for review; the text is kept in the contract's notes."
    )
    assert warnings["Contract value"].startswith("“lots” is not an amount of money (we read e.g. £1,234.56).")
    assert warnings["Company number"].startswith("It is 24 characters long; at most 20 fit.")
    for reason in warnings.values():
        assert (reason[0].isupper() or reason[0] == "“") and reason.endswith(".")
    assert "r.csv line 2, column “End date”, said “31/02/2027”" in contract.notes
    assert "column “Contract value”, said “lots”" in contract.notes


PLACEHOLDERS = ["TBC", "tbc", "TBA", "n/a", "-", "unknown", "various", "£ TBC"]


@pytest.mark.django_db
def test_a_placeholder_word_for_the_value_imports_the_row_and_says_what_the_file_said(branch_a):
    text = "Contract reference,Title,Supplier,End date,Contract value\n" + "".join(
        f"R{i},Cleaning,A Ltd,31/03/2027,{word}\n" for i, word in enumerate(PLACEHOLDERS)
    )
    result = run_import(data=text.encode(), source_name="r.csv", branch=branch_a, authority_name="Demo Council")
    assert (result.count("new"), result.errors, result.warnings) == (len(PLACEHOLDERS), 0, len(PLACEHOLDERS))
    for i, (outcome, word) in enumerate(zip(result.outcomes, PLACEHOLDERS, strict=True)):
        [issue] = outcome.issues
        assert (issue.level, issue.column) == ("warning", "Contract value")
        assert issue.reason == (
            f"The file said “{word}” instead of an amount. The value of the whole contract is imported empty and "
            "flagged for review; the text is kept in the contract's notes."
        )
        contract = Contract.objects.get(reference=f"R{i}")
        assert (contract.value, contract.end_date) == (None, datetime.date(2027, 3, 31))
        assert f"r.csv line {i + 2}, column “Contract value”, said “{word}”" in contract.notes


@pytest.mark.django_db
def test_a_placeholder_word_for_a_date_says_what_the_file_said(branch_a):
    text = "Contract reference,Title,Start date\nR1,Cleaning,TBA\n"
    result = run_import(data=text.encode(), source_name="r.csv", branch=branch_a, authority_name="Demo Council")
    [issue] = result.outcomes[0].issues
    assert issue.reason.startswith("The file said “TBA” instead of a date. The start date is imported empty")


@pytest.mark.django_db
def test_warnings_name_the_file_s_column_and_our_field_where_the_header_does_not_say_it(branch_a):
    text = "Ref,Title,Supplier,Commencement,Expiry,Contract cost\nR1,Cleaning,A Ltd,someday,soon,lots\n"
    result = run_import(data=text.encode(), source_name="r.csv", branch=branch_a, authority_name="Demo Council")
    warnings = {issue.column: issue.reason for issue in result.outcomes[0].issues}
    # "Contract cost" does not say which of the three values it is: the whole contract's, as it is read.
    assert set(warnings) == {
        "Commencement (start date)",
        "Expiry (end date)",
        "Contract cost (value of the whole contract)",
    }
    assert warnings["Expiry (end date)"].startswith("“soon” is not a date we recognise")
    assert warnings["Contract cost (value of the whole contract)"].startswith("“lots” is not an amount of money")
    # The notes quote the file as it is.
    assert "column “Expiry”, said “soon”" in Contract.objects.get().notes


@pytest.mark.django_db
def test_a_later_file_with_a_bad_cell_keeps_the_value_and_adds_the_note_once(branch_a):
    header = "Contract reference,Title,End date\n"
    run_import(data=(header + "R1,Cleaning,31/03/2027\n").encode(), source_name="a.csv", branch=branch_a,
               authority_name="Demo Council")  # fmt: skip
    for _ in range(2):
        run_import(data=(header + "R1,Cleaning,soon\n").encode(), source_name="b.csv", branch=branch_a,
                   authority_name="Demo Council")  # fmt: skip
    contract = Contract.objects.get()
    assert contract.end_date == D(2027, 3, 31)
    assert contract.notes.count("said “soon”") == 1


@pytest.mark.django_db
def test_negative_values_are_warnings_and_the_row_imports(branch_a):
    text = "Contract reference,Title,Contract value\nR1,Credit note,-1200\nR2,Cleaning,(350.50)\n"
    result = run_import(data=text.encode(), source_name="r.csv", branch=branch_a, authority_name="Demo Council")
    assert [o.outcome for o in result.outcomes] == ["new", "new"]
    assert (
        result.outcomes[0]
        .issues[0]
        .reason.startswith("-1,200.00 is negative, which in a register usually marks a credit, not a contract.")
    )
    assert result.outcomes[1].issues[0].reason.startswith("-350.50 is negative")
    assert set(Contract.objects.values_list("value", flat=True)) == {None}


# ---------------------------------------------------------------- property: random registers

# Spellings built from the word lists: for each field, slots of interchangeable words (None: the slot may be left out).
SPELLINGS = {
    "reference": [[["reference", "ref"]], [["contract"], ["no", "number", "id", "reference", "ref"]]],
    "authority": [[["authority", "council", "buyer", "organisation", "purchaser"], ["name", None]]],
    "service": [[["title", "subject"], ["of", None], ["contract", "agreement", None]], [["service"], ["area", None]]],
    "provider_name": [[["supplier", "contractor", "provider", "vendor", "company"], ["name", "organisation", None]]],
    "start_date": [[["contract", None], ["start", "commencement", "from"], ["date", None]]],
    "end_date": [[["contract", None], ["end", "expiry", "until", "finish"], ["date", None]]],
    "total_value": [[["contract", "total", None], ["value", "amount", "cost", "spend", "price"]]],
    "staff_count": [[["number", "total", None], ["of", None], ["staff", "employees"]], [["headcount"]]],
}
LABELS = {"end_date": "end date", "start_date": "start date", "total_value": "value"}
SECONDARY = ("start_date", "end_date", "total_value", "staff_count")
BROKEN = {
    "start_date": ["someday", "31/02/2024", "Q3 2026", "TBC date"],
    "end_date": ["soon", "30/02/2027", "end of term", "2027-13-01"],
    # Placeholder words as well as text that is no amount: each is reported, kept in the notes, never dropped.
    "total_value": ["lots", "-500", "£-", "about a million", "TBC", "tbc", "TBA", "n/a", "-", "unknown", "various"],
    # A full-time-equivalent figure is not a number of people, so it is kept to read rather than rounded.
    "staff_count": ["about 40", "12.5", "TBC", "40 / 12", "-3"],
}


@st.composite
def header_for(draw, name: str) -> str:
    slots = draw(st.sampled_from(SPELLINGS[name]))
    words = [word for slot in slots if (word := draw(st.sampled_from(slot)))]
    case = draw(st.sampled_from([str.lower, str.upper, str.title, lambda w: w]))
    separator = draw(st.sampled_from([" ", "_", "-", ".", "  ", " / "]))
    return (
        draw(st.sampled_from(["", " ", "*"]))
        + separator.join(case(w) for w in words)
        + draw(st.sampled_from(["", ":", " (£)" if name == "total_value" else "", " "]))
    )


@st.composite
def register(draw):
    names = draw(st.permutations(list(SPELLINGS)))
    headers = [draw(header_for(name)) for name in names]
    rows = []
    for number in range(draw(st.integers(1, 5))):
        cells = {
            "reference": f"REF-{number}",
            "authority": draw(st.sampled_from(["North Council", "South Trust"])),
            "service": draw(st.sampled_from(["Cleaning", "Catering", "Portering", ""])),
            "provider_name": draw(st.sampled_from(["A Ltd", "B plc", "C & Sons", ""])),
        }
        for name in SECONDARY:  # (the cell's text, the value it must import as; None when it cannot be read)
            if draw(st.booleans()):
                cells[name] = (draw(st.sampled_from(BROKEN[name])), None)
            elif name == "total_value":
                amount = draw(st.integers(0, 10**7))
                cells[name] = (draw(st.sampled_from(["£{:,}", "{}", "{:,}.00"])).format(amount), Decimal(amount))
            elif name == "staff_count":
                staff = draw(st.integers(0, 50_000))
                cells[name] = (draw(st.sampled_from(["{}", "{:,}"])).format(staff), staff)
            else:
                date = draw(st.dates(D(2000, 1, 1), D(2040, 12, 31)))
                cells[name] = (date.strftime(draw(st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y"]))), date)
        rows.append(cells)
    return names, headers, rows


def _cell(value) -> str:
    return value[0] if isinstance(value, tuple) else value


_uniq = itertools.count()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=register())
@pytest.mark.django_db
def test_every_row_with_a_reference_and_authority_imports_with_every_readable_value(branch_a, case):
    names, headers, rows = case
    prefix = f"P{next(_uniq)}-"  # examples share one database transaction
    lines = [",".join(f'"{h}"' for h in headers)]
    for cells in rows:
        cells["reference"] = prefix + cells["reference"]
        lines.append(",".join(f'"{_cell(cells[name])}"' for name in names))
    result = run_import(data="\n".join(lines).encode(), source_name="r.csv", branch=branch_a, all_or_nothing=True)

    assert [c["field"] != "" for c in result.columns] == [True] * len(names), result.columns
    assert (result.errors, result.applied, result.missing) == (0, True, [])
    stored = {c.reference: c for c in Contract.objects.filter(reference__startswith=prefix).select_related("provider")}
    assert set(stored) == {cells["reference"] for cells in rows}
    for outcome, cells in zip(result.outcomes, rows, strict=True):
        contract = stored[cells["reference"]]
        assert contract.authority.name == cells["authority"]
        assert contract.service == (cells["service"] or f"Contract {cells['reference']}")
        assert (contract.provider.name if contract.provider else "") == cells["provider_name"]
        # A warning names the file's own column, with our field's name when the header does not say it.
        warned = {issue.column for issue in outcome.issues if issue.level == "warning"}
        for name, field in (
            ("start_date", "start_date"),
            ("end_date", "end_date"),
            ("total_value", "value"),
            ("staff_count", "staff_count"),
        ):
            (text, expected), header = cells[name], result.columns[names.index(name)]["column"]
            if expected is None:
                assert getattr(contract, field) is None
                assert header in warned or any(column.startswith(f"{header} (") for column in warned), warned
                assert f"said “{text}”" in contract.notes
            else:
                assert getattr(contract, field) == expected
