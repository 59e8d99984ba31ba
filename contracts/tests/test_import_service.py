"""The import service on small inline files: every messy case, merging, providers, all-or-nothing, crashes."""

import datetime
import json
from decimal import Decimal
from unittest import mock

import pytest

from contracts.imports import UnreadableFile, run_import
from contracts.models import Contract, FigureSource, Provider, PublicAuthority
from contracts.tests.factories import ContractFactory, ProviderFactory, PublicAuthorityFactory

pytestmark = pytest.mark.django_db
AUTHORITY = "Demo City Council"
HEADER = "Contract reference,Title,Supplier,Company number,Start date,End date,Contract value\n"


def _run(branch, text, *, encoding="utf-8", **options):
    data = text.encode(encoding) if isinstance(text, str) else text
    options.setdefault("authority_name", AUTHORITY)
    return run_import(data=data, source_name="register.csv", branch=branch, **options)


def test_utf8_with_bom_finds_the_first_header(branch_a):
    result = _run(branch_a, "\ufeff" + HEADER + "R1,Cleaning,A Ltd,,,,\n")
    assert result.count("new") == 1
    assert Contract.objects.get().reference == "R1"


def test_cp1252_pound_signs_are_read(branch_a):
    _run(branch_a, HEADER + 'R1,Café cleaning,A Ltd,,,,"£1,234.56"\n', encoding="cp1252")
    contract = Contract.objects.get()
    assert (contract.service, contract.value) == ("Café cleaning", Decimal("1234.56"))


def test_mixed_date_forms_in_one_file(branch_a):
    _run(
        branch_a,
        HEADER
        + "R1,A,,,01-Jan-2000,31/03/2027,\n"
        + "R2,B,,,2020-04-01,45000,\n"
        + "R3,C,,,2020-04-01T00:00:00Z,2030-03-31,\n",
    )
    dates = dict(Contract.objects.values_list("reference", "end_date"))
    assert dates == {
        "R1": datetime.date(2027, 3, 31),
        "R2": datetime.date(2023, 3, 15),
        "R3": datetime.date(2030, 3, 31),
    }
    assert Contract.objects.get(reference="R1").start_date == datetime.date(2000, 1, 1)


def test_sentinel_end_dates_become_unknown_with_a_warning(branch_a):
    result = _run(branch_a, HEADER + "R1,A,,,,31/12/2050,\nR2,B,,,,30/11/2050,\n")
    assert list(Contract.objects.values_list("end_date", flat=True)) == [None, None]
    assert result.exit_code == 0
    assert [o.issues[0].column for o in result.outcomes] == ["End date", "End date"]
    assert all(o.issues[0].level == "warning" for o in result.outcomes)


def test_blank_cells_never_erase_what_is_known(branch_a):
    _run(branch_a, HEADER + "R1,Cleaning,A Ltd,,,31/03/2027,5000\n")
    result = _run(branch_a, HEADER + "R1,Cleaning,,,,,\n")
    contract = Contract.objects.get()
    assert result.count("unchanged") == 1
    assert (contract.end_date, contract.value, contract.provider.name) == (
        datetime.date(2027, 3, 31),
        Decimal("5000.00"),
        "A Ltd",
    )


def test_reimport_updates_by_authority_and_reference_never_duplicates(branch_a):
    _run(branch_a, HEADER + "R1,Cleaning,A Ltd,,,31/03/2027,5000\n")
    result = _run(branch_a, HEADER + "R1,Cleaning,A Ltd,,,31/03/2029,6000\n")
    contract = Contract.objects.get()
    assert result.count("update") == 1
    assert (contract.end_date, contract.value) == (datetime.date(2029, 3, 31), Decimal("6000.00"))
    assert contract.history.count() == 2


def test_import_history_records_who_why_and_each_version(branch_a, alice):
    _run(branch_a, HEADER + "R1,Cleaning,A Ltd,01234567,,31/03/2027,5000\n", user=alice)
    _run(branch_a, HEADER + "R1,Cleaning,A Ltd,,,31/03/2029,\n", user=alice)
    contract = Contract.objects.get()
    added, changed = contract.history.order_by("history_id")
    assert (added.history_type, changed.history_type) == ("+", "~")
    assert (added.end_date, changed.end_date) == (datetime.date(2027, 3, 31), datetime.date(2029, 3, 31))
    assert (added.value, changed.value, changed.service) == (Decimal("5000.00"), Decimal("5000.00"), "Cleaning")
    assert {added.history_user, changed.history_user} == {alice}
    assert changed.history_change_reason == "Imported from register.csv"
    assert changed.provider_id == added.provider_id == Provider.objects.get().pk
    provider_history = Provider.objects.get().history.get()
    assert (provider_history.history_type, provider_history.company_number) == ("+", "01234567")
    assert PublicAuthority.objects.get().history.get().history_user == alice


