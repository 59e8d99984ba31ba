"""Per-client limits on sending answers and on trying short links, that never store who the client is.

The cache key is an HMAC of the client's address under a random secret that lives only in the cache and is
replaced every day, and the counter expires after a few minutes. Nothing reaches the database or the logs, and
once the day's secret expires nobody can work out which address a counter belonged to.
"""

import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

WINDOW_SECONDS = 10 * 60
# Short links that do not exist, tried from one connection per window. A member who mistypes tries a few; a
# workplace behind one address, a few dozen at most. Someone guessing codes gets 40 tries per ten minutes
# against about 2^49 codes (links.py).
LOOKUP_MISSES = 40

logger = logging.getLogger(__name__)


def _daily_secret() -> bytes:
    key = f"surveys:rl-secret:{timezone.localdate().isoformat()}"
    return cache.get_or_set(key, lambda: secrets.token_hex(32), 60 * 60 * 26).encode()


def client_key(address: str, scope: str = "") -> str:
    digest = hmac.new(_daily_secret(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"surveys:rl{scope}:{digest}"


def _count(key: str) -> int:
    """Add one to the client's counter for this window and return it."""
    # Counting first saves a round trip on every submission but a client's first in the window.
    try:
        count = cache.incr(key)
        if count == 1:
            # The counter expired between incr's existence check and its INCR, which recreated it with no
            # expiry: give it one, or this client would stay counted (and blocked) for good.
            cache.touch(key, WINDOW_SECONDS)
    except ValueError:  # no counter yet (or it just expired)
        count = 1 if cache.add(key, 1, WINDOW_SECONDS) else cache.incr(key)
    return count


def allow_submission(request) -> bool:
    limit = settings.SURVEY_SUBMIT_LIMIT  # per WINDOW_SECONDS; generous, see settings.py
    try:
        count = _count(client_key(request.META.get("REMOTE_ADDR", "")))
    except Exception as exc:  # the cache (Redis) is down: losing a member's answers is worse than no limit
        logger.warning("Survey submission limit not applied, cache unavailable: %s", type(exc).__name__)
        return True
    return count <= limit


def _lookup_key(request) -> str:
    return client_key(request.META.get("REMOTE_ADDR", ""), ":lookup")


def allow_lookup(request) -> bool:
    """False once this client has tried too many short links that do not exist: it then gets no answer at all,
    found or not, until the window passes, so guessing on past the limit learns nothing."""
    try:
        misses = cache.get(_lookup_key(request)) or 0
    except Exception as exc:  # as for submissions: a member with a real link should not be turned away
        logger.warning("Survey link lookup limit not applied, cache unavailable: %s", type(exc).__name__)
        return True
    return misses < LOOKUP_MISSES


def lookup_missed(request) -> None:
    try:
        _count(_lookup_key(request))
    except Exception as exc:
        logger.warning("Survey link lookup miss not counted, cache unavailable: %s", type(exc).__name__)
