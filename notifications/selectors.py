"""Reads of the notifications app, always through the access policy: a user sees their own."""

from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from kso_portal.access import Actor, scope

from .constants import Delivery, NotificationKind
from .models import CalendarFeed, Notification, NotificationPreference, feed_digest

NOTIFICATION = "notifications.notification"


def notification_list(*, actor: Actor, unread_only: bool = False) -> QuerySet:
    """The actor's notifications, newest first."""
    rows = scope(actor, NOTIFICATION)
    if unread_only:
        rows = rows.filter(read_at=None)
    return rows.order_by("-created_at", "-pk")


def unread_count(*, actor: Actor) -> int:
    """One query; none for an actor who may see no notifications (no membership)."""
    return scope(actor, NOTIFICATION).filter(read_at=None).count()


def notification_preference_list(*, actor: Actor) -> dict[str, str]:
    """The actor's delivery per known kind ({kind: delivery}); without a choice: at once.

    A preference is the user's own, whatever organisation they act for, so it is read by user
    rather than through `scope`."""
    saved = NotificationPreference.objects.filter(user=actor.user, kind__in=NotificationKind.values)
    chosen = dict(saved.values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.IMMEDIATE) for kind in NotificationKind.values}


def calendar_feed_owner(*, token: str):
    """The active user whose feed link holds `token`, or None. The secret is the authority:
    a calendar program fetches the feed without signing in."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=feed_digest(token), user__is_active=True)
        .first()
    )
    return feed.user if feed else None


def has_calendar_feed(*, user) -> bool:
    return CalendarFeed.objects.filter(user=user).exists()


def unsent_email_summary() -> dict:
    """Immediate e-mails that have waited past their first try (for /health/ and the
    beheerder's dashboard): how many, and since when."""
    from .services import PENDING_AFTER

    return Notification.objects.filter(
        delivery=Delivery.IMMEDIATE,
        emailed_at__isnull=True,
        recipient__is_active=True,
        created_at__lte=timezone.now() - PENDING_AFTER,
    ).aggregate(count=Count("pk"), oldest=Min("created_at"))
