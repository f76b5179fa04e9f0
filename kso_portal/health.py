"""What /health/ says beyond "up or down": whether the periodic jobs run, whether e-mail and
reports wait, and how much disk is left. Each part is {"status": ..., and its figures};
docs/operations.md says what each status means and what to do."""

import shutil
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from kso_portal.selectors import job_run_last

# Beat records a heartbeat every 5 minutes (kso_portal.tasks.heartbeat).
BEAT_LATE_AFTER = timedelta(minutes=15)
# The daily reminder job runs at 07:00 and is made up every 15 minutes after.
REMINDERS_DUE_BY = (7, 30)
# Below this much free space, documents and reports fail to be stored.
DISK_LOW_BYTES = 500 * 1024 * 1024


def _moment(value):
    """A moment in local time (JSON gives it as ISO 8601; a page formats it)."""
    return timezone.localtime(value).replace(microsecond=0) if value else None


def beat() -> dict:
    last = job_run_last(name="beat")
    seen = last.completed_at if last else None
    late = seen is None or timezone.now() - seen > BEAT_LATE_AFTER
    return {"status": "late" if late else "ok", "last_seen": _moment(seen)}


def reminders() -> dict:
    last = job_run_last(name="reminders")
    now = timezone.localtime()
    due = (now.hour, now.minute) >= REMINDERS_DUE_BY
    done = last is not None and last.completed_on >= now.date()
    return {
        "status": "late" if due and not done else "ok",
        "last_completed_on": last.completed_on if last else None,
    }


def email() -> dict:
    from notifications.selectors import unsent_email_summary

    summary = unsent_email_summary()
    return {
        "status": "waiting" if summary["count"] else "ok",
        "waiting": summary["count"],
        "oldest": _moment(summary["oldest"]),
    }


def reports() -> dict:
    from reports.services import report_stuck_count

    stuck = report_stuck_count()
    return {"status": "stuck" if stuck else "ok", "stuck": stuck}


def disk() -> dict:
    folder = settings.MEDIA_ROOT
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    return {"status": "low" if free < DISK_LOW_BYTES else "ok", "free_mb": free // 2**20}
