"""E-mail of notifications, sent by the Celery worker."""

import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification


@shared_task(
    # Only a mail server or network that is briefly away is worth another try; anything else
    # is a bug that a retry would repeat.
    autoretry_for=(OSError, smtplib.SMTPException),
    max_retries=5,
    retry_backoff=True,
)
def notification_email_send(notification_id: int) -> None:
    """E-mail one notification to its recipient, once: the row stays locked from the check to
    the stamp, so a second run (or a redelivery) sends nothing. A crash between sending and
    committing may send it twice; a lost e-mail is worse than a duplicate."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at=None, recipient__is_active=True)
            .first()
        )
        if notification is None:
            return
        subject, body = _message(notification)
        send_mail(subject, body, from_email=None, recipient_list=[notification.recipient.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


def _message(notification: Notification) -> tuple[str, str]:
    context = {
        "title": notification.title,
        "body": notification.body,
        "url": settings.PORTAL_URL + notification.url,
    }
    # The worker has no request to take a language from; the portal writes to its users in Dutch.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("notifications/email/notification_subject.txt", context)
        body = render_to_string("notifications/email/notification_body.txt", context)
    # A header holds one line, whatever the title contains.
    return " ".join(subject.split()), body
