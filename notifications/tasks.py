"""E-mail of notifications, sent by the Celery worker: at once, or in the daily digest."""

import logging
import smtplib

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .constants import Delivery
from .emails import digest_message, notification_message
from .models import Notification

logger = logging.getLogger(__name__)

# Only a mail server or network that is briefly away is worth another try; anything else is a
# bug that a retry would repeat.
TRANSIENT_ERRORS = (OSError, smtplib.SMTPException)


@shared_task(autoretry_for=TRANSIENT_ERRORS, max_retries=5, retry_backoff=True)
def notification_email_send(notification_id: int) -> None:
    """E-mail one notification to its recipient, once: the row stays locked from the check to
    the stamp, so a second run (or a redelivery) sends nothing. A crash between sending and
    committing may send it twice; a lost e-mail is worse than a duplicate. A notification its
    recipient wants in the digest or only in the inbox is never sent here."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(
                pk=notification_id,
                delivery=Delivery.IMMEDIATE,
                emailed_at=None,
                recipient__is_active=True,
            )
            .first()
        )
        if notification is None:
            return
        notification_message(notification).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


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
    with transaction.atomic():
        # skip_locked: rows another worker is sending right now are its to send, not ours.
        rows = list(
            _digest_rows()
            .filter(recipient_id=recipient_id)
            .select_for_update(of=("self",), skip_locked=True)
            .select_related("recipient")
            .order_by("created_at", "pk")
        )
        if not rows:
            return 0
        digest_message(rows[0].recipient, rows).send()
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            emailed_at=timezone.now()
        )
    return 1
