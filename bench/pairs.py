"""A measure and its anchor fetched by wrk in interleaved rounds, so a busy patch of the machine hits both alike.

Each side gets `options.warmup` seconds of warm-up, then `rounds` rounds of `duration / rounds` seconds, the order
alternating (measure, anchor, anchor, measure, ...). Per side: requests, seconds, and the CPU time the servers
spent (gunicorn workers plus PostgreSQL backends of every server given, from /proc: only one side runs at a time,
and idle servers cost next to nothing). A side may check each round's outcome (`begin` and `verify`, as a
bench/web.py Replay does). Latency per side is the median of its rounds' p50 and p95.
"""

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from .core import Result
from .web import GROUP, WrkOptions, cpu_seconds, wrk


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

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float | None:
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
        detail={"path": path, "p50_ms_by_round": total.p50_ms, "rounds": total.rounds, **detail},
    )
