"""The worker's part of the reports: making those too large to make in the request."""

from celery import shared_task

from . import services


@shared_task
def report_generate(report_id: int) -> bool:
    """Make one queued report and announce it in the inbox; idempotent (a made report is not
    made again)."""
    return services.report_generate(report_id=report_id)


@shared_task
def report_requeue_stuck() -> int:
    """Queue again the reports whose task was lost; fail those that waited far too long."""
    return services.report_requeue_stuck()
