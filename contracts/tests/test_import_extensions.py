"""Extension terms such as "3+2" become extension periods when the dates leave no doubt, else stay flagged."""

import datetime

import pytest
from django.core.management import call_command

from contracts.imports import run_import
from contracts.models import Contract, ContractExtension
from contracts.register.extensions import Period, read_extension_terms

D = datetime.date
AUTHORITY = "Demo City Council"
HEADER = "Contract reference,Title,Start date,End date,Latest end date,Extension options\n"


def _run(branch, text: str, **options):
    return run_import(
        data=text.encode(), source_name="register.csv", branch=branch, authority_name=AUTHORITY, **options
    )


def test_three_plus_two_ending_the_day_before_the_anniversary():
    reading = read_extension_terms("3+2", start=D(2024, 4, 1), end=D(2027, 3, 31), latest=None)
    assert (reading.periods, reading.latest_end, reading.problem) == ((Period(24, D(2027, 3, 31)),), D(2029, 3, 31), "")


def test_each_break_of_three_plus_one_plus_one_ending_on_the_anniversary():
    reading = read_extension_terms("3 + 1 + 1 years", start=D(2023, 9, 5), end=D(2026, 9, 5), latest=D(2028, 9, 5))
    assert reading.periods == (Period(12, D(2026, 9, 5)), Period(12, D(2027, 9, 5)))
    assert reading.latest_end == D(2028, 9, 5)


def test_terms_in_months_and_inside_prose():
    text = "Framework for 24 + 12 + 12 months, at the discretion of the council (CCS RM6170)."
    reading = read_extension_terms(text, start=D(2024, 1, 1), end=D(2025, 12, 31), latest=None)
    assert [p.months for p in reading.periods] == [12, 12]
    assert reading.latest_end == D(2027, 12, 31)


def test_a_leap_day_start_counts_whole_years_as_the_clock_does():
    reading = read_extension_terms("3+2", start=D(2024, 2, 29), end=D(2027, 2, 27), latest=None)
    assert (reading.periods[0].decision_date, reading.latest_end) == (D(2027, 2, 27), D(2029, 2, 27))


@pytest.mark.parametrize(
    ("text", "start", "end", "latest", "problem"),
    [
        ("3+2", D(2024, 4, 1), D(2029, 3, 31), None, "the end date may include an extension"),
        ("3+2", None, D(2027, 3, 31), None, "the start and end dates are needed"),
        ("3+2", D(2024, 4, 1), D(2027, 3, 31), D(2030, 3, 31), "the latest end date given is not 31/03/2029"),
        ("3+2 or 4+1", D(2024, 4, 1), D(2027, 3, 31), None, "more than one pattern"),
        ("3+0", D(2024, 4, 1), D(2027, 3, 31), None, "a period of no length"),
    ],
)
def test_ambiguous_terms_are_left_for_review_with_the_reason(text, start, end, latest, problem):
    reading = read_extension_terms(text, start=start, end=end, latest=latest)
    assert reading.periods == ()
    assert problem in reading.problem


@pytest.mark.parametrize("text", ["Subject to performance", "Extendable (terms not published)", "2019+1", "extra year"])
def test_terms_without_a_pattern_are_not_read(text):
    assert read_extension_terms(text, start=D(2024, 4, 1), end=D(2027, 3, 31), latest=None) is None


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("Yes - 2 x 12 months", [(12, D(2027, 3, 31)), (12, D(2028, 3, 31))]),
        ("2 x 12 months", [(12, D(2027, 3, 31)), (12, D(2028, 3, 31))]),
        ("+1+1", [(12, D(2027, 3, 31)), (12, D(2028, 3, 31))]),
        ("Two optional extensions of 12 months", [(12, D(2027, 3, 31)), (12, D(2028, 3, 31))]),
        ("up to 24 months", [(24, D(2027, 3, 31))]),
        ("option to extend for a further two years", [(24, D(2027, 3, 31))]),
    ],
)
def test_extensions_alone_become_periods_after_the_end_when_the_latest_end_confirms_them(text, periods):
    reading = read_extension_terms(text, start=None, end=D(2027, 3, 31), latest=D(2029, 3, 31))
    assert ([(p.months, p.decision_date) for p in reading.periods], reading.latest_end) == (periods, D(2029, 3, 31))


@pytest.mark.parametrize(
    ("latest", "problem"),
    [
        (
            None,
            "there is no latest possible end date, so we cannot tell whether an extension has already been taken"
            + " (if none has, the contract could run to 31/03/2029)",
        ),
        (D(2028, 3, 31), "the latest end date given is not 31/03/2029: an extension may already have been taken"),
    ],
)
def test_extensions_alone_without_a_confirming_latest_end_are_left_for_review(latest, problem):
    reading = read_extension_terms("Yes - 2 x 12 months", start=None, end=D(2027, 3, 31), latest=latest)
    assert (reading.periods, reading.problem) == ((), problem)


def test_twelve_plus_twelve_plus_twelve_is_read_as_the_dates_confirm():
    first_term = read_extension_terms("12+12+12", start=D(2024, 4, 1), end=D(2025, 3, 31), latest=None)
    assert [p.months for p in first_term.periods] == [12, 12]
    alone = read_extension_terms("12+12+12", start=D(2023, 4, 1), end=D(2025, 3, 31), latest=D(2028, 3, 31))
    assert [(p.months, p.decision_date) for p in alone.periods] == [
        (12, D(2025, 3, 31)),
        (12, D(2026, 3, 31)),
        (12, D(2027, 3, 31)),
    ]


