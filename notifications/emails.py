"""The Dutch e-mails of the notifications app: plain text with an HTML alternative."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Notification

TEMPLATES = "notifications/email"


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of one notification, sent as soon as it is made."""
    context = {
        "title": notification.title,
        "body": notification.body,
        "url": settings.PORTAL_URL + notification.url,
    }
    return _message(notification.recipient.email, "notification", context)


def digest_message(recipient, notifications: Sequence[Notification]) -> EmailMultiAlternatives:
    """One e-mail listing every notification that waited for the recipient's daily digest."""
    items = [
        {
            "title": notification.title,
            "url": settings.PORTAL_URL + notification.url,
            "created_at": notification.created_at,
        }
        for notification in notifications
    ]
    return _message(recipient.email, "digest", {"items": items})


def _message(to: str, name: str, context: dict) -> EmailMultiAlternatives:
    context = {
        **context,
        "inbox_url": settings.PORTAL_URL + reverse("notification_list"),
        "preferences_url": settings.PORTAL_URL + reverse("notification_preferences"),
    }
    # The worker has no request to take a language from; the portal writes to its users in Dutch.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{TEMPLATES}/{name}_subject.txt", context)
        text = render_to_string(f"{TEMPLATES}/{name}_body.txt", context)
        html = render_to_string(f"{TEMPLATES}/{name}_body.html", context)
    # A header holds one line, whatever the title contains.
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[to])
    message.attach_alternative(html, "text/html")
    return message
