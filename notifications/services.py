"""Writes of the notifications app: other apps notify their users through `notify`."""

import logging
import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .constants import Delivery
from .models import CalendarFeed, Notification, NotificationPreference, feed_digest
from .tasks import notification_email_send

logger = logging.getLogger(__name__)


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str,
    url: str,
    dedupe_key: str = "",
) -> list[Notification]:
    """Record one notification per distinct active recipient, delivered as each recipient
    chose for `kind`: e-mailed after commit, kept for the daily digest, or only in the inbox.

    With a `dedupe_key`, a recipient who already has a notification with that key gets no
    second one, also when two calls race: the unique constraint decides. Returns the rows
    created now.
    """
    fields = {"kind": kind, "title": title, "body": body, "url": url, "dedupe_key": dedupe_key}
    # The fields are the same for every recipient: validate them once. The database checks the
    # recipient and the dedupe constraint at insert, which a check beforehand could not make safe.
    Notification(**fields).full_clean(exclude=["recipient"], validate_constraints=False)
    users = _active_users(recipients)
    deliveries = _deliveries(users, kind)
    rows = [
        Notification(recipient=user, delivery=deliveries.get(user.pk, Delivery.IMMEDIATE), **fields)
        for user in users
    ]
    if dedupe_key:
        created = [row for row in map(_create_once, rows) if row]
    else:
        created = Notification.objects.bulk_create(rows)
    for notification in created:
        if notification.delivery == Delivery.IMMEDIATE:
            transaction.on_commit(partial(_enqueue_email, notification.pk))
    return created


def _enqueue_email(notification_id: int) -> None:
    """Hand the e-mail to Celery. With Redis down the portal goes on: the row is in the
    database, and `notification_send_pending` (run by the daily jobs) sends it later."""
    try:
        notification_email_send.delay(notification_id)
    except Exception:  # kombu and redis raise several kinds when the broker is unreachable
        logger.warning("notification %s: e-mail not queued (broker unreachable)", notification_id)


# A row that should have been e-mailed this long ago and was not is sent again.
PENDING_AFTER = timedelta(minutes=15)


def notification_send_pending() -> int:
    """Queue again every immediate e-mail that has not gone out (the broker was down, the worker
    died, the mail server kept refusing). The e-mail task sends each row once, so queuing a row
    twice sends it once. Returns how many were queued."""
    pending = Notification.objects.filter(
        delivery=Delivery.IMMEDIATE,
        emailed_at__isnull=True,
        created_at__lte=timezone.now() - PENDING_AFTER,
        recipient__is_active=True,
    ).values_list("pk", flat=True)
    count = 0
    for notification_id in pending:
        _enqueue_email(notification_id)
        count += 1
    return count


def _active_users(recipients: Iterable) -> list:
    """The recipients as they are now in the database, each once; deactivated users get none."""
    ids = {user.pk for user in recipients}
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _deliveries(users: list, kind: str) -> dict[int, str]:
    """The users' chosen delivery for `kind`, in one query; a user without a choice is absent."""
    preferences = NotificationPreference.objects.filter(user__in=users, kind=kind)
    return dict(preferences.values_list("user_id", "delivery"))


def _create_once(row: Notification) -> Notification | None:
    # get_or_create inserts in a savepoint and, when a concurrent call won, returns its row.
    fields = {name: getattr(row, name) for name in ("kind", "title", "body", "url", "delivery")}
    notification, created = Notification.objects.get_or_create(
        recipient=row.recipient, dedupe_key=row.dedupe_key, defaults=fields
    )
    return notification if created else None


@transaction.atomic
def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark `user`'s unread notifications read (those of `notification_ids`, or all of them);
    returns how many were unread. Someone else's ids are ignored."""
    rows = Notification.objects.filter(recipient=user, read_at=None)
    if notification_ids is not None:
        rows = rows.filter(pk__in=list(notification_ids))
    return rows.update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_save(*, user, deliveries: Mapping[str, str]) -> None:
    """Record `user`'s choice of delivery per kind ({kind: delivery}). It applies to the
    notifications made from now on; those made before keep the delivery they were made with."""
    saved = NotificationPreference.objects.filter(user=user, kind__in=list(deliveries))
    existing = {preference.kind: preference for preference in saved}
    for kind, delivery in deliveries.items():
        preference = existing.get(kind) or NotificationPreference(user=user, kind=kind)
        if preference.pk and preference.delivery == delivery:
            continue
        preference.delivery = delivery
        preference.full_clean()
        preference.save()


@transaction.atomic
def calendar_feed_renew(*, user) -> str:
    """A new secret for the user's iCal feed; the old link stops working. Returns the secret,
    which is shown once and not kept."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": feed_digest(token)})
    return token
