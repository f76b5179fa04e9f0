"""The daily reminder job never misses a day (issue 28): a 07:00 run that did not happen is made
up by the check every 15 minutes, and a database that is gone is waited for over hours."""

import time as clock
from datetime import datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from kso_portal.models import JobRun
from kso_portal.selectors import job_run_last
from tests.faults import start_worker
from vervolghuisvesting.tasks import reminders_catch_up, reminders_daily

AMSTERDAM = timezone.get_default_timezone()


def at(day, hour: int, minute: int = 0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


@pytest.mark.django_db
def test_a_missed_0700_run_is_made_up_after_seven_and_only_once(reference_data):
    today = timezone.localdate()
    with time_machine.travel(at(today, 6, 45), tick=False):
        assert reminders_catch_up() is None  # not due before 07:00
    assert job_run_last(name="reminders") is None
    with time_machine.travel(at(today, 7, 15), tick=False):
        # Before: nothing ran when beat or Redis was down at 07:00, until the next day.
        assert reminders_catch_up() is not None
        assert job_run_last(name="reminders").completed_on == today
        assert reminders_catch_up() is None  # done for today: the next checks do nothing


@pytest.mark.django_db
def test_after_missed_days_the_next_check_runs_the_job_for_today(reference_data):
    today = timezone.localdate()
    JobRun.objects.create(
        name="reminders", completed_on=today - timedelta(days=3), completed_at=timezone.now()
    )
    with time_machine.travel(at(today, 9, 30), tick=False):
        assert reminders_catch_up() is not None
    assert job_run_last(name="reminders").completed_on == today
    # A run for an earlier day (a late retry) never moves the record back.
    with time_machine.travel(at(today - timedelta(days=1), 8), tick=False):
        reminders_daily()
    assert job_run_last(name="reminders").completed_on == today


def test_the_check_is_scheduled_every_15_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-catch-up"]
    assert entry["task"] == "vervolghuisvesting.tasks.reminders_catch_up"
    assert str(entry["schedule"]._orig_minute) == "*/15"


def test_with_the_database_gone_the_job_waits_minutes_then_hours(own_redis, tmp_path):
    """A real worker whose database does not answer: the job is tried again after a minute,
    not after seconds, and the pauses grow to an hour (about eight hours in all)."""
    from celery import Celery

    log = tmp_path / "worker.log"
    worker = start_worker(
        own_redis.url, log, DATABASE_URL="postgres://postgres@127.0.0.1:9/verdwenen"
    )
    app = Celery("catch-up", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = own_redis.url
    try:
        deadline = clock.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            assert clock.monotonic() < deadline, log.read_text()[-2000:]
        app.send_task("vervolghuisvesting.tasks.reminders_daily")
        deadline = clock.monotonic() + 30
        while "Retry in" not in log.read_text():
            assert clock.monotonic() < deadline, log.read_text()[-3000:]
            clock.sleep(0.2)
        # Before: "Retry in 0s", 1 s, 0 s, 5 s, 5 s, and the day was given up after 11 s.
        assert "Retry in 60s" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(30)
    delays = [
        min(reminders_daily.retry_backoff * 2**attempt, reminders_daily.retry_backoff_max)
        for attempt in range(reminders_daily.max_retries)
    ]
    assert delays[0] == 60
    assert max(delays) == 3600
    assert 6 * 3600 < sum(delays) < 9 * 3600
