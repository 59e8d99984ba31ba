"""python -m bench --base-url http://127.0.0.1:PORT: run every measure, print the table, write the JSON.

scripts/bench.sh starts the servers and sets the environment; run it through `make bench`. Goals are printed as
PASS or MISS and never fail the run; errors (a failed request, a wrong page) do.
"""

import argparse
import os
import sys
from importlib import import_module
from pathlib import Path

from . import core, dashboards, inprocess, survey, web  # noqa: F401  (dashboards, survey add to web.ENDPOINTS)

# Modules of in-process measures: importing one registers its measures.
MODULES = ["bench.pdf", "bench.features"]
OUT = Path(__file__).resolve().parent / "out" / "latest.json"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _selected(items, only: list[str]):
    """Items whose name or group matches one of `only`, plus the floors they are compared with."""
    if not only:
        return list(items)
    chosen = [i for i in items if any(o.lower() in f"{i.group} {i.name}".lower() for o in only)]
    groups = {i.group for i in chosen}
    return [i for i in items if i in chosen or (i.floor and i.group in groups)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--base-url", help="gunicorn on loopback; without it only in-process measures run")
    parser.add_argument(
        "--server-pid",
        type=int,
        action="append",
        default=[],
        help="gunicorn master, PostgreSQL postmaster: their and their children's CPU time is counted per request",
    )
    parser.add_argument("--duration", type=int, default=_env_int("BENCH_DURATION", 10), help="wrk seconds")
    parser.add_argument("--warmup", type=int, default=_env_int("BENCH_WARMUP", 2), help="wrk warm-up seconds")
    parser.add_argument("--threads", type=int, default=_env_int("BENCH_THREADS", 2))
    parser.add_argument("--connections", type=int, default=_env_int("BENCH_CONNECTIONS", 8))
    parser.add_argument("--repeat", type=int, default=_env_int("BENCH_REPEAT", 50), help="in-process runs")
    parser.add_argument(
        "--only", action="append", default=[], help="measures and one-shot jobs whose name contains this"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-jobs", action="store_true", help="skip the one-shot jobs (import, reminders)")
    args = parser.parse_args(argv)

    load_at_start = os.getloadavg()
    results: list[core.Result] = []
    options = web.WrkOptions(
        duration=args.duration, threads=args.threads, connections=args.connections, warmup=args.warmup
    )
    endpoints = _selected(web.ENDPOINTS, args.only)
    if args.base_url and endpoints:
        print(f"HTTP, wrk -t{args.threads} -c{args.connections} -d{args.duration}s against {args.base_url}")
        results += web.run(args.base_url, options=options, endpoints=endpoints, server_pids=frozenset(args.server_pid))

    for module in MODULES:
        import_module(module)
    measures = _selected(inprocess.MEASURES, args.only)
    if measures:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
        django.setup()
        print("In process")
        results += inprocess.run(measures, repeat=args.repeat, warmup=3)

    job_lines, jobs_ok = [], True
    if not args.no_jobs:
        from .features import run_jobs

        if not measures:  # the in-process measures set Django up; a run of jobs alone (--only import) must too
            import django

            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
            django.setup()
        print("One-shot jobs")
        job_lines, jobs_ok = run_jobs(only=args.only)

    if not results and not job_lines:
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
    print(core.load_warning(load_at_start, os.getloadavg()))
    settings = {**vars(args), "out": str(args.out)}
    core.write_json(args.out, results, settings, load_at_start=load_at_start)
    print(f"Written to {args.out}")
    errors = [r.name for r in results if r.status == "ERRORS"] + ([] if jobs_ok else ["one-shot jobs"])
    if errors:
        print(f"Errors during: {', '.join(errors)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
