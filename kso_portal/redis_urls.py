"""One REDIS_URL for the whole portal, in the two spellings its clients want.

redis-py reads `unix:///path/redis.sock?db=0`; Celery's transport (kombu) wants
`redis+socket:///path/redis.sock?virtual_host=0` for the same socket. The embedded Redis of
`make run` listens on a unix socket, so the portal converts once, here.
"""

from urllib.parse import parse_qs, urlsplit


def celery_broker_url(redis_url: str) -> str:
    """Return the Celery/kombu spelling of a redis-py URL."""
    parts = urlsplit(redis_url)
    if parts.scheme != "unix":
        return redis_url
    db = parse_qs(parts.query).get("db", ["0"])[0]
    return f"redis+socket://{parts.path}?virtual_host={db}"
