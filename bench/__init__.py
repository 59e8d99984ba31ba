"""Benchmarks, run by `make bench` (scripts/bench.sh starts the servers, then runs `python -m bench`).

Every figure is reported next to a floor measured in the same run on the same machine, so results read as
ratios ("the dashboard costs 3x a trivial view") rather than absolute numbers that change with the hardware.

Issue 21's goals compare a measure with an anchor instead (bench/issue21.py, printed last): each list page with
Django admin's changelist for the same rows and columns (bench/anchor_admin.py, served by a second gunicorn), the
survey with django-survey-and-report in its own venv and database (bench/peer/, bench/peer_bench.py), fetched in
interleaved rounds (bench/pairs.py).

Two kinds of measure against a floor, each a small entry in a list:
- `bench/web.py`: `ENDPOINTS`, pages fetched by wrk from gunicorn on loopback; the floor is `/robots.txt`.
- `bench/inprocess.py`: `@measure(...)` functions timed N times in this process, grouped, each group with its
  own floor (see `bench/pdf.py`). A new group is a new module listed in `bench/__main__.py: MODULES`.

Name modules so they cannot shadow the standard library (web.py, not http.py): `python bench/x.py` puts bench/
first on sys.path, and Django's own `import http.cookies` would then find ours.
"""
