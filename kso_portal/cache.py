"""The cache the portal uses (allauth's rate limits live in it): Redis, but one that does not
take the portal down with it. When Redis is unreachable every read is a miss and every write is
dropped, so people can still sign in and work; the rate limits (and allauth's memory of used
TOTP codes) count again when Redis is back. /health/ reports Redis as down meanwhile. A Redis
that hangs costs one socket timeout, after which the breaker (kso_portal/redis_breaker.py)
skips Redis for a while."""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from kso_portal.redis_breaker import redis_breaker

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(name: str, fallback):
    method = getattr(RedisCache, name)

    def skipped(*args, **kwargs):
        return fallback(*args, **kwargs) if callable(fallback) else fallback

    def call(self, *args, **kwargs):
        if redis_breaker.is_open():
            return skipped(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE:
            redis_breaker.trip(f"cache {name}")
            return skipped(*args, **kwargs)

    call.__name__ = name
    return call


class ResilientRedisCache(RedisCache):
    get = _tolerant("get", lambda key, default=None, version=None: default)
    get_many = _tolerant("get_many", {})
    has_key = _tolerant("has_key", False)
    # As if added: a lock taken on an unreachable cache must not block sign-in.
    add = _tolerant("add", True)
    set = _tolerant("set", None)
    set_many = _tolerant("set_many", [])
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
    incr = _tolerant("incr", lambda key, delta=1, version=None: delta)
    clear = _tolerant("clear", None)