def test_import_replaces_the_source_of_a_figure_it_changes(branch_a, alice):
    _run(branch_a, HEADER + "R1,Cleaning,A Ltd,,,31/03/2027,5000\n")
    _run(branch_a, HEADER + "R1,Cleaning,A Ltd,,,31/03/2029,\n", user=alice)
    sources = {s.field: s.recorded_by for s in FigureSource.objects.all()}
    assert sources == {"value": None, "end_date": alice, "provider": None}


def test_same_reference_under_another_authority_is_another_contract(branch_a):
    _run(branch_a, HEADER + "R1,Cleaning,,,,,\n")
    _run(branch_a, HEADER + "R1,Cleaning,,,,,\n", authority_name="Other Council")
    assert Contract.objects.count() == 2


def test_duplicate_references_in_one_file_are_one_contract(branch_a):
    result = _run(branch_a, HEADER + "R1,Cleaning,A Ltd,,,31/03/2027,\nR1,Cleaning,,,,,7000\n")
    contract = Contract.objects.get()
    assert [o.outcome for o in result.outcomes] == ["new", "merged"]
    assert (contract.end_date, contract.value) == (datetime.date(2027, 3, 31), Decimal("7000.00"))


def test_ragged_rows_are_read_and_extra_cells_reported(branch_a):
    result = _run(branch_a, HEADER + "R1,Cleaning\nR2,Catering,B Ltd,,,,100,surplus,cells\n")
    assert result.count("new") == 2
    assert "2 cells past the last column were ignored." in result.outcomes[1].issues[0].reason


def test_one_extra_cell_is_reported_in_the_singular(branch_a):
    result = _run(branch_a, HEADER + "R2,Catering,B Ltd,,,,100,surplus\n")
    assert result.outcomes[0].issues[0].reason == "1 cell past the last column was ignored."


def test_html_entities_are_decoded(branch_a):
    _run(branch_a, HEADER + "R1,Parks &amp; gardens,O&#039;Brien &amp; Sons Ltd,,,,\n")
    contract = Contract.objects.select_related("provider").get()
    assert (contract.service, contract.provider.name) == ("Parks & gardens", "O'Brien & Sons Ltd")


def test_providers_are_matched_by_normalised_company_number_then_by_name(branch_a):
    known = ProviderFactory(name="Incatern Limited", company_number="02165763")
    named = ProviderFactory(name="Brightwork Facilities Ltd", company_number="")
    _run(
        branch_a,
        HEADER + "R1,Day care,INCATERN LTD,gb/02165763,,,\nR2,Cleaning,brightwork facilities ltd,,,,\n"
        "R3,Meals,INCATERN LIMITED,2165763,,,\n",
    )
    providers = dict(Contract.objects.values_list("reference", "provider"))
    assert providers == {"R1": known.pk, "R2": named.pk, "R3": known.pk}
    assert Provider.objects.count() == 2


def test_a_provider_known_by_name_gains_its_company_number(branch_a):
    named = ProviderFactory(name="Brightwork Facilities Ltd", company_number="")
    _run(branch_a, HEADER + "R1,Cleaning,Brightwork Facilities Ltd,SC257136,,,\n")
    named.refresh_from_db()
    assert named.company_number == "SC257136"


def test_personal_data_columns_are_not_imported(branch_a):
    text = (
        "Contract reference,Title,Nominated contact point: name,Nominated contact point: email,Telephone\n"
        "R1,Cleaning,Jo Bloggs,jo.bloggs@council.example,01632 960000\n"
    )
    result = _run(branch_a, text)
    assert set(result.mapping) == {"contract_reference", "title"}
    contract = Contract.objects.get()
    stored = " ".join(str(v) for v in Contract.objects.values().get().values())
    assert "Jo Bloggs" not in stored and "jo.bloggs" not in stored and contract.service == "Cleaning"


