"""Both dashboards on the region-scale data set, under gunicorn, against the trivial-view floor.

`scripts/bench.sh` builds the data with `manage.py generate_scale_data` (30 branches, 3,000 contracts,
300 campaigns, 30,000 plan rows, 100,000 survey answers in region "Scale"), then `python -m bench` fetches:
- the organiser's dashboard: one row per branch of the 30, with sparklines and totals;
- the officer's dashboard of the first branch: 100 contracts, 10 campaigns, 1,000 plan rows, an open survey
  with about 3,300 answers;
each with wrk, p50 and p95 as ratios to /robots.txt measured in the same run. Goal: within 3x.
Run only these with `scripts/bench.sh --only scale`.
"""

from .core import Goal
from .web import ENDPOINTS, Endpoint

SCALE_ORGANISER = "scale-organiser@example.org"  # from generate_scale_data, demo password
SCALE_OFFICER = "scale-officer@example.org"

SCALE_ENDPOINTS = [
    Endpoint(
        "dashboard, scale data (organiser, 30 branches)",
        "/dashboard/",
        expect="Scale region (30 branches)",
        login=SCALE_ORGANISER,
        goal=Goal(3),
    ),
    Endpoint(
        "dashboard, scale data (officer)", "/dashboard/", expect="Your plan rows", login=SCALE_OFFICER, goal=Goal(3)
    ),
]

ENDPOINTS.extend(e for e in SCALE_ENDPOINTS if e not in ENDPOINTS)
