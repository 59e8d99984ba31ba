"""Shared fixtures: personas, a real Celery worker, and headless Chromium.

Personas (as in healthchecks' tests):
- alice: officer of branch_a ("demo-city") in region north
- amy: officer of branch_a2 ("north-county"), also region north
- bob: officer of branch_b ("south-town") in region south
- olive: regional organiser for north (reads branch_a and branch_a2, edits nothing)
- charlie: logged in, no role
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from insourcing.tests.factories import (
    PASSWORD,
    BranchFactory,
    RegionFactory,
    UserFactory,
    make_officer,
    make_organiser,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ROOT = Path(__file__).resolve().parent


@pytest.fixture
def region_north(db):
    return RegionFactory(name="North", slug="north")


@pytest.fixture
def region_south(db):
    return RegionFactory(name="South", slug="south")


@pytest.fixture
def branch_a(region_north):
    return BranchFactory(region=region_north, name="Demo City", slug="demo-city")


@pytest.fixture
def branch_a2(region_north):
    return BranchFactory(region=region_north, name="North County", slug="north-county")


@pytest.fixture
def branch_b(region_south):
    return BranchFactory(region=region_south, name="South Town", slug="south-town")


@pytest.fixture
def alice(branch_a):
    return make_officer(branch_a, email="alice@example.org", full_name="Alice Officer", position="Branch Secretary")


@pytest.fixture
def amy(branch_a2):
    return make_officer(branch_a2, email="amy@example.org", full_name="Amy Officer")


@pytest.fixture
def bob(branch_b):
    return make_officer(branch_b, email="bob@example.org", full_name="Bob Officer")


@pytest.fixture
def olive(region_north, branch_a, branch_a2):
    return make_organiser(region_north, email="olive@example.org", full_name="Olive Organiser")


@pytest.fixture
def charlie(db):
    return UserFactory(email="charlie@example.org", full_name="Charlie Nobody")


@pytest.fixture
def password():
    return PASSWORD


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(client, alice):
    return _client_for(client, alice)


@pytest.fixture
def olive_client(client, olive):
    return _client_for(client, olive)


@pytest.fixture
def count_queries(db):
    """count_queries(callable) -> number of SQL queries it ran."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(func) -> int:
        with CaptureQueriesContext(connection) as context:
            func()
        return len(context.captured_queries)

    return count


@pytest.fixture
def broker_down(monkeypatch):
    """Publishing goes to a closed loopback port: a real refused connection, as when Redis is stopped.

    broker_write_url falls back to broker_url when unset, so it is patched first to restore correctly.
    """
    from insourcing.celery import app

    monkeypatch.setattr(app.conf, "broker_write_url", None, raising=False)
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:9/0")


# ---------------------------------------------------------------- a real Celery worker


def _database_url(settings_dict) -> str:
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    return "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**settings_dict)


class WorkerHandle:
    def __init__(self, process, mail_dir: Path, log_path: Path, log_file=None):
        self.process = process
        self.mail_dir = mail_dir
        self.log_path = log_path
        self.log_file = log_file

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self.log_file:
            self.log_file.close()

    def sent_mail(self) -> list[str]:
        return [p.read_text() for p in sorted(self.mail_dir.glob("*.log"))]

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""


def start_worker(
    base: Path, *, queues: str = "celery", concurrency: int = 2, new_session: bool = False, env: dict | None = None
):
    """Start a real Celery worker on the test database and broker; returns a WorkerHandle once it is ready.
    `env` adds environment variables: the worker's settings (insourcing/settings_test.py) read them, since a
    test's `settings` fixture changes only the test's own process."""
    from django.conf import settings
    from django.db import connection

    mail_dir = base / "mail"
    mail_dir.mkdir(parents=True, exist_ok=True)
    log_path = base / f"worker-{uuid.uuid4().hex[:6]}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "insourcing.settings_test",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "INSOURCING_TEST_WORKER": "1",
        "INSOURCING_TEST_MAIL_DIR": str(mail_dir),
        **(env or {}),
    }
    if not settings.REDIS_URL:
        env["CELERY_BROKER_DIR"] = str(settings.CELERY_BROKER_DIR)
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "insourcing", "worker", f"--concurrency={concurrency}"]
        + ["-Q", queues, "-n", name, "-l", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=new_session,
    )
    deadline = time.monotonic() + 60
    while "ready." not in (log_path.read_text() if log_path.exists() else ""):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"Celery worker did not start:\n{log_path.read_text()}")
        time.sleep(0.2)
    return WorkerHandle(process, mail_dir, log_path, log)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real worker process on the test database and broker (Redis under `make test`)."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:", ":memory:")):
        pytest.skip("the worker needs a database another process can open (run under make test)")
    from contracts.tests.notices_replay import Replay

    # The procurement feeds the worker reads are this replay server (tests script its replies in
    # `celery_worker.replay`); started first, as the worker learns its address once, from its environment.
    with Replay() as replay:
        handle = start_worker(tmp_path_factory.mktemp("worker"), env={"INSOURCING_TEST_REPLAY_URL": replay.base})
        handle.replay = replay
        yield handle
        handle.stop()


def wait_for(predicate, *, timeout: float = 30, interval: float = 0.2, message: str = "condition"):
    """Poll until predicate() is truthy; used only where a real worker does the work."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {message}")


# ---------------------------------------------------------------- headless Chromium

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    context.close()


def browser_login(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def assert_accessible(page) -> None:
    """axe-core reports no WCAG 2.2 AA violations on the current page, and the page broke no CSP rule."""
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21aa','wcag22aa']})")
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]} "
        f"({v['nodes'][0].get('failureSummary', '')})"
        for v in result["violations"]
    ]
    assert violations == [], f"axe-core violations on {page.url}:\n" + "\n".join(violations)
    assert page.csp_errors == [], f"CSP violations on {page.url}: {page.csp_errors}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a test that used the worker fails, its report ends with the worker's log: a CI failure is then
    readable without re-running it (was the job never received, still running, or did it raise?)."""
    report = yield
    worker = item.funcargs.get("celery_worker") if hasattr(item, "funcargs") else None
    if report.failed and isinstance(worker, WorkerHandle):
        report.sections.append(("Celery worker log (last 80 lines)", "\n".join(worker.log().splitlines()[-80:])))
    return report