def test_each_imported_figure_records_its_source(branch_a):
    text = "Effective Date,Contract reference,Title,Supplier,End date,Contract value\n"
    _run(branch_a, text + "28/03/2015,R1,Cleaning,A Ltd,31/03/2027,5000\n")
    sources = {s.field: (s.kind, s.detail, s.as_of) for s in FigureSource.objects.all()}
    expected = ("register", "register.csv", datetime.date(2015, 3, 28))
    assert sources == {"value": expected, "end_date": expected, "provider": expected}


def test_all_or_nothing_applies_nothing_when_a_row_is_bad(branch_a):
    result = _run(branch_a, HEADER + "R1,Cleaning,,,,,\n,,B Ltd,,,31/03/2027,\n", all_or_nothing=True)
    assert (result.applied, result.errors, result.exit_code) == (False, 1, 1)
    assert result.outcomes[1].issues[0].reason == (
        "The row has neither a contract reference nor a title, so there is nothing to know it by."
    )
    assert not Contract.objects.exists()
    assert not PublicAuthority.objects.exists()


def test_good_rows_mode_applies_the_good_rows(branch_a):
    result = _run(branch_a, HEADER + "R1,Cleaning,,,,,\n,,B Ltd,,,31/03/2027,\n", all_or_nothing=False)
    assert (result.applied, result.exit_code) == (True, 1)
    assert list(Contract.objects.values_list("reference", flat=True)) == ["R1"]


def test_dry_run_writes_nothing(branch_a):
    result = _run(branch_a, HEADER + "R1,Cleaning,A Ltd,,,,\n", dry_run=True)
    assert result.count("new") == 1
    assert not (Contract.objects.exists() or Provider.objects.exists() or PublicAuthority.objects.exists())


def test_a_crash_part_way_leaves_nothing_half_written(branch_a):
    # The last write of an import: everything before it must be rolled back.
    crash = mock.patch("contracts.imports.service.record_sources", side_effect=RuntimeError("disk full"))
    with crash, pytest.raises(RuntimeError):
        _run(branch_a, HEADER + "R1,Cleaning,A Ltd,,,31/03/2027,\n", all_or_nothing=False)
    assert not (Contract.objects.exists() or Provider.objects.exists() or PublicAuthority.objects.exists())


def test_a_new_contract_without_a_title_is_imported_under_its_reference(branch_a):
    result = _run(branch_a, HEADER + "R1,,A Ltd,,,,\n")
    assert result.outcomes[0].outcome == "new"
    assert result.outcomes[0].issues[0].reason == (
        "The row gives no title, so the new contract is called “Contract R1” until you give it one."
    )
    assert Contract.objects.get().service == "Contract R1"


def test_an_update_needs_no_title(branch_a):
    authority = PublicAuthorityFactory(branch=branch_a, name=AUTHORITY)
    ContractFactory(branch=branch_a, authority=authority, reference="R1", service="Cleaning")
    result = _run(branch_a, HEADER + "R1,,,,,31/03/2031,\n")
    assert result.count("update") == 1
    assert Contract.objects.get().end_date == datetime.date(2031, 3, 31)


def test_officer_reviewed_extension_terms_stay_reviewed_on_reimport(branch_a):
    text = "Contract reference,Title,Extension options\nR1,Cleaning,3+2\n"
    _run(branch_a, text)
    Contract.objects.update(extension_terms_need_review=False)
    _run(branch_a, text)
    assert Contract.objects.get().extension_terms_need_review is False


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file is empty."),
        (b"\xd0\xcf\x11\xe0rest", "old Excel .xls"),
        (b"PK\x03\x04broken zip", "not a readable Excel .xlsx"),
        (b'{"releases": [', "not valid JSON"),
        (b'{"hello": "world"}', "not an OCDS release or record package"),
        (b"a,b\x00c\n", "binary file"),
    ],
)
def test_unreadable_files_say_why(branch_a, data, reason):
    with pytest.raises(UnreadableFile) as raised:
        _run(branch_a, data)
    assert reason in raised.value.reason


