"""Choices of youths and placements: Dutch labels, English identifiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Choice(models.TextChoices):
    NOG_NIET_BEKEND = "nog_niet_bekend", _("Nog niet bekend")
    ZELFSTANDIG_WONEN = "zelfstandig_wonen", _("Zelfstandig wonen")
    VERLENGDE_OPVANG = "verlengde_opvang", _("Verlengde Opvang")


class Destination(models.TextChoices):
    ANDERE_KSO = "andere_kso", _("Andere KSO-locatie")
    VERVOLGHUISVESTING = "vervolghuisvesting", _("Vervolghuisvesting")
    GEZINSHERENIGING = "gezinshereniging", _("Gezinshereniging")
    ANDERS = "anders", _("Anders")


STATUS_LABELS = {
    "kso": _("KSO"),
    "verlengde_opvang": _("Verlengde Opvang"),
    "uitgestroomd": _("Uitgestroomd"),
}
# A location whose occupancy was neither changed nor confirmed for this many days is marked.
OCCUPANCY_STALE_AFTER_DAYS = 30
