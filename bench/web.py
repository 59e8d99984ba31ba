"""Pages fetched by wrk from gunicorn on loopback. Add a page by adding an Endpoint to ENDPOINTS.

Logged-in endpoints get a session cookie from the real login form, once, before wrk runs; each page is checked
to answer 200 with its expected text before and after the run, because wrk counts a redirect to the login page
as a success. A request that is not a plain GET (a form sent over and over) is a ReplayEndpoint: it builds its
request and checks its own outcome (see bench/survey.py).
"""

import http.client
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from .core import Goal, RateGoal, Result

GROUP = "http"
ORGANISER = "organiser@example.org"  # from seed_demo: regional organiser, Eastern region
DEMO_PASSWORD = "insourcing-demo"  # published in the README; seed_demo creates it only with DEBUG on
LOOPBACK = {"127.0.0.1", "::1"}
REPORTER = Path(__file__).with_name("report.lua")


@dataclass(frozen=True)
class Endpoint:
    group = GROUP  # not a field: every endpoint is compared with the one floor page
    name: str
    path: str
    expect: str  # text the page must contain, so a login page or error page is never measured
    login: str | None = None  # email of a seed_demo user to fetch the page as
    goal: Goal | None = None
    floor: bool = False


@dataclass
class Replay:
    """One request wrk sends over and over, with the checks that make its figures mean something."""

    path: str
    script: str  # Lua setting wrk.method, wrk.body, wrk.headers, and counting responses in `statuses`
    check: Callable[[], None]  # sends it once now; raises BenchError unless it did what the measure claims
    begin: Callable[[], object]  # state just before the measured run (e.g. rows stored)
    verify: Callable[[object, dict], dict]  # raises BenchError unless the run did what wrk reports; returns detail


@dataclass(frozen=True)
class ReplayEndpoint:
    group = GROUP
    name: str
    prepare: Callable[[str, "WrkOptions"], Replay]  # called with the base URL once gunicorn answers
    goal: Goal | RateGoal | None = None
    floor = False
    login = None


ENDPOINTS = [
    Endpoint("floor: /robots.txt", "/robots.txt", expect="Disallow: /", floor=True),
    Endpoint("dashboard (organiser)", "/dashboard/", expect="Eastern region", login=ORGANISER, goal=Goal(3)),
    # The first page of 50 (sorted by name) starts with bench.seed's branches.
    Endpoint("branch list (organiser)", "/branches/", expect="Bench Branch 001", login=ORGANISER),
]


@dataclass(frozen=True)
class WrkOptions:
    duration: int = 10
    threads: int = 2
    connections: int = 8
    warmup: int = 2
    timeout: int = 10


class BenchError(Exception):
    pass


def cpu_seconds(parents: set[int]) -> float:
    """User + system CPU time of these processes and their children (gunicorn workers, PostgreSQL backends).

    Read from /proc/<pid>/stat: each process's own time, plus the time of its children that have exited and been
    reaped (cutime, cstime). Without the latter, a PostgreSQL backend closed during a run (CONN_MAX_AGE recycles
    them every minute) or a restarted worker would take all its past CPU time with it and the figure would drop.
    """
    ticks = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                stat = handle.read()
        except OSError:  # exited while we looked
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (command) "; fields[0] is field 3, the state
        if int(entry.name) in parents or int(fields[1]) in parents:
            ticks += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _request(base_url: str, method: str, path: str, *, headers=None, body=None):
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _set_cookies(response) -> dict[str, str]:
    # Parsed by hand rather than with http.cookiejar: production settings mark the cookies Secure, and a
    # cookie jar rightly never sends Secure cookies back over plain http to loopback.
    cookies = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        jar = SimpleCookie()
        jar.load(header)
        cookies.update({name: morsel.value for name, morsel in jar.items()})
    return cookies


def login(base_url: str, email: str, password: str = DEMO_PASSWORD) -> str:
    """Log in through the real form (CSRF token and all) and return the session id."""
    response, page = _request(base_url, "GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    csrf_cookie = _set_cookies(response).get("csrftoken")
    if response.status != 200 or not token or not csrf_cookie:
        raise BenchError(f"Login page answered {response.status} without a CSRF token")
    form = urlencode({"username": email, "password": password, "csrfmiddlewaretoken": token.group(1)})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}"}
    response, _ = _request(base_url, "POST", "/accounts/login/", headers=headers, body=form)
    session = _set_cookies(response).get("sessionid")
    if response.status != 302 or not session:
        raise BenchError(f"Logging in as {email} failed (HTTP {response.status}); was seed_demo run?")
    return session