def test_other_councils_headers_are_recognised(branch_a):
    text = (
        "contract_number,title_of_agreement,original_value,extended_value,validity_start,validity_end,"
        "CONTRACT_CURRENT_END_DATE,MAXIMUM_CONTRACT_END_DATE,CONTRACT_EXTENDABLE,supplier_name\n"
    )
    result = _run(
        branch_a,
        text + "C-9,Leisure centres,1000000,1500000,01/04/2020,,31/03/2028,31/03/2030,Yes,Active Leisure Trust\n",
    )
    contract = Contract.objects.get()
    assert result.errors == 0
    assert (contract.reference, contract.value, contract.value_basis) == ("C-9", Decimal("1500000.00"), "total")
    assert (contract.end_date, contract.latest_end_date) == (datetime.date(2028, 3, 31), datetime.date(2030, 3, 31))
    assert (contract.extension_terms, contract.extension_terms_need_review) == (
        "Extendable (terms not published)",
        True,
    )


def test_ocds_renewal_terms_the_maximum_extent_confirms_become_periods(branch_a):
    data = b"""{"publishedDate": "2024-01-05T00:00:00Z", "releases": [{"ocid": "ocds-h6vhtk-1", "date": "2024-01-05",
      "buyer": {"name": "Demo City Council"},
      "parties": [{"id": "p1", "name": "Brightwork", "roles": ["supplier"],
                   "identifier": {"scheme": "GB-COH", "id": "1234567"},
                   "contactPoint": {"name": "Jo Bloggs", "email": "jo@brightwork.example"}}],
      "tender": {"title": "Cleaning", "lots": [{"id": "1", "hasRenewal": true,
                 "renewal": {"description": "Two optional extensions of up to 12 months each"}}]},
      "awards": [{"id": "a1", "status": "active", "suppliers": [{"id": "p1", "name": "Brightwork"}],
                  "contractPeriod": {"startDate": "2024-04-01T00:00:00Z", "endDate": "2027-03-31T00:00:00Z",
                                     "maxExtentDate": "2029-03-31T00:00:00Z"}}]}]}"""
    _run(branch_a, data, authority_name="")
    contract = Contract.objects.select_related("provider").get()
    # The award's maximum extent confirms two 12-month extensions after the end date: periods, no review.
    assert contract.extension_terms == "Two optional extensions of up to 12 months each"
    assert contract.extension_terms_need_review is False
    assert contract.latest_end_date == datetime.date(2029, 3, 31)
    assert list(contract.extensions.values_list("months", "decision_date")) == [
        (12, datetime.date(2027, 3, 31)),
        (12, datetime.date(2028, 3, 31)),
    ]
    assert contract.provider.company_number == "01234567"
    assert "jo@brightwork" not in str(Provider.objects.values().get())


def test_2014_tender_milestones_give_the_dates(branch_a):
    data = b"""{"publishedDate": "2014-12-17T16:44:57Z", "releases": [{"ocid": "ocds-b5fd17-1", "date": "2014-12-17",
      "buyer": {"name": " Bath and North East Somerset Council"},
      "tender": {"title": " Home care ", "status": "active", "milestones": [
        {"title": "Contract start", "dueDate": "2015-04-01T00:00:00Z"},
        {"title": "Contract end", "dueDate": "2018-03-31T00:00:00Z"}]}}]}"""
    _run(branch_a, data, authority_name="")
    contract = Contract.objects.select_related("authority").get()
    assert (contract.service, contract.authority.name) == ("Home care", "Bath and North East Somerset Council")
    assert (contract.start_date, contract.end_date) == (datetime.date(2015, 4, 1), datetime.date(2018, 3, 31))


def test_a_row_without_a_reference_matches_the_same_contract_from_another_register(branch_a):
    _run(branch_a, HEADER + "R-7,Office Cleaning,Brightwork Ltd,,01/04/2024,31/03/2027,\n")
    # The second register has no references, spells the title and supplier its own way, and adds the value.
    dry = _run(branch_a, HEADER + ",office cleaning.,BRIGHTWORK LIMITED,,01/04/2024,,5000\n", dry_run=True)
    assert dry.count("update") == 1 and dry.count("new") == 0
    notes = [issue.reason for issue in dry.outcomes[0].issues]
    assert any(note.startswith("Matched by title, supplier and start date") and "R-7" in note for note in notes)
    _run(branch_a, HEADER + ",office cleaning.,BRIGHTWORK LIMITED,,,,5000\n")
    contract = Contract.objects.get()
    assert (contract.reference, contract.value) == ("R-7", Decimal("5000"))


