"""The access matrix: every URL that takes an object id must be listed here or in an app's access_cases.

Each app keeps `<app>/tests/access_cases.py` (or one `access_cases_<feature>.py` per feature)
with `CASES` (a list of AccessCase) and `PUBLIC` (URL names
reachable without scope, e.g. the anonymous survey link). test_access_matrix walks every URL pattern and
fails when one with path arguments is in neither, so a new view cannot forget its scope test.
"""

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

APPS = ["insourcing", "contracts", "campaigns", "surveys", "overview"]


@dataclass(frozen=True)
class AccessCase:
    url_name: str
    make: Callable  # make(branch, officer_user) -> object belonging to that branch
    kwargs: Callable  # kwargs(obj) -> URL kwargs
    method: str = "get"
    # The request's body: a dict, or data(obj) -> dict for a view that takes its object's id in the body
    # rather than the URL (the URL-kwargs walk cannot see those: list them here by hand).
    data: dict | Callable = field(default_factory=dict)
    # What a regional organiser of the branch's region gets: "read" (2xx/3xx) or "denied" (403).
    organiser: str = "read"
    # state(obj) -> anything comparable: when given, a refused request must leave it as it was and the owning
    # officer's request must change it.
    state: Callable | None = None

    def body(self, obj) -> dict:
        return self.data(obj) if callable(self.data) else self.data

    @property
    def id(self) -> str:
        return f"{self.url_name}:{self.method}"


def _case_modules():
    """Every `<app>/tests/access_cases.py` and `<app>/tests/access_cases_*.py` (one per feature)."""
    for app in APPS:
        package = import_module(f"{app}.tests")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if info.name == "access_cases" or info.name.startswith("access_cases_"):
                yield import_module(f"{app}.tests.{info.name}")


def all_cases() -> list[AccessCase]:
    return [case for module in _case_modules() for case in module.CASES]


def public_url_names() -> set[str]:
    return {name for module in _case_modules() for name in getattr(module, "PUBLIC", ())}