def check_page(base_url: str, endpoint: Endpoint, headers: dict[str, str]) -> None:
    response, page = _request(base_url, "GET", endpoint.path, headers=headers)
    if response.status != 200 or endpoint.expect not in page:
        where = response.getheader("Location") or page[:300]
        raise BenchError(f"{endpoint.path} answered {response.status} without {endpoint.expect!r}: {where}")


def wrk(url: str, *, seconds: int, options: WrkOptions, headers: dict[str, str], script: str = "") -> dict:
    """Run wrk with the reporter, after `script` (Lua) if given."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-") as lua:
        lua.write(script + "\n" + REPORTER.read_text())
        lua.flush()
        command = ["wrk", f"-t{options.threads}", f"-c{options.connections}", f"-d{seconds}s"]
        command += ["--timeout", f"{options.timeout}s", "-s", lua.name]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(url)
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return json.loads(line.removeprefix("BENCH_RESULT "))


def run(
    base_url: str, *, options: WrkOptions, endpoints=None, server_pids: frozenset[int] = frozenset(), progress=print
) -> list[Result]:
    host = urlsplit(base_url).hostname
    if host not in LOOPBACK:
        raise BenchError(f"Benchmarks only run against loopback, not {host!r}")
    sessions: dict[str, str] = {}
    results = []
    for endpoint in endpoints or ENDPOINTS:
        if isinstance(endpoint, ReplayEndpoint):
            results.append(run_replay(base_url, endpoint, options=options, server_pids=server_pids, progress=progress))
            continue
        headers = {}
        if endpoint.login:
            if endpoint.login not in sessions:
                sessions[endpoint.login] = login(base_url, endpoint.login)
            headers["Cookie"] = f"sessionid={sessions[endpoint.login]}"
        check_page(base_url, endpoint, headers)
        url = base_url.rstrip("/") + endpoint.path
        progress(f"  wrk {endpoint.path}: {options.warmup}s warm-up, {options.duration}s measured")
        if options.warmup:
            wrk(url, seconds=options.warmup, options=options, headers=headers)
        cpu_before = cpu_seconds(server_pids) if server_pids else None
        stats = wrk(url, seconds=options.duration, options=options, headers=headers)
        cpu_used = cpu_seconds(server_pids) - cpu_before if server_pids else None
        check_page(base_url, endpoint, headers)  # still logged in and still the right page afterwards
        results.append(_result(endpoint.name, endpoint.path, stats, cpu_used, goal=endpoint.goal, floor=endpoint.floor))
    return results


def _result(name: str, path: str, stats: dict, cpu_used: float | None, *, goal, floor=False, **detail) -> Result:
    return Result(
        group=GROUP,
        name=name,
        kind="http",
        samples=stats["requests"],
        per_second=stats["requests"] / (stats["duration_us"] / 1e6),
        p50_ms=stats["p50_us"] / 1000,
        p95_ms=stats["p95_us"] / 1000,
        cpu_ms=None if cpu_used is None or not stats["requests"] else cpu_used * 1000 / stats["requests"],
        errors=sum(stats["errors"].values()),
        is_floor=floor,
        goal=goal,
        detail={"path": path, "max_ms": stats["max_us"] / 1000, "errors": stats["errors"], **detail},
    )


def run_replay(
    base_url: str, endpoint: ReplayEndpoint, *, options: WrkOptions, server_pids: frozenset[int], progress=print
) -> Result:
    replay = endpoint.prepare(base_url, options)
    replay.check()
    url = base_url.rstrip("/") + replay.path
    progress(f"  wrk {replay.path} ({endpoint.name}): {options.warmup}s warm-up, {options.duration}s measured")
    if options.warmup:
        wrk(url, seconds=options.warmup, options=options, headers={}, script=replay.script)
    state = replay.begin()
    cpu_before = cpu_seconds(server_pids) if server_pids else None
    stats = wrk(url, seconds=options.duration, options=options, headers={}, script=replay.script)
    cpu_used = cpu_seconds(server_pids) - cpu_before if server_pids else None
    detail = replay.verify(state, stats)
    replay.check()
    return _result(endpoint.name, replay.path, stats, cpu_used, goal=endpoint.goal, **detail)
