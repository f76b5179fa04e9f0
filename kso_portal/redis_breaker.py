"""How long the portal waits for Redis when it hangs: about a second, once.

Redis that is down refuses connections at once, but Redis that hangs (a frozen process, a full
network buffer) accepts them and never answers: every cache read of a sign-in and every task
handed to the broker then waited for a socket timeout, and a comment took 40 seconds (issue 25).
The sockets have short timeouts (settings: CACHES, CELERY_BROKER_TRANSPORT_OPTIONS); on top of
that, after one failure this process treats Redis as down for `OPEN_SECONDS`: cache reads miss
and writes are dropped, tasks are not queued (the rows they would have handled are picked up
again by the periodic jobs), without asking Redis. So a hung Redis costs one timeout per process
per `OPEN_SECONDS`, and the portal degrades as it does when Redis is down.
"""

import logging
import threading
import time

logger = logging.getLogger(__name__)

OPEN_SECONDS = 15.0


class Breaker:
    def __init__(self) -> None:
        self._open_until = 0.0
        self._lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self, what: str) -> None:
        with self._lock:
            if not self.is_open():
                logger.warning("Redis did not answer (%s): skipped for %.0f s", what, OPEN_SECONDS)
            self._open_until = time.monotonic() + OPEN_SECONDS

    def reset(self) -> None:
        self._open_until = 0.0


redis_breaker = Breaker()


def enqueue(task, *args) -> bool:
    """Hand `task` to the broker; False when it could not be queued (Redis down or hanging),
    which the caller's periodic job makes up for."""
    if redis_breaker.is_open():
        return False
    try:
        task.delay(*args)
    except Exception:  # kombu and redis raise several kinds when the broker is unreachable
        redis_breaker.trip(f"queue {task.name}")
        return False
    return True
