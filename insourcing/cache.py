"""Django's Redis cache, keeping one redis-py client per connection pool.

Django builds a new `redis.Redis` for every cache call, and redis-py's constructor fills a table of about 170
response callbacks each time: close to half a millisecond per call, twice on every dashboard load. A client
only wraps its pool and is safe to share, so one per pool does the same work.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# Atomic on the server: the counter gets its expiry whenever it has none (new, or left without one by anything),
# and the other key is read in the same step, so what it says holds for the count returned with it.
_COUNT_AND_GET = """
local n = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('GET', KEYS[2])}
"""


def count_and_get(cache, key: str, timeout: int, other: str):
    """Add one to the counter `key` (expiring `timeout` seconds after it was made) and read `other`: one round trip
    to Redis instead of three. None when `cache` is not this Redis cache (the file cache of `make run`): the
    caller then counts the portable way."""
    if not isinstance(cache, RedisCache):
        return None
    key, other = cache.make_and_validate_key(key), cache.make_and_validate_key(other)
    client = cache._cache.get_client(key, write=True)
    script = cache._cache.__dict__.get("_count_and_get")
    if script is None:
        script = cache._cache._count_and_get = client.register_script(_COUNT_AND_GET)
    count, value = script(keys=[key, other], args=[timeout], client=client)
    return int(count), None if value is None else cache._cache._serializer.loads(value)
