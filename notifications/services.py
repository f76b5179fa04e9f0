"""Writes of the notifications app: other apps notify their users through `notify`."""

import logging
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone

from kso_portal.redis_breaker import enqueue

from .constants import Delivery
from .models import CalendarFeed, Notification, NotificationPreference, feed_digest
from .tasks import notification_email_send

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One message for several users, as `notify_many` takes it."""

    recipients: Iterable
    kind: str
    title: str
    body: str
    url: str
    dedupe_key: str = ""


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
    notice = Notice(recipients, kind, title, body, url, dedupe_key)
    return notify_many(notices=[notice])


@transaction.atomic
def notify_many(*, notices: Iterable[Notice]) -> list[Notification]:
    """`notify()` for many notices at once, in a fixed number of queries however many notices
    and recipients (the daily reminders). Returns the rows created now."""
    notices = list(notices)
    for notice in notices:
        # The fields are the same for every recipient: validate them once. The database checks
        # the recipient and the dedupe constraint at insert, which a check beforehand could not
        # make safe.
        Notification(**_fields(notice)).full_clean(
            exclude=["recipient"], validate_constraints=False
        )
    recipient_ids = [sorted({user.pk for user in notice.recipients}) for notice in notices]
    users = _active_users(set().union(*recipient_ids))
    deliveries = _deliveries(users, {notice.kind for notice in notices})
    rows = [
        Notification(
            recipient=users[user_id],
            delivery=deliveries.get((user_id, notice.kind), Delivery.IMMEDIATE),
            **_fields(notice),
        )
        for notice, ids in zip(notices, recipient_ids, strict=True)
        for user_id in ids
        if user_id in users
    ]
    created = Notification.objects.bulk_create([row for row in rows if not row.dedupe_key])
    created += _insert_once([row for row in rows if row.dedupe_key])
    for notification in created:
        if notification.delivery == Delivery.IMMEDIATE:
            transaction.on_commit(partial(_enqueue_email, notification.pk))
    return created


def _fields(notice: Notice) -> dict[str, str]:
    return {
        "kind": notice.kind,
        "title": notice.title,
        "body": notice.body,
        "url": notice.url,
        "dedupe_key": notice.dedupe_key,
    }


def _enqueue_email(notification_id: int) -> bool:
    """Hand the e-mail to Celery. With Redis down or hanging the portal goes on: the row is in
    the database, and `notification_send_pending` (every 15 minutes) sends it later."""
    queued = enqueue(notification_email_send, notification_id)
    if not queued:
        logger.warning("notification %s: e-mail not queued (broker unreachable)", notification_id)
    return queued


# A row that should have been e-mailed this long ago and was not is queued again, every 15
# minutes (beat), at most MAX_REQUEUED per run so that a mail server that comes back is not
# flooded; after PENDING_FOR it is left in the inbox only, and counted as not sent.
PENDING_AFTER = timedelta(minutes=15)
PENDING_FOR = timedelta(days=2)
MAX_REQUEUED = 500


def notification_send_pending() -> int:
    """Queue again immediate e-mails that have not gone out (the broker was down, the worker
    died, the mail server kept refusing). The e-mail task sends each row once, so queuing a row
    twice sends it once. Returns how many were queued."""
    now = timezone.now()
    pending = Notification.objects.filter(
        delivery=Delivery.IMMEDIATE,
        emailed_at__isnull=True,
        created_at__lte=now - PENDING_AFTER,
        created_at__gt=now - PENDING_FOR,
        recipient__is_active=True,
    ).order_by("created_at")
    count = 0
    for notification_id in pending.values_list("pk", flat=True)[:MAX_REQUEUED]:
        if not _enqueue_email(notification_id):
            break  # the broker is away: the next run tries again
        count += 1
    return count


def _active_users(ids: set[int]) -> dict[int, Any]:
    """The recipients as they are now in the database, by id; deactivated users get none."""
    return get_user_model().objects.filter(is_active=True).in_bulk(ids)


def _deliveries(user_ids: Iterable[int], kinds: set[str]) -> dict[tuple[int, str], str]:
    """The users' chosen delivery per kind, in one query: {(user id, kind): delivery}; a user
    without a choice for a kind is absent."""
    preferences = NotificationPreference.objects.filter(user__in=list(user_ids), kind__in=kinds)
    return {
        (user_id, kind): delivery
        for user_id, kind, delivery in preferences.values_list("user_id", "kind", "delivery")
    }


def _insert_once(rows: list[Notification]) -> list[Notification]:
    """Insert the rows whose (recipient, dedupe key) is new and return those. The insert is
    INSERT ... ON CONFLICT DO NOTHING RETURNING: one that meets a concurrent transaction's row
    waits for it and skips it when that commits, and RETURNING names the rows inserted now,
    which `bulk_create(ignore_conflicts=True)` cannot tell; hence the insert it is built on."""
    unique: dict[tuple[int, str], Notification] = {}
    for row in rows:
        unique.setdefault((row.recipient_id, row.dedupe_key), row)
    opts = Notification._meta
    fields = [field for field in opts.concrete_fields if not field.primary_key]
    returning = [opts.pk, opts.get_field("recipient"), opts.get_field("dedupe_key")]
    pending = list(unique.values())
    size = max(connection.ops.bulk_batch_size(fields, pending), 1)
    inserted = {}
    for start in range(0, len(pending), size):
        batch = Notification.objects._insert(
            pending[start : start + size],
            fields=fields,
            returning_fields=returning,
            on_conflict=OnConflict.IGNORE,
        )
        inserted.update({(recipient_id, key): pk for pk, recipient_id, key in batch})
    created = [row for key, row in unique.items() if key in inserted]
    for row in created:
        row.pk = inserted[row.recipient_id, row.dedupe_key]
        row._state.adding, row._state.db = False, Notification.objects.db
    return created


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
    notifications made from now on; those made before keep the delivery they were made with.
    One statement that inserts or updates each choice: saving twice at once (a double click)
    met the unique constraint and gave a 500 when each save looked first and wrote after."""
    saved = dict(
        NotificationPreference.objects.filter(user=user, kind__in=list(deliveries)).values_list(
            "kind", "delivery"
        )
    )
    changed = []
    for kind, delivery in deliveries.items():
        if saved.get(kind) == delivery:
            continue
        preference = NotificationPreference(user=user, kind=kind, delivery=delivery)
        preference.full_clean(validate_constraints=False)
        changed.append(preference)
    NotificationPreference.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["delivery"],
    )


@transaction.atomic
def calendar_feed_renew(*, user) -> str:
    """A new secret for the user's iCal feed; the old link stops working. Returns the secret,
    which is shown once and not kept."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": feed_digest(token)})
    return token
