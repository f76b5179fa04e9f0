"""Choices of the taakstelling: Dutch labels, English identifiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureKind(models.TextChoices):
    KSO_PLAATSEN = "kso_plaatsen", _("KSO-plaatsen")
    VERGUNNINGHOUDERS = "vergunninghouders", _("Taakstelling huisvesting vergunninghouders")
    # What COA's taakstellingvolgsysteem confirms as counted, to compare with the portal's count.
    TVS = "tvs", _("Bevestigd aantal amv's (COA/TVS)")


class Source(models.TextChoices):
    OFFICIEEL = "officieel", _("Officieel")
    SCHATTING = "schatting", _("Schatting")


class ImportState(models.TextChoices):
    PREVIEW = "preview", _("Voorbeeld")
    APPLIED = "applied", _("Verwerkt")
    CANCELLED = "cancelled", _("Geannuleerd")
