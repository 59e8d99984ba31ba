"""The peer: django-survey-and-report, what a branch might install instead of the app's survey (issue 21).

A minimal Django project around the peer's `survey` app, run by `scripts/bench.sh` from its own virtual
environment (var/bench-peer/, the version pinned in bench/peer/requirements.txt) against its own database in the
bench's throwaway PostgreSQL, under gunicorn with 2 workers like the app. Nothing here is imported by the app or
by the bench's own process: the bench drives it over HTTP (submissions) and through `python -m bench.peer.tool`
run with the peer's interpreter (making the survey, loading answers, timing the results export).
"""
