"""python -m bench --base-url http://127.0.0.1:PORT: run every measure, print the tables, write the JSON.

scripts/bench.sh starts the servers and sets the environment; run it through `make bench`. Two tables: every
measure against its group's floor, then issue 21's goals, each against its anchor measured in the same run
(bench/issue21.py). Goals are printed as PASS or MISS and never fail the run; errors (a failed request, a wrong
page, a lost submission) do.
"""

import argparse
import os
import sys
from importlib import import_module
from pathlib import Path

from . import core, dashboards, goals, inprocess, issue21, lists, peer_bench, web  # noqa: F401  (dashboards: ENDPOINTS)

# Modules of in-process measures: importing one registers its measures.
MODULES = ["bench.pdf", "bench.features"]
OUT = Path(__file__).resolve().parent / "out" / "latest.json"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _wanted(only: list[str], *words: str) -> bool:
    """Whether a goal measure runs: always without --only, else when an --only names one of its words."""
    return not only or any(o.lower() in w.lower() or w.lower() in o.lower() for o in only for w in words)


def _selected(items, only: list[str]):
    """Items whose name or group matches one of `only`, plus the floors they are compared with."""
    if not only:
        return list(items)
    chosen = [i for i in items if any(o.lower() in f"{i.group} {i.name}".lower() for o in only)]
    groups = {i.group for i in chosen}
    return [i for i in items if i in chosen or (i.floor and i.group in groups)]


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--base-url", help="gunicorn on loopback; without it only in-process measures run")
    parser.add_argument(
        "--server-pid",
        type=int,
        action="append",
        default=[],
        help="gunicorn masters, PostgreSQL postmaster: their and their children's CPU time is counted per request",
    )
    parser.add_argument("--duration", type=int, default=_env_int("BENCH_DURATION", 10), help="wrk seconds")
    parser.add_argument("--warmup", type=int, default=_env_int("BENCH_WARMUP", 2), help="wrk warm-up seconds")
    parser.add_argument("--threads", type=int, default=_env_int("BENCH_THREADS", 2))
    parser.add_argument("--connections", type=int, default=_env_int("BENCH_CONNECTIONS", 8))
    parser.add_argument("--repeat", type=int, default=_env_int("BENCH_REPEAT", 50), help="in-process runs")
    parser.add_argument("--pdf-repeat", type=int, default=_env_int("BENCH_PDF_REPEAT", 20), help="runs per PDF")
    parser.add_argument("--anchor-url", help="the Django admin anchors' gunicorn (bench.anchor_settings)")
    parser.add_argument("--peer-url", help="the peer's gunicorn (django-survey-and-report)")
    parser.add_argument("--peer-python", help="the peer's interpreter (its own venv)")
    parser.add_argument("--peer-unavailable", default="", help="why the peer could not be installed")
    parser.add_argument("--rounds", type=int, default=_env_int("BENCH_ROUNDS", 3), help="interleaved rounds")
    parser.add_argument("--survey-answers", type=int, default=_env_int("BENCH_SURVEY_ANSWERS", 100_000))
    parser.add_argument("--peer-export-runs", type=int, default=_env_int("BENCH_PEER_EXPORT_RUNS", 1))
    parser.add_argument(
        "--only", action="append", default=[], help="measures and one-shot jobs whose name contains this"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-jobs", action="store_true", help="skip the one-shot jobs (import, reminders)")
    return parser.parse_args(argv)


def _over_http(args, options) -> tuple[list[core.Result], list[goals.GoalRow]]:
    """wrk's pages, then issue 21's pairs: list pages and their admin anchors, the plan page, the peer."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    django.setup()  # the bench reads the servers' database (seeded rows, stored submissions)
    results, rows = [], []
    pids = frozenset(args.server_pid)
    endpoints = _selected(web.ENDPOINTS, args.only)
    if not any(e.floor for e in endpoints):  # the paired pages are listed against it too
        endpoints.insert(0, next(e for e in web.ENDPOINTS if e.floor))
    print(f"HTTP, wrk -t{args.threads} -c{args.connections} -d{args.duration}s against {args.base_url}")
    results += web.run(args.base_url, options=options, endpoints=endpoints, server_pids=pids)
    blocks = {"seconds": args.duration, "rounds": args.rounds, "warmup": args.warmup, "server_pids": pids}
    if _wanted(args.only, "plan"):
        print("Campaign plan page, 500 rows")
        found, measured = issue21.plan_rows(args.base_url, **blocks)
        rows, results = rows + found, results + measured
    pages = [p for p in lists.LIST_PAGES if _wanted(args.only, p.name, "list", "anchor", "admin")]
    if args.anchor_url and pages:
        print(f"List pages against Django admin's changelists on {args.anchor_url}")
        found, measured = lists.run(args.base_url, args.anchor_url, pages=pages, **blocks)
        rows, results = rows + found, results + measured
    peer = peer_bench.Peer(args.peer_python) if args.peer_python else None
    skipped = "" if peer else f"the peer could not be installed ({args.peer_unavailable or 'no --peer-python'})"
    if _wanted(args.only, "survey", "submission", "peer"):
        print("Survey submission" + ("" if skipped else f" against the peer on {args.peer_url}"))
        found, measured = peer_bench.submissions(
            args.base_url, args.peer_url, peer, options=options, rounds=args.rounds, server_pids=pids, skipped=skipped
        )
        rows, results = rows + found, results + measured
    if _wanted(args.only, "survey", "results", "peer"):
        print("Survey results against the peer's export")
        rows += peer_bench.results(
            peer,
            answers=args.survey_answers,
            peer_runs=args.peer_export_runs,
            repeat=max(args.repeat // 2, 4),
            skipped=skipped,
        )
    return results, rows


def main(argv=None) -> int:
    args = _arguments(argv)
    load_at_start = os.getloadavg()
    results: list[core.Result] = []
    goal_rows: list[goals.GoalRow] = []
    options = web.WrkOptions(
        duration=args.duration, threads=args.threads, connections=args.connections, warmup=args.warmup
    )
    if args.base_url:
        results, goal_rows = _over_http(args, options)

    for module in MODULES:
        import_module(module)
    measures = _selected(inprocess.MEASURES, args.only)
    if measures:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
        django.setup()
        print("In process")
        results += inprocess.run(measures, repeat=args.repeat, warmup=3, repeats={"pdf": args.pdf_repeat})
        goal_rows += issue21.dashboard_rows(results)

    job_lines, jobs_ok = [], True
    if not args.no_jobs:
        from .features import run_jobs

        if not measures:  # the in-process measures set Django up; a run of jobs alone (--only import) must too
            import django

            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
            django.setup()
        print("One-shot jobs")
        job_lines, jobs_ok = run_jobs(only=args.only)

    if not results and not goal_rows and not job_lines:
        print("Nothing measured (no --base-url, or --only matched nothing)", file=sys.stderr)
        return 2
    if results:
        core.compare(results)
        print()
        print(core.table(results))
        print("\nRatios are to the floor of the same group, measured in this run. Goals are printed, never asserted.")
    if job_lines:
        print("\nOne-shot jobs (absolute goals from the issues):")
        for line in job_lines:
            print(f"  {line}")
    if goal_rows:
        print("\nIssue 21: each measure against its anchor, measured in this run")
        print(goals.table(goal_rows))
    print(core.load_warning(load_at_start, os.getloadavg()))
    settings = {**vars(args), "out": str(args.out)}
    core.write_json(args.out, results, settings, load_at_start=load_at_start, goals=goal_rows)
    print(f"Written to {args.out}")
    errors = [r.name for r in results if r.status == "ERRORS"] + ([] if jobs_ok else ["one-shot jobs"])
    errors += [r.measure for r in goal_rows if r.status == "ERROR"]
    if errors:
        print(f"Errors during: {', '.join(errors)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
