"""Reads of the notifications app, always through the access policy: a user sees their own."""

from django.db.models import QuerySet

from kso_portal.access import Actor, scope

NOTIFICATION = "notifications.notification"


def notification_list(*, actor: Actor, unread_only: bool = False) -> QuerySet:
    """The actor's notifications, newest first."""
    rows = scope(actor, NOTIFICATION)
    if unread_only:
        rows = rows.filter(read_at=None)
    return rows.order_by("-created_at", "-pk")


def unread_count(*, actor: Actor) -> int:
    return scope(actor, NOTIFICATION).filter(read_at=None).count()