def test_a_row_without_a_reference_reports_a_match_by_title_and_supplier(branch_a):
    _run(branch_a, HEADER + "R-7,Office Cleaning,Brightwork Ltd,,,,\n")
    dry = _run(branch_a, HEADER + ",Office cleaning,Brightwork Ltd,,,,5000\n", dry_run=True)
    assert any("Matched by title and supplier" in issue.reason for issue in dry.outcomes[0].issues)


def test_a_row_without_a_reference_and_another_start_date_is_another_contract(branch_a):
    _run(branch_a, HEADER + "R-7,Office Cleaning,Brightwork Ltd,,01/04/2020,31/03/2023,\n")
    _run(branch_a, HEADER + ",Office cleaning,Brightwork Ltd,,01/04/2024,,5000\n")
    assert Contract.objects.count() == 2


def _register(rows: int, prefix: str = "R") -> str:
    header = "Contract reference,Title,Supplier,Company number,Start date,End date,Contract value,Extension\n"
    return header + "".join(
        f"{prefix}-{i:04d},Service {i},Supplier {prefix}{i} Ltd,{prefix}{i:07d},01/04/2024,31/03/2027,{1000 + i},"
        f"3+{1 + i % 2}\n"
        for i in range(rows)
    )


def test_each_new_contract_gets_its_own_row_sources_history_and_extensions(branch_a, alice):
    # New contracts go in as one statement and their keys are paired back with the rows: a wrong pairing would
    # put one row's extension periods, figure sources or history on another row's contract.
    _run(branch_a, _register(300), user=alice)
    contracts = Contract.objects.filter(branch=branch_a).select_related("provider").order_by("reference")
    assert contracts.count() == 300
    history = {h.id: h for h in Contract.history.filter(branch=branch_a)}
    for i, contract in enumerate(contracts.prefetch_related("extensions", "figure_sources")):
        assert (contract.reference, contract.service, contract.value) == (f"R-{i:04d}", f"Service {i}", 1000 + i)
        assert (contract.provider.name, contract.provider.company_number) == (f"Supplier R{i} Ltd", f"R{i:07d}")
        assert [e.months for e in contract.extensions.all()] == [12 * (1 + i % 2)]
        assert contract.latest_end_date == datetime.date(2027 + 1 + i % 2, 3, 31)
        assert {s.field for s in contract.figure_sources.all()} >= {"value", "end_date", "provider"}
        [record] = [h for h in history.values() if h.id == contract.pk]
        assert (record.history_type, record.service, record.value, record.history_user) == (
            "+",
            f"Service {i}",
            1000 + i,
            alice,
        )
        assert contract.created_at == contract.updated_at


def test_applying_runs_the_same_queries_for_1_and_500_rows(branch_a, alice, count_queries):
    _run(branch_a, _register(1, "W"), user=alice)  # the authority and its saved mapping exist for both
    new = [
        count_queries(lambda n=n, p=p: _run(branch_a, _register(n, p), user=alice)) for n, p in ((1, "A"), (500, "B"))
    ]
    changed = [
        count_queries(lambda n=n, p=p: _run(branch_a, _register(n, p).replace("31/03/2027", "30/09/2027"), user=alice))
        for n, p in ((1, "A"), (500, "B"))
    ]
    assert new[0] == new[1]
    assert changed[0] == changed[1]
    assert Contract.objects.filter(end_date=datetime.date(2027, 9, 30)).count() == 501


def test_every_ocds_warning_is_a_sentence(branch_a):
    def release(ocid, **parts):
        return {"ocid": ocid, "id": f"{ocid}-1", "date": "2024-01-01T00:00:00Z", "buyer": {"name": AUTHORITY}, **parts}

    tender = {"title": "Grounds maintenance", "status": "active"}
    package = {
        "releases": [
            release("ocds-1", tender=tender),  # a tender notice: no supplier yet
            release("ocds-2", tender={**tender, "status": "cancelled"}),
            release(
                "ocds-3",
                tender=tender,
                awards=[{"id": "a", "value": {"amount": "TBC"}, "suppliers": [{"name": "A Ltd"}, {"name": "B Ltd"}]}],
                contracts=[{"awardID": "a", "period": {"startDate": "someday", "endDate": "2027-03-31"}}],
            ),
            release("ocds-4", tender=tender, awards=[{"id": "a", "value": {"amount": 0.1}, "suppliers": []}]),
            release("ocds-5", tender=tender, awards=[{"id": "a", "value": {"amount": -50}, "suppliers": []}]),
            release("", tender=tender, awards=[{"id": "a", "suppliers": [{"name": "C Ltd"}]}]),
        ]
    }
    result = _run(branch_a, json.dumps(package))
    reasons = [issue.reason for outcome in result.outcomes for issue in outcome.issues]
    assert len(reasons) >= 9, reasons
    for reason in reasons:
        assert not reason[0].islower() and reason.endswith("."), reason  # (it may open with “ or a figure)
    assert "Not imported: the tender was cancelled, so no contract was awarded." in reasons
    assert "No supplier is named yet (this is a tender notice)." in reasons
    assert "The file said “TBC” instead of an amount. The value is left unknown." in reasons
    assert (
        "“someday” is not a date we recognise (we read dd/mm/yyyy, e.g. 31/03/2027). The start date is left unknown."
        in reasons
    )
    assert "£0.10 is a placeholder, not the contract's value, so the value is left unknown." in reasons
    assert "The award names 2 suppliers (a framework or panel); the first, A Ltd, is recorded." in reasons
    assert "The award names no supplier." in reasons
    assert "The release has no ocid, so it cannot be matched when imported again." in reasons


