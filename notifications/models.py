"""Notifications: what a user is told in the inbox and by e-mail. Knows no domain app."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from kso_portal.history import track_changes


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
    # Reminders send one notification per (subject, rule, threshold) and recipient, however
    # often the daily job runs (DESIGN.md §7).
    dedupe_key = models.CharField(_("ontdubbelsleutel"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_unique_dedupe_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title
