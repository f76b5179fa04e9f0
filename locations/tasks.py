"""Celery tasks of the locations app: thin wrappers."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from .services import pve_versions_keep


@shared_task(
    acks_late=True,
    # A database that is briefly gone must not skip the day a version starts: try again, the
    # work is idempotent.
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def pve_versions_keep_daily() -> int:
    """Keep each open location's PvE check under a checklist version that was succeeded
    (beat, daily). Running it twice keeps every check once."""
    return pve_versions_keep(today=timezone.localdate())
