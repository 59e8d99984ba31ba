"""Both dashboards on the region-scale data set, under gunicorn, against the trivial-view floor.

`scripts/bench.sh` builds the data with `manage.py generate_scale_data` (30 branches, 3,000 contracts,
300 campaigns, 30,000 plan rows, 100,000 survey answers in region "Scale"), then `python -m bench` fetches:
- the organiser's dashboard: one row per branch of the 30, with sparklines and totals;
- the officer's dashboard of the first branch: 100 contracts, 10 campaigns, 1,000 plan rows, an open survey
  with about 3,300 answers;
each with wrk, p50 and p95 as ratios to /robots.txt measured in the same run. Goal: within 3x.
Run only these with `scripts/bench.sh --only scale`.

wrk fetches the same page over and over, so it measures the dashboards from the cache. The first loads (figures
computed and rendered afresh) are measured in process, with the Django test client against its /robots.txt floor;
before each timed run, untimed, data is marked changed as a save would mark it:
- the organiser's first load after one branch's change: one of the 30 branches marked changed, as one officer's
  save does (the page computes that branch's row and takes the other 29 from the cache, overview/dashboards/
  rowcache.py). Issue 21's goal compares this with the password-change page measured alongside: at most 2x its CPU;
- the organiser's first load of the day: every branch marked changed, so all 30 rows are computed (as after
  midnight, or after a change in every branch); printed for information, with no goal;
- the officer's first load after a change: their branch marked changed.
"""

from .core import Goal
from .inprocess import measure
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
    # For scale: what any signed-in page costs (session, user, roles, navigation, CSRF) with no data at all.
    Endpoint(
        "reference for the scale dashboards: password change form (signed in, no data)",
        "/accounts/password_change/",
        expect="Change your password",
        login=SCALE_ORGANISER,
    ),
]

ENDPOINTS.extend(e for e in SCALE_ENDPOINTS if e not in ENDPOINTS)


def _dashboard(email: str, *, changed: str = ""):
    """`changed`: "" (from the cache), "one" (the branch in the middle of the page's, by name) or "every"."""
    from django.test import Client

    from insourcing import freshness
    from insourcing.models import Branch, User

    from .campaign_plan import _host

    user = User.objects.get(email=email)
    branch_ids = list(
        Branch.objects.filter(pk__in=user.officer_branch_ids).order_by("name").values_list("pk", flat=True)
        if user.is_officer
        else Branch.objects.filter(region__in=user.organiser_region_ids).order_by("name").values_list("pk", flat=True)
    )
    client = Client(HTTP_HOST=_host())
    client.force_login(user)
    if client.get("/dashboard/").status_code != 200:
        raise RuntimeError(f"The dashboard of {email} did not load")

    def load():
        return client.get("/dashboard/")

    marked = {"one": branch_ids[len(branch_ids) // 2 : len(branch_ids) // 2 + 1], "every": branch_ids}.get(changed)
    if marked:  # before each timed run, untimed (bench/inprocess.py)
        load.before = lambda: freshness.mark_changed(marked)
    return load


@measure("pages (Django test client)", "dashboard, scale data (organiser), first load after one branch's change")
def organiser_after_one_change():
    return _dashboard(SCALE_ORGANISER, changed="one")


@measure(
    "pages (Django test client)", "dashboard, scale data (organiser), first load of the day (every branch changed)"
)
def organiser_first_of_the_day():
    return _dashboard(SCALE_ORGANISER, changed="every")


@measure("pages (Django test client)", "dashboard, scale data (organiser), from the cache")
def organiser_cached():
    return _dashboard(SCALE_ORGANISER)


@measure("pages (Django test client)", "dashboard, scale data (officer), first load after a change")
def officer_after_a_change():
    return _dashboard(SCALE_OFFICER, changed="every")


@measure("pages (Django test client)", "dashboard, scale data (officer), from the cache")
def officer_cached():
    return _dashboard(SCALE_OFFICER)


@measure("pages (Django test client)", "reference for the scale dashboards: password change form (signed in)")
def signed_in_reference():
    from django.test import Client

    from insourcing.models import User

    from .campaign_plan import _host

    client = Client(HTTP_HOST=_host())
    client.force_login(User.objects.get(email=SCALE_ORGANISER))
    return lambda: client.get("/accounts/password_change/")
