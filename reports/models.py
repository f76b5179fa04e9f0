"""Reports the worker made for a user, kept until they download them."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership

from .constants import ReportKind, ReportState


def _report_storage():
    return storages["reports"]


class Report(models.Model):
    """A PDF report asked for by one user in one organisation, made by the worker."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("aangevraagd door"),
    )
    # The organisation and scope the report was asked in: the worker reads with the same sight.
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="+", verbose_name=_("lidmaatschap")
    )
    kind = models.CharField(_("soort"), max_length=30, choices=ReportKind.choices)
    # What the report is about, as the form gave it: {"gemeente": "GM0344", "period": "2026-II"}.
    parameters = models.JSONField(_("gegevens"), default=dict)
    title = models.CharField(_("titel"), max_length=200)
    state = models.CharField(
        _("status"), max_length=20, choices=ReportState.choices, default=ReportState.QUEUED
    )
    file = models.FileField(
        _("bestand"), storage=_report_storage, upload_to="%Y/%m/", max_length=300, blank=True
    )
    error = models.TextField(_("foutmelding"), blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")

    def __str__(self) -> str:
        return self.title
