"""python -m bench.soak_load --base-url URL --token TOKEN: 200 members answering a survey at once, for 60 s.

Each simulated member is a phone: its own cookies and its own loopback address, it opens the link, reads the
introduction, answers every page and sends; then the next member takes its place. Meanwhile one officer and one
organiser keep loading their dashboards, next to the trivial floor page, one request at a time.

Checks, which fail the run: no 5xx; every submission the server accepted is in the database with all its answers
(counted with the Django ORM on the same database); no connection errors or timeouts. The officers' figures are
compared with the bench goal (dashboard p95 within 3x the floor's p95, both measured under the same load) and
printed, never asserted, like `make bench`.
"""

import argparse
import asyncio
import json
import os
import random
import sys
import time
from pathlib import Path

from .soak_client import Client, Tally, member_journey
from .web import DEMO_PASSWORD, ORGANISER, login

OFFICER = "officer@example.org"
OUT = Path(__file__).resolve().parent / "out" / "soak.json"
GOAL = 3.0
OFFICER_PAGES = [("floor: /robots.txt", "/robots.txt", None), ("dashboard (officer)", "/dashboard/", OFFICER)]
OFFICER_PAGES.append(("dashboard (organiser)", "/dashboard/", ORGANISER))


def source_address(n: int) -> str:
    """The n-th member's address: 127.1.0.1, 127.1.0.2, ... (never .0 or .255)."""
    return f"127.{1 + n // 64516}.{n // 254 % 254 + 1}.{n % 254 + 1}"


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def members(base_url: str, token: str, *, concurrency: int, seconds: float, tally: Tally, seed: int):
    deadline = time.monotonic() + seconds
    counter = iter(range(10**7))
    rng = random.Random(seed)

    async def slot():
        while time.monotonic() < deadline:
            client = Client(base_url, source=source_address(next(counter)))
            try:
                await member_journey(client, token, tally, rng)
            except (OSError, TimeoutError, ValueError) as exc:
                tally.fail(f"{type(exc).__name__}: {exc}")

    await asyncio.gather(*(slot() for _ in range(concurrency)))
    return next(counter)


async def officers(base_url: str, sessions: dict[str, str], stop: asyncio.Event) -> dict[str, list[float]]:
    """Each officer page in turn, one request at a time, until the members stop."""
    timings: dict[str, list[float]] = {name: [] for name, _, _ in OFFICER_PAGES}
    errors: dict[str, int] = {name: 0 for name, _, _ in OFFICER_PAGES}
    while not stop.is_set():
        for name, path, user in OFFICER_PAGES:
            client = Client(base_url)
            if user:
                client.cookies["sessionid"] = sessions[user]
            try:
                reply = await client.request("GET", path)
            except (OSError, TimeoutError):
                errors[name] += 1
                continue
            if reply.status != 200:
                errors[name] += 1
            timings[name].append(reply.seconds)
    return {"timings": timings, "errors": errors}


async def idle_officers(base_url: str, sessions: dict[str, str], seconds: float):
    stop = asyncio.Event()
    task = asyncio.create_task(officers(base_url, sessions, stop))
    await asyncio.sleep(seconds)
    stop.set()
    return await task


async def under_load(base_url: str, token: str, sessions, *, concurrency: int, seconds: float, tally: Tally):
    stop = asyncio.Event()
    sampler = asyncio.create_task(officers(base_url, sessions, stop))
    started = time.monotonic()
    phones = await members(base_url, token, concurrency=concurrency, seconds=seconds, tally=tally, seed=10)
    elapsed = time.monotonic() - started
    stop.set()
    return await sampler, phones, elapsed


