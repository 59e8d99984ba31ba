"""What every measure reports, ratios to its floor, goals, the printed table and the JSON file."""

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Goal:
    """At most `within` times the floor, judged on each percentile named in `on`."""

    within: float
    on: tuple[str, ...] = ("p50", "p95")

    def __str__(self):
        return f"{'+'.join(self.on)} within {self.within:g}x"

    def met(self, result: "Result") -> bool:
        ratios = [result.ratios[p] for p in self.on]
        return all(r is not None and r <= self.within for r in ratios)


@dataclass(frozen=True)
class RateGoal:
    """At least `share` of the floor's throughput (requests or runs per second) in the same run."""

    share: float

    def __str__(self):
        return f"req/s at least {self.share:g}x"

    def met(self, result: "Result") -> bool:
        return result.rate_ratio is not None and result.rate_ratio >= self.share


@dataclass
class Result:
    group: str  # results are compared with the floor of their own group
    name: str
    kind: str  # "http" (wrk) or "inprocess"
    samples: int  # requests completed, or timed runs
    per_second: float  # requests/s across all connections, or runs/s of one caller
    p50_ms: float
    p95_ms: float
    # CPU time per request or run (http: gunicorn workers + PostgreSQL backends; inprocess: this process). It moves
    # far less than latency when other work shares the CPUs, so its ratio is the one to read on a busy machine.
    cpu_ms: float | None = None
    errors: int = 0
    is_floor: bool = False
    goal: Goal | RateGoal | None = None
    detail: dict = field(default_factory=dict)
    # Filled in by compare():
    floor: str = ""
    p50_ratio: float | None = None
    p95_ratio: float | None = None
    cpu_ratio: float | None = None
    rate_ratio: float | None = None  # per_second / the floor's: above 1 is faster, unlike the other ratios
    status: str = ""

    @property
    def ratios(self) -> dict[str, float | None]:
        return {"p50": self.p50_ratio, "p95": self.p95_ratio, "cpu": self.cpu_ratio}


def compare(results: list[Result]) -> list[Result]:
    """Set each result's ratios to its group's floor and its PASS / MISS / ERRORS status."""
    floors = {r.group: r for r in results if r.is_floor}
    for result in results:
        floor = floors.get(result.group)
        if floor is None:
            raise ValueError(f"Group {result.group!r} has no floor measure")
        result.floor = floor.name
        result.p50_ratio = result.p50_ms / floor.p50_ms if floor.p50_ms else None
        result.p95_ratio = result.p95_ms / floor.p95_ms if floor.p95_ms else None
        if result.cpu_ms is not None and floor.cpu_ms:
            result.cpu_ratio = result.cpu_ms / floor.cpu_ms
        result.rate_ratio = result.per_second / floor.per_second if floor.per_second else None
        if result.errors or floor.errors:
            result.status = "ERRORS"
        elif result.goal:
            result.status = "PASS" if result.goal.met(result) else "MISS"
    return results


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def table(results: list[Result]) -> str:
    headers = ["group", "measure", "req/s", "req/s/floor", "p50 ms", "p95 ms", "p50/floor", "p95/floor"]
    headers += ["cpu ms", "cpu/floor", "goal", "result"]
    rows = []
    for r in results:
        rate = f"{r.per_second:,.0f}" if r.per_second >= 100 else f"{r.per_second:,.1f}"
        if r.kind == "inprocess":
            rate += " runs"
        goal = "(floor)" if r.is_floor else (str(r.goal) if r.goal else "")
        status = r.status + (f" ({r.errors} errors)" if r.errors else "")
        cpu = "-" if r.cpu_ms is None else f"{r.cpu_ms:.2f}"
        rows.append(
            [
                r.group,
                r.name,
                rate,
                _ratio(r.rate_ratio),
                f"{r.p50_ms:.2f}",
                f"{r.p95_ms:.2f}",
                _ratio(r.p50_ratio),
                _ratio(r.p95_ratio),
            ]
            + [cpu, _ratio(r.cpu_ratio), goal, status]
        )
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=True)]
    numeric = {2, 3, 4, 5, 6, 7, 8, 9}

    def line(cells):
        return "  ".join(
            str(c).rjust(w) if i in numeric else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(row) for row in rows)])


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "loadavg": os.getloadavg(),
    }


def load_warning(load_at_start: tuple[float, ...], load_at_end: tuple[float, ...]) -> str:
    """Other processes on the machine slow the server, wrk and the floor alike; say so next to the figures."""
    cpus = os.cpu_count() or 1
    text = f"Machine: {cpus} CPUs, 1-minute load average {load_at_start[0]:.2f} at start, {load_at_end[0]:.2f} at end."
    if max(load_at_start[0], load_at_end[0]) > cpus / 2:
        text += " Other work shared the CPUs: latency is inflated and noisy; trust cpu/floor, or run again when idle."
    return text


def write_json(
    path: Path, results: list[Result], settings: dict, *, load_at_start: tuple[float, ...], goals=()
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {**machine(), "loadavg_at_start": load_at_start},
        "settings": settings,
        "results": [
            {**asdict(r), "goal": None if r.goal is None else {**asdict(r.goal), "text": str(r.goal)}} for r in results
        ],
        "goals": [g.as_dict() for g in goals],  # issue 21's rows: measure, anchor, ratio, PASS or MISS
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
