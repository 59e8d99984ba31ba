"""Python callables timed in this process, N runs each, reported as median and p95 against their group's floor.

Register a measure with `@measure(group, name)` on a function that prepares (database reads, fixtures) and
returns the callable to time. Each group needs exactly one `floor=True` measure. Runs are interleaved (floor,
measure, floor, measure...) so a slow patch of the machine hits the floor and the measure alike. A callable with
a `before` attribute has it called, untimed, before each run (e.g. marking the dashboards' data changed).

CPU per run is this process's plus its PostgreSQL backend's (from /proc/<pid>/schedstat, in nanoseconds), as the
wrk measures count gunicorn workers plus backends.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from .core import Goal, Result


@dataclass(frozen=True)
class Measure:
    group: str
    name: str
    prepare: Callable[[], Callable[[], object]]
    floor: bool = False
    goal: Goal | None = None


MEASURES: list[Measure] = []


def measure(group: str, name: str, *, floor: bool = False, goal: Goal | None = None):
    def decorator(prepare):
        MEASURES.append(Measure(group=group, name=name, prepare=prepare, floor=floor, goal=goal))
        return prepare

    return decorator


def backend_cpu() -> tuple[int, float]:
    """(pid, CPU seconds so far) of this process's PostgreSQL backend; (0, 0) when it cannot be read."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0, 0.0
    connection.ensure_connection()
    pid = connection.connection.get_backend_pid()
    try:
        with open(f"/proc/{pid}/schedstat") as handle:
            return pid, int(handle.read().split()[0]) / 1e9
    except OSError:
        return 0, 0.0


def backend_cpu_since(mark: tuple[int, float]) -> float:
    """CPU seconds the backend spent since `mark`; all of a new backend's if the connection was replaced during the
    run (CONN_MAX_AGE closes it after a request once it is a minute old)."""
    pid, seconds = backend_cpu()
    return seconds - mark[1] if pid == mark[0] else seconds


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def run(
    measures: list[Measure], *, repeat: int, warmup: int, repeats: dict[str, int] | None = None, progress=print
) -> list[Result]:
    """`repeats` overrides `repeat` for a group (the PDFs: a 5-page report takes a second or more per run)."""
    groups: dict[str, list[Measure]] = {}
    for m in measures:
        groups.setdefault(m.group, []).append(m)
    results = []
    for group, members in groups.items():
        if sum(m.floor for m in members) != 1:
            raise ValueError(f"In-process group {group!r} needs exactly one floor measure")
        runs = (repeats or {}).get(group, repeat)
        progress(f"  {group}: {len(members)} measures, {warmup} warm-up + {runs} timed runs each, interleaved")
        callables = [(m, m.prepare()) for m in members]
        for _ in range(warmup):
            for _m, func in callables:
                func()
        timings: dict[str, list[float]] = {m.name: [] for m in members}
        cpu: dict[str, float] = {m.name: 0.0 for m in members}
        for _ in range(runs):
            for m, func in callables:
                if before := getattr(func, "before", None):
                    before()
                backend = backend_cpu()
                start, start_cpu = time.perf_counter(), time.process_time()
                func()
                timings[m.name].append((time.perf_counter() - start) * 1000)
                cpu[m.name] += time.process_time() - start_cpu + backend_cpu_since(backend)
        for m in members:
            samples = timings[m.name]
            results.append(
                Result(
                    group=group,
                    name=m.name,
                    kind="inprocess",
                    samples=len(samples),
                    per_second=1000 / statistics.fmean(samples),
                    p50_ms=statistics.median(samples),
                    p95_ms=p95(samples),
                    cpu_ms=cpu[m.name] * 1000 / len(samples),
                    is_floor=m.floor,
                    goal=m.goal,
                    detail={"min_ms": min(samples), "max_ms": max(samples)},
                )
            )
    return results
