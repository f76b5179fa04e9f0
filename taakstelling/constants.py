"""Choices of the taakstelling: Dutch labels, English identifiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureKind(models.TextChoices):
    KSO_PLAATSEN = "kso_plaatsen", _("KSO-plaatsen")
    VERGUNNINGHOUDERS = "vergunninghouders", _("Taakstelling huisvesting vergunninghouders")
    # The persons COA's taakstellingvolgsysteem counts as housed in the gemeente in the period:
    # the official realisation of the taakstelling huisvesting vergunninghouders, amv's counted
    # early included (DESIGN.md §8). Stored as "tvs" until migration 0004.
    GEHUISVEST = "gehuisvest", _("Gehuisvest volgens COA/TVS")


class Source(models.TextChoices):
    OFFICIEEL = "officieel", _("Officieel")
    SCHATTING = "schatting", _("Schatting")


class ImportState(models.TextChoices):
    PREVIEW = "preview", _("Voorbeeld")
    APPLIED = "applied", _("Verwerkt")
    CANCELLED = "cancelled", _("Geannuleerd")


# Where a gemeente stands, in words (the codes: taakstelling.rules.places_status and
# housing_status; the page's colours: the classes taakstelling-stand--<code>).
PLACES_STATUS = {
    "tekort": _("Tekort"),
    "gehaald": _("Gehaald"),
    "meer": _("Meer dan gevraagd"),
}
HOUSING_STATUS = {
    "achter": _("Achterstand"),
    "op_koers": _("Op koers"),
    "voor": _("Voorsprong"),
}
PROVISIONAL = _("voorlopig")