# ---------------------------------------------------------------- staff employed (issue #19)


def test_a_staff_count_column_fills_staff_employed_and_unreadable_counts_are_kept(branch_a):
    text = 'Contract reference,Title,Number of staff,Staff costs\nR1,Cleaning,"1,200",£5m\nR2,Catering,12.5 FTE,\n'
    result = _run(branch_a, text)
    assert [c["field"] for c in result.columns] == ["Contract reference", "Title or service", "Staff employed", ""]
    staff = dict(Contract.objects.values_list("reference", "staff_count"))
    assert staff == {"R1": 1200, "R2": None}
    warning = result.outcomes[1].issues[0]
    assert (warning.level, warning.column) == ("warning", "Number of staff")
    assert "“12.5 FTE” is not a whole number of staff" in warning.reason
    assert "said “12.5 FTE”" in Contract.objects.get(reference="R2").notes
    assert FigureSource.objects.filter(contract__reference="R1", field="staff_count").exists()


def test_a_staff_count_below_the_members_already_recorded_is_kept_in_the_notes_not_written(branch_a):
    authority = PublicAuthorityFactory(branch=branch_a, name=AUTHORITY)
    ContractFactory(branch=branch_a, authority=authority, reference="R1", staff_count=80, union_members=50)
    result = _run(branch_a, "Contract reference,Headcount\nR1,40\n")
    contract = Contract.objects.get()
    assert (contract.staff_count, contract.union_members) == (80, 50)
    assert "already records more UNISON members (50)" in result.outcomes[0].issues[0].reason
    assert "said “40”" in contract.notes


# ---------------------------------------------------------------- latest possible end (issue #19)

LATEST = "Contract reference,Title,End date,Latest end date,Extendable\n"


@pytest.mark.parametrize("latest", ["", "TBC", "31/12/2050", "31/03/2020"])
def test_a_missing_or_unreadable_latest_end_is_left_empty_never_the_end_date(branch_a, latest):
    result = _run(branch_a, LATEST + f"R1,Cleaning,31/03/2027,{latest},\n")
    contract = Contract.objects.get()
    assert (contract.end_date, contract.latest_end_date) == (datetime.date(2027, 3, 31), None)
    assert contract.latest_possible_end() is None  # the contract page and export show it as unknown
    assert not FigureSource.objects.filter(field="latest_end_date").exists()
    if latest:
        assert any("latest possible end" in i.reason.lower() for i in result.outcomes[0].issues)


def test_a_file_that_says_no_extension_gives_the_end_date_as_the_latest_end_and_says_so(branch_a):
    result = _run(branch_a, LATEST + "R1,Cleaning,31/03/2027,,No\nR2,Catering,31/03/2027,TBC,No\n")
    latest = dict(Contract.objects.values_list("reference", "latest_end_date"))
    assert latest == {"R1": datetime.date(2027, 3, 31), "R2": None}  # an unreadable latest end is not overruled
    note = result.outcomes[0].issues[0]
    assert (note.level, note.column) == ("note", "Extendable (can be extended)")
    assert note.reason == (
        "The file says the contract cannot be extended, so its latest possible end is its end date, 31/03/2027."
    )
    source = FigureSource.objects.get(field="latest_end_date")
    assert (source.contract.reference, source.detail) == ("R1", "register.csv")
