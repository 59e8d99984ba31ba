"""Benchmark: import a 10,000-row council register (goal: under 10 s).

Builds the CSV in a temporary directory from the real Norfolk rows, each with a unique reference, and
imports it into a fresh branch through the same service the browser and the command use.
Run with Django set up (`make bench`), or: `python bench/import_register.py`.
"""

import csv
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROWS = 10_000
NORFOLK = (
    Path(__file__).resolve().parents[1]
    / "data/contract-registers/norfolk-county-council_contracts-register_2015-03_every12th.csv"
)


def build_csv(folder: Path, rows: int = ROWS, source: Path = NORFOLK) -> Path:
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        originals = list(reader)
    reference = header.index("Contract Reference number / ID")
    path = folder / "register-10000.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number in range(rows):
            row = list(originals[number % len(originals)])
            row[reference] = f"BENCH-{number:05d}"
            writer.writerow(row)
    return path


def run() -> float:
    from contracts.imports import run_import
    from insourcing.models import Branch, Region

    region, _ = Region.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    branch = Branch.objects.create(region=region, name=f"Bench {slug}", slug=slug)
    with tempfile.TemporaryDirectory() as folder:
        path = build_csv(Path(folder))
        data = path.read_bytes()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = run_import(
            data=data,
            source_name=path.name,
            branch=branch,
            authority_name="Norfolk County Council",
            all_or_nothing=False,
        )
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    summary = result.summary()
    print(
        f"import of a {ROWS:,}-row register: {elapsed:.2f} s ({cpu:.2f} s CPU in Django; "
        f"{summary['new']} new, {summary['error']} errors; goal under 10 s)"
    )
    return elapsed


WORKER_GOAL_SECONDS = 3.0


def run_worker() -> dict:
    """The browser's flow as the worker runs it: read and preview, dry run, apply (good rows).

    Counts the CPU time of this process, which stands in for the worker's (PostgreSQL's own time is not in it):
    issue 19's goal is under 3 s of worker time, against 6.5 s for one `run_import` before the import moved
    to the worker.
    """
    from django.core.files.base import ContentFile

    from contracts.imports.jobs import import_job_request, import_job_run
    from contracts.models import ImportJob, PublicAuthority
    from insourcing.models import Branch, Region

    region, _ = Region.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    branch = Branch.objects.create(region=region, name=f"Bench {slug}", slug=slug)
    authority = PublicAuthority.objects.create(branch=branch, name="Norfolk County Council")
    with tempfile.TemporaryDirectory() as folder:
        data = build_csv(Path(folder)).read_bytes()
    job = ImportJob(branch=branch, authority=authority, original_name="register-10000.csv", size=len(data))
    job.file.save(job.original_name, ContentFile(data), save=False)
    job.save()
    steps = {}
    started, cpu_started = time.perf_counter(), time.process_time()
    for step in ("read", "check", "apply"):
        step_cpu = time.process_time()
        if step != "read":
            job.refresh_from_db()
            import_job_request(job=job, step=step, user=None, all_or_nothing=False)
        import_job_run(job.pk, None, False)
        steps[step] = time.process_time() - step_cpu
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    job.refresh_from_db()
    job.file.delete(save=False)
    return {"status": job.status, "new": job.summary.get("new"), "cpu": cpu, "wall": elapsed, "steps": steps}


if __name__ == "__main__":
    import os

    import django

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insourcing.settings")
    django.setup()
    run()
    print(run_worker())
