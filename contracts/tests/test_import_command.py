"""manage.py import_contracts: exit 0 every row applied, 1 rows reported, 2 file unreadable."""

import io

import pytest
from django.core.management import call_command

from contracts.models import Contract

pytestmark = pytest.mark.django_db
HEADER = "Contract reference,Title,End date\n"


def _call(path, *args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_contracts", str(path), *args, stdout=out, stderr=err)
        raise SystemExit(0)
    return exited.value.code, out.getvalue(), err.getvalue()


def test_exit_0_when_every_row_is_applied(tmp_path, branch_a):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "R1,Cleaning,31/03/2027\n")
    code, out, _ = _call(path, "--branch", branch_a.slug, "--authority", "Demo City Council")
    assert code == 0
    assert "1 new" in out
    assert Contract.objects.get().authority.name == "Demo City Council"


def test_exit_1_reports_rows_by_line_and_applies_the_good_ones(tmp_path, branch_a):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "R1,Cleaning,31/03/2027\nR2,Catering,soon\n")
    code, out, _ = _call(path, "--branch", branch_a.slug, "--authority", "Demo City Council")
    assert code == 1
    assert "line 3, column End date: error: “soon” is not a date we recognise" in out
    assert list(Contract.objects.values_list("reference", flat=True)) == ["R1"]


def test_exit_1_with_all_or_nothing_applies_nothing(tmp_path, branch_a):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "R1,Cleaning,31/03/2027\nR2,Catering,soon\n")
    code, out, _ = _call(path, "--branch", branch_a.slug, "--authority", "X", "--all-or-nothing")
    assert code == 1
    assert "Nothing was applied" in out
    assert not Contract.objects.exists()


def test_dry_run_changes_nothing(tmp_path, branch_a):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "R1,Cleaning,31/03/2027\n")
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
