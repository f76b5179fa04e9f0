"""Reads of the shared kernel: the access log, for the beheerder."""

from datetime import date

from django.db.models import Q, QuerySet

from .access import Actor, scope
from .models import AccessLogEntry


def access_log_list(
    *,
    actor: Actor,
    query: str = "",
    kind: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet:
    rows = scope(actor, AccessLogEntry)
    if query:
        rows = rows.filter(
            Q(email__icontains=query)
            | Q(organisation_name__icontains=query)
            | Q(what__icontains=query)
            | Q(path__icontains=query)
            | Q(pseudonyms__contains=[query.strip().upper()])
        )
    if kind:
        rows = rows.filter(kind=kind)
    if since:
        rows = rows.filter(at__date__gte=since)
    if until:
        rows = rows.filter(at__date__lte=until)
    return rows.order_by("-at", "-pk")


def job_run_last(*, name: str):
    """The record of the last completed run of the daily job `name`, or None."""
    from .models import JobRun

    return JobRun.objects.filter(name=name).first()
