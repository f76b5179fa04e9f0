"""Celery tasks of the vervolghuisvesting app: thin wrappers."""

from celery import shared_task
from django.db import OperationalError

from .reminders import reminders_run


@shared_task(
    acks_late=True,
    # A database that is briefly gone must not skip a day: try again, the work is idempotent.
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def reminders_daily() -> int:
    """The daily reminder job (beat, 07:00 Europe/Amsterdam). Running it twice, or in two
    workers at once, sends every reminder once."""
    return reminders_run()
