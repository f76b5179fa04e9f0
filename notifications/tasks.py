"""E-mail of notifications, sent by the Celery worker: at once, or in the daily digest."""

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from .constants import Delivery
from .emails import digest_message, notification_message
from .models import Notification

logger = logging.getLogger(__name__)

# Only a mail server or network that is briefly away is worth another try; anything else is a
# bug that a retry would repeat.
TRANSIENT_ERRORS = (OSError, smtplib.SMTPException)


# A claim this old belongs to a worker that died between claiming and stamping: the e-mail
# may be sent again (a lost e-mail is worse than a duplicate). Longer than a send can take with
# EMAIL_TIMEOUT and the task's retries.
CLAIM_EXPIRES = timedelta(minutes=10)


def _claimable(rows):
    now = timezone.now()
    return rows.filter(emailed_at=None, recipient__is_active=True).filter(
        Q(email_claimed_at=None) | Q(email_claimed_at__lt=now - CLAIM_EXPIRES)
    )


@shared_task(autoretry_for=TRANSIENT_ERRORS, max_retries=5, retry_backoff=True)
def notification_email_send(notification_id: int) -> None:
    """E-mail one notification to its recipient, once: the row is claimed (and the claim
    committed), the e-mail sent, and the row stamped. No lock is held while the mail server
    answers, so a hanging server holds up no one who reads or marks the notification; a second
    run (or a redelivery) finds the row claimed or stamped and sends nothing. A notification
    its recipient wants in the digest or only in the inbox is never sent here."""
    claimed = _claimable(
        Notification.objects.filter(pk=notification_id, delivery=Delivery.IMMEDIATE)
    ).update(email_claimed_at=timezone.now())
    if not claimed:
        return
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        notification_message(notification).send()
    except BaseException:
        Notification.objects.filter(pk=notification_id).update(email_claimed_at=None)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())


@shared_task
def notification_send_pending() -> int:
    """Queue again the e-mails that have not gone out (every 15 minutes, beat)."""
    from .services import notification_send_pending as requeue

    return requeue()


@shared_task(autoretry_for=TRANSIENT_ERRORS, max_retries=5, retry_backoff=True)
def notification_digest_send() -> int:
    """Send each user one e-mail with all their notifications still waiting for the digest;
    returns how many e-mails went out. Each user's rows are claimed, sent and stamped in one
    transaction, so a second run, or a second worker at the same time, sends none of them again.
    After a retry only the users not yet served get their e-mail."""
    waiting = _digest_rows().values_list("recipient_id", flat=True).distinct()
    sent = 0
    for recipient_id in waiting.order_by("recipient_id"):
        try:
            sent += _digest_send_to(recipient_id)
        except smtplib.SMTPRecipientsRefused:
            # One address the server will not take must not keep the others' digests back;
            # its rows stay waiting for the next digest.
            logger.warning("Digest refused for user %s; kept for the next digest.", recipient_id)
    return sent


def _digest_rows():
    return Notification.objects.filter(
        delivery=Delivery.DIGEST, emailed_at=None, recipient__is_active=True
    )


def _digest_send_to(recipient_id: int) -> int:
    """Claim the user's waiting rows, send them in one e-mail, stamp them; as for one e-mail,
    no lock is held while the mail server answers, and rows another worker claimed are its."""
    now = timezone.now()
    claimable = _claimable(_digest_rows().filter(recipient_id=recipient_id))
    ids = list(claimable.values_list("pk", flat=True))
    claimed = Notification.objects.filter(pk__in=ids).filter(
        Q(email_claimed_at=None) | Q(email_claimed_at__lt=now - CLAIM_EXPIRES)
    )
    if not claimed.update(email_claimed_at=now):
        return 0
    rows = list(
        Notification.objects.filter(pk__in=ids, email_claimed_at=now, emailed_at=None)
        .select_related("recipient")
        .order_by("created_at", "pk")
    )
    try:
        digest_message(rows[0].recipient, rows).send()
    except BaseException:
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(email_claimed_at=None)
        raise
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=timezone.now())
    return 1
