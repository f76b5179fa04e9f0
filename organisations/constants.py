"""Choices and limits of organisations and memberships: Dutch labels, English identifiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    NIDOS = "nidos", _("Nidos")
    CONTRACTPARTNER = "contractpartner", _("Contractpartner")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    BEHEER = "beheer", _("Functioneel beheer")


class Role(models.TextChoices):
    LEZER = "lezer", _("Lezer")
    MEDEWERKER = "medewerker", _("Medewerker")
    COORDINATOR = "coordinator", _("Coördinator")


# The reference date of the inhabitants in organisations/data/gemeenten.csv (CBS 85984NED).
INHABITANTS_REFERENCE_ON = "2024-01-01"
# The gemeente layout of the reference data is valid from this date (CBS Gebiedsindelingen).
GEMEENTE_LAYOUT_VALID_FROM = "2023-01-01"


class SamenwerkingInvitationState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Geaccepteerd")
    DECLINED = "declined", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


# A regionale samenwerking has at least two gemeenten, members and open invitations together.
SAMENWERKING_MINIMUM = 2
# And at most this many: the largest standing regional cooperations of gemeenten (a
# veiligheidsregio or GGD region; Veiligheidsregio Utrecht counts 26) stay under 30, so 40
# leaves room, while no form can draw all 342 gemeenten into one samenwerking by ticking.
SAMENWERKING_MAXIMUM = 40
