"""Redis going away or hanging under a running portal (issue 25), on a Redis server of the
test's own: restarted under a worker that is running a task, and frozen (SIGSTOP) under the
cache and the queue."""

import time
from pathlib import Path

import pytest
from celery import Celery

from kso_portal.redis_breaker import enqueue, redis_breaker
from tests.faults import start_worker


def _client_app(redis_url: str) -> Celery:
    """A Celery app with the portal's settings on the test's own Redis."""
    app = Celery("faults", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = redis_url
    return app


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_a_worker_running_a_task_survives_a_redis_restart(own_redis, tmp_path):
    log, out = tmp_path / "worker.log", tmp_path / "out.txt"
    worker = start_worker(own_redis.url, log)
    app = _client_app(own_redis.url)
    try:
        _wait_for(lambda: app.control.ping(timeout=0.5), 60, "the worker did not start")
        app.send_task("faults.slow_append", args=[6, str(out), "eerste"])
        _wait_for(lambda: "received" in log.read_text(), 20, "the task was not received")
        time.sleep(1.5)
        own_redis.stop()  # Redis goes away while the task runs
        time.sleep(3)
        own_redis.start()
        _wait_for(lambda: "eerste" in _lines(out), 30, "the running task did not finish")
        # Before: "Unrecoverable error: AttributeError ... 'hostname'" and the worker stopped.
        assert worker.poll() is None, log.read_text()[-3000:]
        app.send_task("faults.slow_append", args=[0, str(out), "tweede"])
        _wait_for(lambda: "tweede" in _lines(out), 60, "the worker took no new task")
        assert "Unrecoverable error" not in log.read_text()
    finally:
        worker.terminate()
        worker.wait(30)


@pytest.fixture
def frozen(own_redis):
    own_redis.freeze()
    yield own_redis
    own_redis.thaw()


def test_a_hanging_redis_costs_the_cache_about_a_second(frozen, settings):
    from django.core.cache import cache

    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": frozen.url}}
    started = time.monotonic()
    for number in range(20):  # a sign-in reads and writes its rate limits several times
        cache.get(f"teller-{number}")
        cache.set(f"teller-{number}", number)
    # Before: 20 reads and writes each waited for the socket timeout.
    assert time.monotonic() - started < 2.5
    assert redis_breaker.is_open()


def test_a_hanging_redis_costs_a_queued_task_about_a_second(frozen):
    app = _client_app(frozen.url)

    def nothing() -> None:
        """Never runs: no worker listens on the frozen Redis."""

    task = app.task(name="faults.nothing")(nothing)
    started = time.monotonic()
    assert enqueue(task) is False
    first = time.monotonic() - started
    # The next ones do not even ask, for a while.
    assert enqueue(task) is False
    # Before: a comment, which queues its e-mails, took 40 seconds.
    assert first < 3
    assert time.monotonic() - started < 3
