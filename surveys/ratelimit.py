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
from django.core.cache import cache, caches
from django.utils import timezone

from insourcing.cache import count_and_get

WINDOW_SECONDS = 10 * 60
# Short links that do not exist, tried from one connection per window. A member who mistypes tries a few; a
# workplace behind one address, a few dozen at most. Someone guessing codes gets 40 tries per ten minutes
# against about 2^49 codes (links.py).
LOOKUP_MISSES = 40

logger = logging.getLogger(__name__)


def _secret_key() -> str:
    return f"surveys:rl-secret:{timezone.localdate().isoformat()}"


def _daily_secret() -> bytes:
    return cache.get_or_set(_secret_key(), lambda: secrets.token_hex(32), 60 * 60 * 26).encode()


def _digest(secret: bytes, address: str, scope: str) -> str:
    return f"surveys:rl{scope}:{hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]}"


def client_key(address: str, scope: str = "") -> str:
    return _digest(_daily_secret(), address, scope)


def _count(key: str) -> int:
    """Add one to the client's counter for this window and return it (the portable way: two or three round trips)."""
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


# The day's secret as this process last read it from the cache: {secret's cache key: secret}. Used only to name the
# counter in the same atomic step that reads the cache's secret (_count_client); a count made under a secret the
# cache no longer holds (flushed, expired, or a new day) is made again under the cache's, so every worker counts
# a client under one key, as when each count read the secret first. One entry: a new day's replaces the last.
_KEPT: dict[str, bytes] = {}


def _count_client(address: str, scope: str = "") -> int:
    """Count one for this client in one round trip to Redis: the counter and the day's secret together."""
    redis = caches["default"]
    day = _secret_key()
    secret = _KEPT.get(day)
    if secret is not None:
        counted = count_and_get(redis, _digest(secret, address, scope), WINDOW_SECONDS, day)
        if counted is None:  # not Redis (the file cache of `make run`)
            return _count(client_key(address, scope))
        count, current = counted
        if current is not None and current.encode() == secret:
            return count
    _KEPT.clear()
    _KEPT[day] = secret = _daily_secret()
    counted = count_and_get(redis, _digest(secret, address, scope), WINDOW_SECONDS, day)
    return counted[0] if counted is not None else _count(_digest(secret, address, scope))


def allow_submission(request) -> bool:
    limit = settings.SURVEY_SUBMIT_LIMIT  # per WINDOW_SECONDS; generous, see settings.py
    try:
        count = _count_client(request.META.get("REMOTE_ADDR", ""))
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
