"""The repository stands alone: a clone with nothing beside it runs the demo and the tests.

So no committed file may reach outside the repository for data, the guide or notes. The patterns are built
from parts so that this file does not name them itself.
"""

import subprocess

from conftest import ROOT

OUTSIDE = [b"../" + b"shared", b"/" + b"work/"]


def _repository_files() -> list[str]:
    # Tracked files and new ones not yet committed (but not ignored ones such as .venv or var/).
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    return [name for name in listing.decode().split("\0") if name]


def test_no_file_in_the_repository_names_a_path_outside_it():
    files = _repository_files()
    assert "manage.py" in files and "data/SOURCES.md" in files  # the listing really is this repository
    offenders = []
    for name in files:
        path = ROOT / name
        if path.is_symlink() or not path.is_file():
            continue  # a deleted-but-not-yet-staged file, or the .venv / node_modules links of a worktree
        content = path.read_bytes()
        offenders += [f"{name}: {pattern.decode()}" for pattern in OUTSIDE if pattern in content]
    assert offenders == []


def test_the_data_the_demo_and_tests_read_is_committed_with_its_sources():
    files = set(_repository_files())
    sources = (ROOT / "data" / "SOURCES.md").read_text()
    for folder in ("contract-registers", "ocds", "pay-scales", "calendars"):
        assert any(name.startswith(f"data/{folder}/") for name in files), folder
        assert f"## {folder}/" in sources, folder
    assert "Open Government Licence" in sources
    assert "Personal data warning" in sources
