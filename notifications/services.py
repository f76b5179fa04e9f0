"""Writes of the notifications app: other apps notify their users through `notify`."""

from collections.abc import Iterable
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import Notification
from .tasks import notification_email_send


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
    """Record one notification per distinct active recipient; each is e-mailed after commit.

    With a `dedupe_key`, a recipient who already has a notification with that key gets no
    second one, also when two calls race: the unique constraint decides. Returns the rows
    created now.
    """
    fields = {"kind": kind, "title": title, "body": body, "url": url, "dedupe_key": dedupe_key}
    # The fields are the same for every recipient: validate them once. The database checks the
    # recipient and the dedupe constraint at insert, which a check beforehand could not make safe.
    Notification(**fields).full_clean(exclude=["recipient"], validate_constraints=False)
    users = _active_users(recipients)
    if dedupe_key:
        created = [row for row in (_create_once(user, fields) for user in users) if row]
    else:
        created = Notification.objects.bulk_create(
            [Notification(recipient=user, **fields) for user in users]
        )
    for notification in created:
        transaction.on_commit(partial(notification_email_send.delay, notification.pk))
    return created


def _active_users(recipients: Iterable) -> list:
    """The recipients as they are now in the database, each once; deactivated users get none."""
    ids = {user.pk for user in recipients}
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _create_once(user, fields: dict) -> Notification | None:
    # get_or_create inserts in a savepoint and, when a concurrent call won, returns its row.
    notification, created = Notification.objects.get_or_create(
        recipient=user, dedupe_key=fields["dedupe_key"], defaults=fields
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
