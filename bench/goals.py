"""Issue 21's goal rows: each measure next to its anchor measured in the same run, the ratio, and PASS or MISS.

`make bench` prints these as its last table and writes them to bench/out/latest.json under "goals". A row whose
measure failed (a wrong page, a lost submission, a peer that could not be installed) says ERROR or SKIPPED with
the reason instead of a figure; ERROR fails the run, SKIPPED does not (it says why the anchor is missing).
"""

from dataclasses import asdict, dataclass, field


@dataclass
class GoalRow:
    measure: str
    metric: str  # what value and anchor_value are: "CPU ms per request", "KB of HTML", "submissions/s"
    value: float | None
    anchor: str  # "-" for an absolute goal
    anchor_value: float | None
    # The goal: ratio (value / anchor_value) at most `limit`, or at least it when `at_least`; for an absolute goal
    # (no anchor) the value itself. None: no goal, a figure printed for information (result INFO).
    limit: float | None
    at_least: bool = False
    note: str = ""  # printed under the table: what else the row checked (e.g. "0 lost")
    error: str = ""
    skipped: str = ""
    detail: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.anchor_value in (None, 0) or self.value is None:
            return None
        return self.value / self.anchor_value

    @property
    def judged(self) -> float | None:
        return self.value if self.anchor == "-" else self.ratio

    @property
    def goal(self) -> str:
        if self.limit is None:
            return "-"
        sign = ">=" if self.at_least else "<="
        if self.anchor == "-":
            return f"{sign} {self.limit:g}"
        return f"{sign} {self.limit:g}x" if self.limit >= 0.01 else f"{sign} 1/{1 / self.limit:,.0f}"

    @property
    def status(self) -> str:
        if self.error:
            return "ERROR"
        if self.skipped:
            return "SKIPPED"
        judged = self.judged
        if judged is None:
            return "ERROR"
        if self.limit is None:
            return "INFO"
        met = judged >= self.limit if self.at_least else judged <= self.limit
        return "PASS" if met else "MISS"

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "goal": self.goal, "status": self.status}


def _figure(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _ratio(row: GoalRow) -> str:
    ratio = row.ratio
    if ratio is None:
        return "-"
    return f"{ratio:.2f}x" if ratio >= 0.01 else f"1/{1 / ratio:,.0f}"


def table(rows: list[GoalRow]) -> str:
    headers = ["measure", "metric", "value", "anchor (same run)", "anchor value", "ratio", "goal", "result"]
    body = []
    for r in rows:
        why = " ".join((r.error or r.skipped).split())
        status = r.status + (f": {why[:100]}{'...' if len(why) > 100 else ''}" if why else "")
        body.append([r.measure, r.metric, _figure(r.value), r.anchor, _figure(r.anchor_value), _ratio(r), r.goal])
        body[-1].append(status)
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *body, strict=True)]
    numeric = {2, 4, 5}

    def line(cells):
        return "  ".join(
            str(c).rjust(w) if i in numeric else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    lines = [line(headers), line(["-" * w for w in widths]), *(line(row) for row in body)]
    notes = [f"  {r.measure}: {r.note}" for r in rows if r.note]
    notes += [f"  {r.measure}: {r.status} {r.error or r.skipped}" for r in rows if len(r.error or r.skipped) > 100]
    return "\n".join(lines + (["Notes:", *notes] if notes else []))
