"""The columns of the export of the inbox (`/meldingen/`): those of the list, with the moment
it was read."""

from django.utils.translation import gettext_lazy as _

from kso_portal.exports import Column, Kind


def _status(notification):
    return _("Gelezen") if notification.read_at else _("Ongelezen")


NOTIFICATION_COLUMNS = [
    Column(_("Datum"), lambda notification: notification.created_at, Kind.DATETIME),
    Column(_("Melding"), lambda notification: notification.title, width=40),
    Column(_("Tekst"), lambda notification: notification.body, width=60),
    Column(_("Status"), _status, width=12),
    Column(_("Gelezen op"), lambda notification: notification.read_at, Kind.DATETIME),
]
