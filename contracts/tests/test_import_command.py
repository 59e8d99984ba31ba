"""manage.py import_contracts: exit 0 every row applied, 1 rows reported or essential columns missing, 2 file
unreadable; every column of the file accounted for."""

import io

import pytest
from django.core.management import call_command

from contracts.models import Contract

pytestmark = pytest.mark.django_db
HEADER = "Contract reference,Title,End date,Supplier,Contract value\n"


def _call(path, *args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_contracts", str(path), *args, stdout=out, stderr=err)
        raise SystemExit(0)
    return exited.value.code, out.getvalue(), err.getvalue()


def test_exit_0_when_every_row_is_applied(tmp_path, branch_a):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "R1,Cleaning,31/03/2027,A Ltd,1000\n")
    code, out, _ = _call(path, "--branch", branch_a.slug, "--authority", "Demo City Council")
    assert code == 0
    assert "1 new" in out
    assert Contract.objects.get().authority.name == "Demo City Council"


def test_exit_1_reports_rows_by_line_and_applies_the_good_ones(tmp_path, branch_a):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "R1,Cleaning,31/03/2027,A Ltd,1000\n,,soon,B Ltd,2000\n")
    code, out, _ = _call(path, "--branch", branch_a.slug, "--authority", "Demo City Council")
    assert code == 1
    assert "line 3, column End date: warning: “soon” is not a date we recognise" in out
    assert "line 3, column Contract reference: error: The row has neither a contract reference nor a title" in out
    assert list(Contract.objects.values_list("reference", flat=True)) == ["R1"]


def test_exit_1_with_all_or_nothing_applies_nothing(tmp_path, branch_a):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "R1,Cleaning,31/03/2027,A Ltd,1000\n,,soon,B Ltd,2000\n")
    code, out, _ = _call(path, "--branch", branch_a.slug, "--authority", "X", "--all-or-nothing")
    assert code == 1
    assert "Nothing was applied" in out
    assert not Contract.objects.exists()


def test_dry_run_changes_nothing(tmp_path, branch_a):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "R1,Cleaning,31/03/2027,A Ltd,1000\n")
    code, out, _ = _call(path, "--branch", branch_a.slug, "--authority", "X", "--dry-run")
    assert code == 0
    assert "would be applied" in out
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"), [(b"\x00\x01\x02binary\x00", "binary file"), (b"", "The file is empty.")]
)
def test_exit_2_when_the_file_cannot_be_read(tmp_path, branch_a, content, reason):
    path = tmp_path / "register.csv"
    path.write_bytes(content)
    code, _, err = _call(path, "--branch", branch_a.slug)
    assert code == 2
    assert reason in err


def test_exit_2_when_the_file_is_missing(tmp_path, branch_a):
    code, _, err = _call(tmp_path / "nope.csv", "--branch", branch_a.slug)
    assert code == 2
    assert "No such file" in err


def test_exit_1_and_says_first_when_no_column_gives_the_end_date_supplier_or_value(tmp_path, branch_a):
    path = tmp_path / "register.csv"
    path.write_text("Contract reference,Title of Contract,Finish,Notes\nR1,Cleaning,31/03/2027,x\n")
    code, out, _ = _call(path, "--branch", branch_a.slug, "--authority", "Demo City Council")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("Missing: No column was found for the supplier")
    assert lines[1].startswith("Missing: No column was found for the contract value")
    assert "  “Title of Contract”: Title or service (sure). Matched by the meaning of every word in its name." in lines
    assert "  “Finish”: End date (sure). Matched by the meaning of every word in its name." in lines
    assert "  “Notes”: Not used: its name matches no contract field." in lines
    assert Contract.objects.get().end_date.isoformat() == "2027-03-31"  # the rows still import


def test_every_column_is_accounted_for_and_ambiguous_ones_are_not_guessed(tmp_path, branch_a):
    path = tmp_path / "register.csv"
    path.write_text(
        "Contract No.,Title of Contract,Company No.,Supplier,Contract value,End date,Last extension date,"
        "Extension Option\nR1,Cleaning,1234567,A Ltd,1000,31/03/2027,31/03/2026,Yes - 2 x 12 months\n"
    )
    code, out, _ = _call(path, "--branch", branch_a.slug, "--authority", "Demo City Council")
    assert code == 0
    assert "Missing" not in out
    assert "  “Company No.”: Supplier company number (sure)." in out
    assert "  “Extension Option”: Extension options (sure)." in out
    assert (
        "  “Last extension date”: Not used: it could be “Latest possible end date”, so we did not guess. If it is, "
        "choose it on the column matching page." in out
    )
    contract = Contract.objects.get()
    assert (contract.latest_end_date, contract.extension_terms) == (None, "Yes - 2 x 12 months")
