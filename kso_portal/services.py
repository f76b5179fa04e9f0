"""Writes of the shared kernel: the access log."""

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied

from .access import Actor
from .constants import AccessKind
from .models import AccessLogEntry
from .redaction import redact_path

# Set on a request whose view wrote its own access log row (an export, a PDF), so that
# YouthReadLogMiddleware does not write a second one.
LOGGED_ATTRIBUTE = "_kso_access_logged"


def access_logged(request) -> bool:
    return getattr(request, LOGGED_ATTRIBUTE, False)


def _logged_path(request) -> str:
    """The path with its query, without the secrets of links (kso_portal/redaction.py)."""
    if request is None:
        return ""
    return redact_path(request.get_full_path())[:500]


def client_ip(request) -> str | None:
    """The client's address as allauth's rate limits see it: REMOTE_ADDR, or behind
    ALLAUTH_TRUSTED_PROXY_COUNT proxies the address they forwarded."""
    if request is None:
        return None
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None


def access_log_record(
    *,
    actor: Actor,
    request,
    kind: str,
    what: str,
    row_count: int | None = None,
    pseudonyms: list[str] | None = None,
) -> AccessLogEntry:
    """Record that `actor` read, exported or printed youths' personal data (the pseudonyms of
    the youths, where known). One INSERT, atomic on its own: no transaction of its own around
    it (two round trips less on every page that shows youths); inside a caller's transaction it
    goes with it."""
    membership = actor.membership
    if request is not None:
        setattr(request, LOGGED_ATTRIBUTE, True)
    return AccessLogEntry.objects.create(
        kind=AccessKind(kind),
        user=actor.user,
        email=actor.user.email,
        organisation_name=membership.organisation.name if membership else "",
        organisation_id=membership.organisation_id if membership else None,
        what=what[:300],
        path=_logged_path(request),
        ip_address=client_ip(request),
        row_count=row_count,
        pseudonyms=pseudonyms or [],
    )


def security_event_record(*, kind: str, request, email: str, what: str, user=None):
    """Record a failed sign-in or a change of someone's second factor (one INSERT, as above)."""
    return AccessLogEntry.objects.create(
        kind=AccessKind(kind),
        user=user,
        email=email[:254],
        what=what[:300],
        path=_logged_path(request),
        ip_address=client_ip(request),
    )


def job_run_completed(*, name: str, on) -> None:
    """Record that the daily job `name` completed its work for day `on` (never moves back)."""
    from django.db.models import Case, F, When
    from django.utils import timezone

    from .models import JobRun

    JobRun.objects.update_or_create(
        name=name,
        create_defaults={"completed_on": on, "completed_at": timezone.now()},
        defaults={
            "completed_on": Case(When(completed_on__gt=on, then=F("completed_on")), default=on),
            "completed_at": timezone.now(),
        },
    )
