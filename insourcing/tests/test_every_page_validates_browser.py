"""Guard (issue 15): every page a person reaches validates with the Nu HTML Checker and passes axe-core.

The crawl (insourcing/tests/crawl.py) collects the HTML the server sent for every page it reaches as the
demo's officer and organiser; the checker (vnu-jar from npm, on Debian's default-jre-headless) reads all of it
in one run, since a JVM start costs seconds. axe-core runs on each page as the crawl loads it.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from conftest import assert_accessible, browser_login
from insourcing.tests.crawl import DEMO_PASSWORD, OFFICER, ORGANISER, crawl, kind, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VNU = Path(django_settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def validate(pages: dict[str, str], folder: Path) -> list[str]:
    """Nu HTML Checker errors for each page (name -> HTML), as 'page:line: message'."""
    names = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page{number:03}.html"
        path.write_text(html)
        names[path.name] = name
    java = shutil.which("java")
    assert java, "Java is missing: scripts/setup.sh test installs default-jre-headless"
    assert VNU.exists(), "vnu-jar is missing: npm ci installs it (package.json devDependencies)"
    run = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *sorted(str(p) for p in folder.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    return [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


def test_the_checker_catches_what_the_guard_exists_for(tmp_path):
    """The guard can fail: bare htmx attributes (issue 15 defect 22) are errors; data-hx-* is not."""
    page = '<!doctype html><html lang="en"><head><title>t</title></head><body><a href="/" {}="/x">x</a></body></html>'
    errors = validate({"bare": page.format("hx-get"), "data": page.format("data-hx-get")}, tmp_path)
    assert [e.split(":")[0] for e in errors] == ["bare"], errors
    assert "hx-get" in errors[0]


def test_every_page_validates_and_passes_axe(page, live_server, settings, tmp_path):
    seed_demo(settings)
    pages: dict[str, str] = {}
    inaccessible: list[str] = []

    def visit(path, response):
        if response is None or not response.ok or "text/html" not in (response.headers.get("content-type") or ""):
            return
        try:
            assert_accessible(page)
        except AssertionError as failure:
            inaccessible.append(str(failure).splitlines()[0] + " " + " ".join(str(failure).splitlines()[1:3]))

    for email in (OFFICER, ORGANISER):
        browser_login(page, email, DEMO_PASSWORD)
        result = crawl(page, live_server.url, max_pages=45, visit=visit)
        for visit_ in result.visits:
            if visit_.html:
                pages.setdefault(kind(visit_.path), visit_.html)
        page.context.clear_cookies()
    pages["/accounts/login/"] = page.goto("/accounts/login/").text()
    assert len(pages) > 40, sorted(pages)  # the crawl really walked the app
    errors = validate(pages, tmp_path)
    assert errors == [], f"{len(errors)} Nu HTML Checker errors on {len(pages)} pages:\n" + "\n".join(errors)
    assert inaccessible == [], "\n".join(inaccessible)
