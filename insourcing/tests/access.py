"""The access matrix: every URL that takes an object id must be listed here or in an app's access_cases.

Each app keeps `<app>/tests/access_cases.py` with `CASES` (a list of AccessCase) and `PUBLIC` (URL names
reachable without scope, e.g. the anonymous survey link). test_access_matrix walks every URL pattern and
fails when one with path arguments is in neither, so a new view cannot forget its scope test.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

APPS = ["insourcing", "contracts", "campaigns", "surveys"]


@dataclass(frozen=True)
class AccessCase:
    url_name: str
    make: Callable  # make(branch, officer_user) -> object belonging to that branch
    kwargs: Callable  # kwargs(obj) -> URL kwargs
    method: str = "get"
    data: dict = field(default_factory=dict)
    # What a regional organiser of the branch's region gets: "read" (2xx/3xx) or "denied" (403).
    organiser: str = "read"

    @property
    def id(self) -> str:
        return f"{self.url_name}:{self.method}"


def all_cases() -> list[AccessCase]:
    cases = []
    for app in APPS:
        try:
            module = import_module(f"{app}.tests.access_cases")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


def public_url_names() -> set[str]:
    names = set()
    for app in APPS:
        try:
            module = import_module(f"{app}.tests.access_cases")
        except ModuleNotFoundError:
            continue
        names |= set(getattr(module, "PUBLIC", ()))
    return names
