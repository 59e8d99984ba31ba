"""A per-client limit on sending answers that never stores who the client is.

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

logger = logging.getLogger(__name__)


def _daily_secret() -> bytes:
    key = f"surveys:rl-secret:{timezone.localdate().isoformat()}"
    return cache.get_or_set(key, lambda: secrets.token_hex(32), 60 * 60 * 26).encode()


def client_key(address: str) -> str:
    digest = hmac.new(_daily_secret(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"surveys:rl:{digest}"


def allow_submission(request) -> bool:
    limit = settings.SURVEY_SUBMIT_LIMIT  # per WINDOW_SECONDS; generous, see settings.py
    try:
        key = client_key(request.META.get("REMOTE_ADDR", ""))
        # Counting first saves a round trip on every submission but a client's first in the window.
        try:
            count = cache.incr(key)
        except ValueError:  # no counter yet (or it just expired)
            count = 1 if cache.add(key, 1, WINDOW_SECONDS) else cache.incr(key)
    except Exception as exc:  # the cache (Redis) is down: losing a member's answers is worse than no limit
        logger.warning("Survey submission limit not applied, cache unavailable: %s", type(exc).__name__)
        return True
    return count <= limit
