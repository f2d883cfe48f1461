"""Django's Redis cache backend, with one redis client per connection pool.

Django's RedisCacheClient builds a new redis.Redis for every cache call, and
building one (redis-py copies some 170 response callbacks) costs more than the
round trip to Redis itself: on the two-core servers this CMS targets, about a
third of a page-cache hit. A redis.Redis is thread-safe and its pool notices a
fork, so one per pool is enough. Everything else is Django's.
"""

from django.core.cache.backends import redis


class ReusedClientRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
