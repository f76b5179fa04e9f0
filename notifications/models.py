"""Notifications: what a user is told in the inbox and by e-mail. Knows no domain app."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from kso_portal.history import track_changes

from .constants import Delivery


def is_portal_path(url: str) -> bool:
    """Whether `url` is a path inside the portal: never another site, "//host" or "/\\host"
    included, so that following it is no open redirect."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def validate_portal_path(value: str) -> None:
    if not is_portal_path(value):
        raise ValidationError(_("Geef een pad binnen het portaal dat met één / begint."))


@track_changes
class Notification(models.Model):
    """One message to one user, shown in their inbox and e-mailed once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("ontvanger"),
    )
    # A key the domain app chooses ("location_transition"); this app attaches no meaning to it.
    kind = models.CharField(_("soort"), max_length=50)
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst"))
    # A path inside the portal ("/locaties/12/"); the e-mail puts PORTAL_URL before it.
    url = models.CharField(_("link"), max_length=500, validators=[validate_portal_path])
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)
    # Set while a worker sends the e-mail (claimed, committed, sent, then stamped emailed_at):
    # no row lock is held while the mail server answers. A claim older than
    # tasks.CLAIM_EXPIRES is taken to be of a worker that died.
    email_claimed_at = models.DateTimeField(_("verzending begonnen op"), null=True, blank=True)
    # Reminders send one notification per (subject, rule, threshold) and recipient, however
    # often the daily job runs (DESIGN.md §7).
    dedupe_key = models.CharField(_("ontdubbelsleutel"), max_length=200, blank=True)
    # The recipient's preference for this kind when the notification was made: a later change
    # of preference applies to later notifications, and the row itself says why it was (not)
    # e-mailed.
    delivery = models.CharField(
        _("bezorging"), max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # Immediate e-mails not sent yet: queued again every 15 minutes, counted on /health/.
            models.Index(
                fields=["created_at"],
                condition=Q(delivery=Delivery.IMMEDIATE, emailed_at=None),
                name="notification_unsent_idx",
            ),
            # The daily digest looks only for the few rows still waiting for it.
            models.Index(
                fields=["recipient"],
                condition=Q(delivery=Delivery.DIGEST, emailed_at=None),
                name="notification_digest_due_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_unique_dedupe_key",
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="notification_delivery_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


@track_changes
class NotificationPreference(models.Model):
    """How one user wants to hear of one kind of notification; without a row: at once."""

    # Unlike a notification, a preference records nothing worth keeping once its user is gone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("gebruiker"),
    )
    # Free, like Notification.kind: NotificationKind lists the kinds the preferences page shows.
    kind = models.CharField(_("soort"), max_length=50)
    delivery = models.CharField(
        _("bezorging"), max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notification_preference_unique_kind"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values),
                name="notification_preference_delivery_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.get_delivery_display()}"


def feed_digest(token: str) -> str:
    """What is kept of a feed link's secret: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


@track_changes(exclude=["token_hash"])
class CalendarFeed(models.Model):
    """A user's private iCal feed; the link holds a secret of which only the digest is kept.
    Renewing replaces the digest, so the old link stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="calendar_feed",
        verbose_name=_("gebruiker"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now=True)

    class Meta:
        verbose_name = _("agenda-feed")
        verbose_name_plural = _("agenda-feeds")

    def __str__(self) -> str:
        return f"Agenda van {self.user}"
