"""Choices of the notifications app: the known kinds and how a user wants to hear of them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """The kinds a user can set a preference for. A domain app may notify with another kind:
    that one is simply e-mailed at once, the default."""

    LOCATION = "location", _("Locaties: fasen, opmerkingen en documenten")
    HOUSING_REQUEST = "housing_request", _("Aanvragen vervolghuisvesting")
    YOUTH = "youth", _("Jongeren: keuzegesprekken en overplaatsingen")
    REMINDER = "reminder", _("Herinneringen aan termijnen en mijlpalen")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Direct per e-mail")
    DIGEST = "digest", _("Dagelijkse samenvatting (07:30)")
    INBOX = "inbox", _("Alleen in het portaal")
