"""Guards that enumerate the whole kind (issue 15): every page a person reaches by following links works on a
phone, and every page a person is shown a link to reads (one crawl per role does both).

Each crawl signs in as one role, starts at the home page and follows same-origin links breadth first. Pages that
only differ by ids or query values count as one kind (two of each at most), so new pages are covered without
anyone adding them to a list, and the crawl stays bounded.
"""

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
MAX_PAGES = 120
PER_KIND = 2
# Not pages: downloads, feeds, charts, the API, the admin, and links that end the session.
SKIP = re.compile(
    r"/logout|/admin/|/api/|/static/|/media/|\.(pdf|xlsx|csv|ics|svg|png|json|txt)(\?|$)|[?&](export|_export)=|"
    r"/download|/feed|calendar/[^/]+\.ics"
)
# Where a page overflows, name the elements that stick out, so the failure says what to fix.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const parent = el.parentElement;
    if (r.right > width + 1 && r.width > 0 && parent && parent.getBoundingClientRect().right <= width + 1
        && !clipped(el)) {
      culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
        ' (' + Math.round(r.right) + 'px)');
      if (culprits.length >= 4) break;
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, culprits};
}"""
# Words a program says and a person does not: a word twice in one piece of text ("Campaign activities activities",
# where a label met the template's own word), a duration in raw seconds or ISO 8601 ("28800 seconds", "PT15M").
# Text nodes are read one by one (a table's cells or a heading and its paragraph are not one phrase), hidden ones
# included: screen readers read visually hidden captions.
TEXT_JS = """() => {
  const skip = n => ['SCRIPT', 'STYLE', 'TEXTAREA'].includes(n.parentElement.tagName);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT,
    {acceptNode: n => skip(n) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode.textContent);
  return texts.join('\\n');
}"""
DOUBLED = re.compile(r"\b([A-Za-z]{3,})[ \u00a0]+\1\b", re.IGNORECASE)
RAW_DURATION = re.compile(r"\b\d{3,} seconds\b|\bP(?:T\d+[HMS])+\b|\b0 of them\b")
# Doubled words in the public data the demo imports, not in our wording.
IN_THE_DATA = {"Health Health"}  # "Young Mens Sexual Health Health Project" (Norfolk's contracts register)


def wording_problems(text: str) -> list[str]:
    found = {m.group(0) for m in DOUBLED.finditer(text)} | {m.group(0) for m in RAW_DURATION.finditer(text)}
    return sorted(found - IN_THE_DATA)


LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href)"""


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


def _kind(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$|\.)", "/N", parts.path)
    path = re.sub(r"/[A-Za-z0-9_-]{20,}(?=/|$)", "/TOKEN", path)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return path + ("?" + "&".join(keys) if keys else "")


def crawl(page, origin: str, *, visit) -> list[str]:
    """Visit pages reachable from the home page; `visit(url, response)` checks each. Returns the URLs visited."""
    queue, seen, kinds, visited = deque(["/"]), {"/"}, Counter(), []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        response = page.goto(path)
        page.wait_for_load_state()
        visited.append(path)
        visit(path, response)
        if response is None or not response.ok or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        for href in page.evaluate(LINKS_JS):
            href, _ = urldefrag(href)
            if not href.startswith(origin) or SKIP.search(href):
                continue
            target = href[len(origin) :] or "/"
            kind = _kind(target)
            if target in seen or kinds[kind] >= PER_KIND:
                continue
            seen.add(target)
            kinds[kind] += 1
            queue.append(target)
    return visited


@pytest.mark.parametrize("email", ["officer@example.org", "organiser@example.org"])
def test_every_page_works_at_390px_and_every_link_reads(page, live_server, demo, email):
    """One crawl per role checks both promises: no page scrolls sideways on a phone, and every page a person is
    shown a link to reads for them (an organiser linked to a 403 was a defect). The links are the same HTML at
    any width, so one crawl at 390 px covers the 1280 px links too."""
    browser_login(page, email, "insourcing-demo")
    page.set_viewport_size(PHONE)
    overflowing, refused, wording = [], [], []

    def visit(path, response):
        if response is not None and response.status >= 400:
            refused.append(f"{path}: {response.status}")
            return
        if problems := wording_problems(page.evaluate(TEXT_JS)):
            wording.append(f"{path}: {problems}")
        result = page.evaluate(OVERFLOW_JS)
        if result:
            overflowing.append(f"{path}: {result['scrollWidth']}px wide, {', '.join(result['culprits'])}")

    visited = crawl(page, live_server.url, visit=visit)
    assert len(visited) > 30, visited  # the crawl really walked the app
    assert refused == [], f"{email} is linked to pages they cannot read:\n" + "\n".join(refused)
    assert wording == [], "Pages read as a program talking:\n" + "\n".join(wording)
    assert overflowing == [], f"{len(overflowing)} of {len(visited)} pages scroll sideways at 390 px:\n" + "\n".join(
        overflowing
    )
