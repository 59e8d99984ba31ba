"""A bounded crawl of the pages a signed-in person reaches by following links, for the guards of issue 15.

It starts at the home page and follows same-origin links breadth first. Pages that differ only by ids, tokens
or query values are one kind, visited at most `per_kind` times, so new pages are covered without anyone adding
them to a list and the crawl stays bounded. Downloads, feeds, the admin, the API and logout are not pages.
"""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from django.core.management import call_command

from insourcing.models import Branch, BranchOfficer, User
from insourcing.tests.factories import UserFactory

DEMO_PASSWORD = "insourcing-demo"
# The demo's officer (one branch), an officer of two branches (made by `two_branch_officer`) and the organiser.
OFFICER, TWO_BRANCH_OFFICER, ORGANISER = "officer@example.org", "two-branches@example.org", "organiser@example.org"

SKIP = re.compile(
    r"/logout|/admin/|/api/|/static/|/media/|/favicon|\.(pdf|xlsx|csv|ics|svg|png|json|txt)(\?|$)"
    r"|[?&](export|_export)=|/download|/feed|/calendar/|/delete/?$|/confirm-delete"
)
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href)"""


def seed_demo(settings) -> None:
    settings.DEBUG = True  # seed_demo refuses to run without it
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    settings.DEBUG = False


def two_branch_officer() -> User:
    """An officer of both demo branches of the demo organiser's region: forms then ask which branch."""
    region = Branch.objects.get(slug="demo-city").region
    user = UserFactory(email=TWO_BRANCH_OFFICER, full_name="Tam Two-Branches")
    user.set_password(DEMO_PASSWORD)
    user.save()
    for branch in Branch.objects.filter(region=region).order_by("pk")[:2]:
        BranchOfficer.objects.create(user=user, branch=branch)
    return user


def kind(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$|\.)", "/N", parts.path)
    path = re.sub(r"/[A-Za-z0-9_-]{20,}(?=/|$)", "/TOKEN", path)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return path + ("?" + "&".join(keys) if keys else "")


@dataclass
class Visit:
    path: str
    status: int
    html: str


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)

    @property
    def paths(self) -> list[str]:
        return [visit.path for visit in self.visits]


def crawl(page, origin: str, *, max_pages: int = 80, per_kind: int = 1, visit=None) -> Crawl:
    """Visit pages reachable from the home page; `visit(path, response)` may check each (the page is loaded)."""
    queue, seen, kinds, result = deque(["/"]), {"/"}, Counter(), Crawl()
    while queue and len(result.visits) < max_pages:
        path = queue.popleft()
        response = page.goto(path)
        page.wait_for_load_state()
        html_page = response is not None and "text/html" in (response.headers.get("content-type") or "")
        # What the server sent, not the DOM after scripts ran: that is what the validator judges.
        result.visits.append(Visit(path, response.status if response else 0, response.text() if html_page else ""))
        if visit:
            visit(path, response)
        if response is None or not response.ok or not html_page:
            continue
        for href in page.evaluate(LINKS_JS):
            href, _ = urldefrag(href)
            if not href.startswith(origin) or SKIP.search(href):
                continue
            target = href[len(origin) :] or "/"
            if target in seen or kinds[kind(target)] >= per_kind:
                continue
            seen.add(target)
            kinds[kind(target)] += 1
            queue.append(target)
    return result
