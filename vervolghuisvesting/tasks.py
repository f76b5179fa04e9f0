"""Celery tasks of the vervolghuisvesting app: thin wrappers."""

from datetime import time

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from kso_portal.selectors import job_run_last
from kso_portal.services import job_run_completed

from .reminders import reminders_run

JOB_NAME = "reminders"
# The daily job runs at 07:00 (CELERY_BEAT_SCHEDULE); from then on a day without a completed
# run is made up by the check every 15 minutes.
DAILY_AT = time(7, 0)


@shared_task(
    acks_late=True,
    # A database that is gone must not skip a day: try again with pauses that grow from a
    # minute to an hour (about eight hours in all); the check every 15 minutes runs it too once
    # the database is back. The work is idempotent.
    autoretry_for=(DatabaseError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=False,
    max_retries=12,
)
def reminders_daily() -> int:
    """The daily reminder job (beat, 07:00 Europe/Amsterdam). Running it twice, or in two
    workers at once, sends every reminder once; after missed days it sends the latest due
    reminder of each rule (reminders.py), so no day is skipped."""
    today = timezone.localdate()
    sent = reminders_run(today=today)
    job_run_completed(name=JOB_NAME, on=today)
    return sent


@shared_task(acks_late=True)
def reminders_catch_up() -> int | None:
    """Every 15 minutes: after 07:00, run the daily job if it has not completed for today (beat
    or Redis was down at 07:00, the database was gone, the worker died). None when not due."""
    now = timezone.localtime()
    if now.time() < DAILY_AT:
        return None
    last = job_run_last(name=JOB_NAME)
    if last is not None and last.completed_on >= now.date():
        return None
    return reminders_daily()
