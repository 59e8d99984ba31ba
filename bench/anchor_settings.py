"""Settings of the bench's second gunicorn, which serves the Django admin anchors (bench/anchor_admin.py).

The app's production settings, as `scripts/bench.sh` sets them, with one change: the URLconf is the anchors' site
alone. Same database, cache, sessions and middleware, so a session made by signing in on the app's server is valid
here and both servers do the same work around the view.
"""

from insourcing.settings import *  # noqa: F403

ROOT_URLCONF = "bench.anchor_urls"
