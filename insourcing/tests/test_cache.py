"""The Redis cache backend: Django's, sharing one redis-py client per connection pool."""

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "insourcing.cache.RedisCache", reason="needs REDIS_URL (make test sets it)"
)


def test_cache_calls_share_one_client_and_still_store_values():
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    cache.set("insourcing:test-cache", {"n": 1}, timeout=60)
    assert cache.get_many(["insourcing:test-cache"]) == {"insourcing:test-cache": {"n": 1}}
    cache.delete("insourcing:test-cache")
    assert cache.get("insourcing:test-cache") is None
