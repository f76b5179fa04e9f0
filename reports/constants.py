"""Choices of the reports app (DESIGN.md §9)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    STAND_VAN_ZAKEN = "stand_van_zaken", _("Stand van zaken KSO")
    LOCATION_DOSSIER = "location_dossier", _("Dossier van een locatie")
    OVERVIEW = "overview", _("Overzicht per provincie en Nidos-regio")


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Wordt gemaakt")
    READY = "ready", _("Klaar")
    FAILED = "failed", _("Mislukt")


# A report with more table rows than this takes WeasyPrint past two seconds on the project's
# machines (docs/performance.md); the worker makes it and the inbox says when it is ready.
DIRECT_ROW_LIMIT = 250

# The notification kind of "your report is ready"; it is e-mailed at once like any kind the
# preferences page does not list.
NOTIFICATION_KIND = "report"