def stored(token: str) -> tuple[int, int]:
    """Responses and answers in the database for the survey, read with the ORM."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    django.setup()
    from surveys.models import Answer, Response, Survey

    survey = Survey.objects.get(token=token)
    return Response.objects.filter(survey=survey).count(), Answer.objects.filter(survey=survey).count()


def summarise(sample: dict) -> dict:
    out = {}
    for name, values in sample["timings"].items():
        out[name] = {
            "requests": len(values),
            "errors": sample["errors"][name],
            "p50_ms": percentile(values, 50) * 1000,
            "p95_ms": percentile(values, 95) * 1000,
        }
    floor = out["floor: /robots.txt"]["p95_ms"]
    for row in out.values():
        row["p95_ratio"] = row["p95_ms"] / floor if floor else None
    return out


def officer_table(title: str, rows: dict) -> str:
    lines = [title, f"  {'page':24} {'requests':>8} {'p50 ms':>9} {'p95 ms':>9} {'p95/floor':>9}  goal"]
    for name, row in rows.items():
        verdict = "(floor)" if name.startswith("floor") else ("PASS" if row["p95_ratio"] <= GOAL else "MISS")
        if row["errors"]:
            verdict += f" ({row['errors']} errors)"
        lines.append(
            f"  {name:24} {row['requests']:>8} {row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f} "
            f"{row['p95_ratio']:>8.2f}x  {verdict}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak_load", description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True, help="the open survey's token (bench/soak_seed.py)")
    parser.add_argument("--members", type=int, default=int(os.environ.get("SOAK_MEMBERS", 200)))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SOAK_SECONDS", 60)))
    parser.add_argument("--idle-seconds", type=float, default=10, help="officer pages measured before the load")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    sessions = {user: login(args.base_url, user, DEMO_PASSWORD) for user in (OFFICER, ORGANISER)}
    before_responses, before_answers = stored(args.token)
    load_at_start = os.getloadavg()
    print(f"Officer pages without load, {args.idle_seconds:g} s")
    idle = summarise(asyncio.run(idle_officers(args.base_url, sessions, args.idle_seconds)))
    print(f"{args.members} members answering the survey for {args.seconds:g} s, officer pages sampled meanwhile")
    tally = Tally()
    sample, phones, elapsed = asyncio.run(
        under_load(args.base_url, args.token, sessions, concurrency=args.members, seconds=args.seconds, tally=tally)
    )
    loaded = summarise(sample)
    responses, answers = stored(args.token)
    responses -= before_responses
    answers -= before_answers
    server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)

    member_requests = sum(tally.statuses.values())
    print(
        f"\nMembers: {phones} phones started, {tally.accepted} submissions accepted in {elapsed:.0f} s "
        f"({tally.accepted / elapsed:.1f}/s), {member_requests} requests ({member_requests / elapsed:.0f}/s), "
        f"p50 {percentile(tally.latencies, 50) * 1000:.0f} ms, p95 {percentile(tally.latencies, 95) * 1000:.0f} ms"
    )
    print(f"  statuses: {dict(sorted(tally.statuses.items()))}; failures: {tally.failures}")
    for text in tally.unexpected:
        print(f"    {text}")
    print(
        f"  database: {responses} responses (accepted {tally.accepted}), {answers} answers (sent {tally.answers_sent})"
    )
    print()
    print(officer_table("Officer pages without load", idle))
    print(officer_table(f"Officer pages during the load (goal: p95 within {GOAL:g}x the floor)", loaded))
    print(
        f"Machine: {os.cpu_count()} CPUs, load average {load_at_start[0]:.2f} at start, {os.getloadavg()[0]:.2f} at end"
    )

    problems = []
    if server_errors:
        problems.append(f"{server_errors} server errors (5xx)")
    if responses != tally.accepted:
        problems.append(f"{tally.accepted} submissions accepted but {responses} stored")
    if answers != tally.answers_sent:
        problems.append(f"{tally.answers_sent} answers sent but {answers} stored")
    if tally.failures:
        problems.append(f"{tally.failures} failed journeys")
    if tally.accepted == 0:
        problems.append("no submission accepted")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "members": args.members,
                "seconds": elapsed,
                "phones": phones,
                "accepted": tally.accepted,
                "stored": responses,
                "answers_sent": tally.answers_sent,
                "answers_stored": answers,
                "statuses": tally.statuses,
                "member_p50_ms": percentile(tally.latencies, 50) * 1000,
                "member_p95_ms": percentile(tally.latencies, 95) * 1000,
                "officers_idle": idle,
                "officers_under_load": loaded,
                "loadavg_at_start": load_at_start,
                "problems": problems,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {args.out}")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
