"""Tasks of the shared kernel, run by the Celery worker."""

from celery import shared_task

from . import derived


@shared_task
def data_changes_compact() -> int:
    """Fold the rows of the data version into one per table (kso_portal/derived.py), so that
    reading the version stays one small query; the version itself does not change."""
    return derived.compact()


@shared_task
def sessions_clear() -> None:
    """Remove the sessions that have ended (Django keeps them in the database until then), and
    the one-time tokens of forms submitted long ago."""
    from django.core.management import call_command

    from .once import once_tokens_forget

    call_command("clearsessions")
    once_tokens_forget()


@shared_task
def heartbeat() -> None:
    """Beat sends this every 5 minutes; /health/ reports beat late when it stops coming."""
    from django.utils import timezone

    from .services import job_run_completed

    job_run_completed(name="beat", on=timezone.localdate())
