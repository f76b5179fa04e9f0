"""Choices and limits of locations: Dutch labels, English identifiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    AANGEBODEN = "aangeboden", _("Aangeboden")
    IN_BEOORDELING = "in_beoordeling", _("In beoordeling")
    SCHOUW = "schouw", _("Schouw")
    BESLUITVORMING = "besluitvorming", _("Besluitvorming")
    VOORBEREIDING = "voorbereiding", _("Voorbereiding")
    IN_GEBRUIK = "in_gebruik", _("In gebruik")
    BEEINDIGD = "beeindigd", _("Beëindigd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    # "Ingetrokken" is also an invitation's state; the context gives each its own translation.
    INGETROKKEN = "ingetrokken", pgettext_lazy("fase van een locatie", "Ingetrokken")


class KsoForm(models.TextChoices):
    KWG = "kwg", _("KWG (kinderwoongroep)")
    KWE = "kwe", _("KWE (kleine wooneenheid)")
    KWE_PLUS = "kwe_plus", _("KWE+ (kleine wooneenheid plus)")


class PropertyType(models.TextChoices):
    EENGEZINSWONING = "eengezinswoning", _("Eengezinswoning of rijtjeshuis")
    GROTER_WOONHUIS = "groter_woonhuis", _("Groter woonhuis")
    ZORGPAND = "zorgpand", _("Zorgpand")
    KANTOORPAND = "kantoorpand", _("Kantoorpand of transformatie")
    ANDERS = "anders", _("Anders")


class OwnerType(models.TextChoices):
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    GEMEENTELIJK = "gemeentelijk", _("Gemeentelijk vastgoed")
    PARTICULIER = "particulier", _("Particulier")
    CONTRACTPARTNER = "contractpartner", _("Contractpartner")


class DocumentKind(models.TextChoices):
    PLATTEGROND = "plattegrond", _("Plattegrond")
    FOTO = "foto", _("Foto")
    BESLUIT = "besluit", _("Besluit")
    ANDERS = "anders", _("Anders")


class PveOccasion(models.TextChoices):
    """Why a PvE check of a location was kept."""

    FASE = "fase", _("faseovergang")
    VERSIE_OPGEVOLGD = "versie_opgevolgd", _("laatste dag van de versie")


# Uploaded documents: at most this many bytes each, and only these types (checked from content).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
