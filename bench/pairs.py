"""A measure and its anchor fetched in interleaved rounds, so a busy patch of the machine hits both alike.

Two ways. `blocks()`, for CPU per request (the list pages, the plan page): each round fetches one side for a few
seconds from `concurrency` client threads (as many as the server has workers, so requests do not queue), one
request at a time each, then waits for the last answer before reading the servers' CPU. Every request the
servers worked on is counted and none spills into the other side's figures, which wrk's fixed-length runs cannot
promise (it stops with a request in flight on every connection, which the server still completes). Latency is
then the page's own, not queueing.

`interleave()`, for throughput at a given load (the survey submission against the peer): wrk. Each side gets
`options.warmup` seconds of warm-up, then `rounds` rounds of `duration / rounds` seconds, the order alternating
(measure, anchor, anchor, measure, ...). Per side: requests, seconds, and the CPU time the servers spent
(approximate there: the requests in flight when wrk stops are not counted).

Both count the CPU of gunicorn workers plus PostgreSQL backends of every server given, from /proc: only one side
runs at a time, and idle servers cost next to nothing. A side may check each round's outcome (`begin` and `verify`, as a
bench/web.py Replay does). Latency per side is the median of its rounds' p50 and p95.
"""

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .core import Result
from .inprocess import p95
from .web import GROUP, BenchError, WrkOptions, _request, cpu_seconds, wrk


@dataclass
class Side:
    name: str
    url: str  # what wrk fetches
    headers: dict = field(default_factory=dict)
    script: str = ""  # Lua run before the reporter (a replayed POST)
    begin: Callable[[], object] | None = None  # state before a round
    verify: Callable[[object, dict], dict] | None = None  # raises BenchError unless the round did what wrk says


@dataclass
class Totals:
    requests: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    errors: int = 0
    p50_ms: list[float] = field(default_factory=list)
    p95_ms: list[float] = field(default_factory=list)
    rounds: list[dict] = field(default_factory=list)  # what each round's verify returned
    cpu_ms_by_round: list[float] = field(default_factory=list)  # blocks(): CPU ms per request in each round

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float | None:
        """blocks(): the median round's CPU per request, so one round whose reading went wrong (a process that
        exited in the instant /proc was read takes its time with it) cannot move the figure; else the total's."""
        if len(self.cpu_ms_by_round) >= 3:
            return statistics.median(self.cpu_ms_by_round)
        return self.cpu * 1000 / self.requests if self.requests else None


def interleave(
    sides: list[Side], *, options: WrkOptions, rounds: int, server_pids: frozenset[int]
) -> dict[str, Totals]:
    seconds = max(1, round(options.duration / rounds))
    totals = {side.name: Totals() for side in sides}
    if options.warmup:
        for side in sides:
            wrk(side.url, seconds=options.warmup, options=options, headers=side.headers, script=side.script)
    for n in range(rounds):
        for side in sides if n % 2 == 0 else list(reversed(sides)):
            state = side.begin() if side.begin else None
            before = cpu_seconds(server_pids)
            stats = wrk(side.url, seconds=seconds, options=options, headers=side.headers, script=side.script)
            total = totals[side.name]
            total.cpu += cpu_seconds(server_pids) - before
            total.requests += stats["requests"]
            total.seconds += stats["duration_us"] / 1e6
            total.errors += sum(stats["errors"].values())
            total.p50_ms.append(stats["p50_us"] / 1000)
            total.p95_ms.append(stats["p95_us"] / 1000)
            if side.verify:
                total.rounds.append(side.verify(state, stats))
    return totals


def _fetch(base_url: str, path: str, headers: dict, seconds: float, concurrency: int):
    """Requests one after another from each of `concurrency` threads until `seconds` pass; all answered."""
    deadline = time.monotonic() + seconds
    latencies, failures = [], []

    def client():
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                response, _ = _request(base_url, "GET", path, headers=headers)
            except OSError as error:
                failures.append(repr(error))
                continue
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                failures.append(f"HTTP {response.status}")

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - started


def blocks(
    sides: list[tuple[str, str, str, dict]],
    *,
    seconds: float,
    rounds: int,
    warmup: float,
    concurrency: int,
    server_pids: frozenset[int],
) -> dict[str, Totals]:
    """sides: (name, base URL, path, headers). `seconds` in all per side, split into `rounds` blocks."""
    totals = {name: Totals() for name, *_ in sides}
    latencies: dict[str, list[float]] = {name: [] for name, *_ in sides}
    for _name, base_url, path, headers in sides:
        if warmup:
            _fetch(base_url, path, headers, warmup, concurrency)
    for n in range(rounds):
        for name, base_url, path, headers in sides if n % 2 == 0 else list(reversed(sides)):
            before = cpu_seconds(server_pids)
            taken, failures, elapsed = _fetch(base_url, path, headers, seconds / rounds, concurrency)
            total = totals[name]
            used = cpu_seconds(server_pids) - before
            total.cpu += used
            total.requests += len(taken)
            if taken:
                total.cpu_ms_by_round.append(used * 1000 / len(taken))
            total.seconds += elapsed
            total.errors += len(failures)
            if failures:
                raise BenchError(f"{base_url}{path}: {len(failures)} failed requests, e.g. {failures[0]}")
            latencies[name] += taken
            total.p50_ms.append(statistics.median(taken) if taken else 0.0)
    for name, total in totals.items():
        samples = latencies[name]
        total.p50_ms = [statistics.median(samples)] if samples else [0.0]
        total.p95_ms = [p95(samples) if len(samples) > 1 else total.p50_ms[0]]
    return totals


def result(name: str, path: str, total: Totals, **detail) -> Result:
    """A row for the detailed table (compared there with the http floor, /robots.txt)."""
    return Result(
        group=GROUP,
        name=name,
        kind="http",
        samples=total.requests,
        per_second=total.per_second,
        p50_ms=statistics.median(total.p50_ms),
        p95_ms=statistics.median(total.p95_ms),
        cpu_ms=total.cpu_ms,
        errors=total.errors,
        detail={
            "path": path,
            "p50_ms_by_round": total.p50_ms,
            "cpu_ms_by_round": total.cpu_ms_by_round,
            "cpu_ms_of_all_requests": total.cpu * 1000 / total.requests if total.requests else None,
            "rounds": total.rounds,
            **detail,
        },
    )