@pytest.mark.django_db
def test_an_extendable_column_holding_the_terms_gives_the_periods_and_never_loses_the_row(branch_a):
    header = "Contract reference,Title,End date,Latest end date,Extendable\n"
    result = _run(
        branch_a,
        header
        + "R1,Cleaning,31/03/2027,31/03/2029,Yes - 2 x 12 months\n"
        + "R2,Catering,31/03/2027,,Yes - 2 x 12 months\n"
        + "R3,Portering,31/03/2027,,Subject to performance\n"
        + "R4,Security,31/03/2027,,No\n",
    )
    assert [o.outcome for o in result.outcomes] == ["new"] * 4
    contracts = {c.reference: c for c in Contract.objects.all()}
    assert list(contracts["R1"].extensions.values_list("months", flat=True)) == [12, 12]
    assert (contracts["R1"].extension_terms, contracts["R1"].extension_terms_need_review) == (
        "Yes - 2 x 12 months",
        False,
    )
    for reference in ("R2", "R3"):
        assert (contracts[reference].extensions.count(), contracts[reference].extension_terms_need_review) == (0, True)
    assert contracts["R3"].extension_terms == "Subject to performance"
    assert contracts["R4"].extension_terms == ""
    r2, r3 = result.outcomes[1].issues[0], result.outcomes[2].issues[0]
    assert r2.level == "warning" and r2.reason.startswith("The extension terms “Yes - 2 x 12 months” are kept")
    assert (r3.level, r3.reason) == (
        "note",
        "The extension terms “Subject to performance” are kept as written and flagged for review.",
    )


@pytest.mark.django_db
def test_import_creates_extension_periods_with_history_and_says_so_by_row(branch_a, alice):
    result = _run(
        branch_a,
        HEADER + "R1,Cleaning,01/04/2024,31/03/2027,,3+1+1\nR2,Catering,01/04/2024,31/03/2029,,3+2\n",
        user=alice,
    )
    cleaning, catering = Contract.objects.order_by("reference")
    assert list(cleaning.extensions.values_list("order", "months", "decision_date", "status")) == [
        (1, 12, D(2027, 3, 31), "available"),
        (2, 12, D(2028, 3, 31), "available"),
    ]
    assert (cleaning.latest_end_date, cleaning.extension_terms_need_review) == (D(2029, 3, 31), False)
    assert cleaning.next_extension_break(today=D(2026, 1, 1)).decision_date == D(2027, 3, 31)
    assert (catering.extensions.count(), catering.extension_terms_need_review) == (0, True)
    assert result.summary()["extended"] == 1
    note, warning = result.outcomes[0].issues[0], result.outcomes[1].issues[0]
    assert (note.level, note.column) == ("note", "Extension options")
    assert "“3+1+1”: +12 months, to be decided by 31/03/2027; +12 months, to be decided by 31/03/2028" in note.reason
    assert (warning.level, warning.reason) == (
        "warning",
        "The extension terms “3+2” are kept and flagged for review: the dates do not span a first term of 3 years: "
        "the end date may include an extension.",
    )
    history = ContractExtension.history.filter(contract_id=cleaning.pk)
    assert {(h.history_type, h.history_user) for h in history} == {("+", alice)}


@pytest.mark.django_db
def test_a_dry_run_reports_the_extensions_but_creates_none(branch_a):
    result = _run(branch_a, HEADER + "R1,Cleaning,01/04/2024,31/03/2027,,3+2\n", dry_run=True)
    assert result.summary()["extended"] == 1
    assert not ContractExtension.objects.exists()


@pytest.mark.django_db
def test_reimport_never_duplicates_extension_periods(branch_a):
    text = HEADER + "R1,Cleaning,01/04/2024,31/03/2027,,3+2\n"
    _run(branch_a, text)
    result = _run(branch_a, text)
    assert result.count("unchanged") == 1
    assert ContractExtension.objects.count() == 1


@pytest.mark.django_db
def test_flagged_terms_become_periods_when_a_later_file_gives_the_dates(branch_a):
    _run(branch_a, "Contract reference,Title,Extension options\nR1,Cleaning,3+2\n")
    assert Contract.objects.get().extension_terms_need_review is True
    result = _run(branch_a, HEADER + "R1,Cleaning,01/04/2024,31/03/2027,,3+2\n")
    contract = Contract.objects.get()
    assert result.count("update") == 1
    assert (contract.extension_terms_need_review, contract.latest_end_date) == (False, D(2029, 3, 31))
    assert list(contract.extensions.values_list("months", flat=True)) == [24]


@pytest.mark.django_db
def test_an_officers_own_extension_periods_are_left_alone(branch_a):
    _run(branch_a, "Contract reference,Title,Extension options\nR1,Cleaning,3+2\n")
    contract = Contract.objects.get()
    ContractExtension.objects.create(contract=contract, months=6, decision_date=D(2026, 1, 1))
    _run(branch_a, HEADER + "R1,Cleaning,01/04/2024,31/03/2027,,3+2\n")
    assert list(contract.extensions.values_list("months", flat=True)) == [6]


@pytest.mark.django_db
def test_the_command_says_how_many_contracts_got_extension_periods(branch_a, tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "R1,Cleaning,01/04/2024,31/03/2027,31/03/2029,3+2\n")
    with pytest.raises(SystemExit) as exited:  # exit 1: the file has no supplier or value column
        call_command("import_contracts", str(path), "--branch", branch_a.slug, "--authority", AUTHORITY)
    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert "1 contract(s) given extension periods from their terms" in out
    assert "note: extension periods from “3+2”" in out
    assert ContractExtension.objects.get().months == 24
