"""Models of the shared kernel: the access log."""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import AccessKind


class AccessLogEntry(models.Model):
    """A read, export or PDF of youths' personal data, or a security event; never changed."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    kind = models.CharField(_("soort"), max_length=20, choices=AccessKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    # As typed at a failed sign-in, else the user's address at the time.
    email = models.CharField(_("e-mailadres"), max_length=254, blank=True)
    # Kept as text and number: the log outlives renamed organisations and is below the apps.
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    organisation_id = models.PositiveBigIntegerField(_("organisatienummer"), null=True, blank=True)
    what = models.CharField(_("wat"), max_length=300)
    path = models.CharField(_("adres"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("aantal rijen"), null=True, blank=True)
    # The youths a page showed, so that "who saw J-7K3M9Q?" has an answer.
    pseudonyms = ArrayField(
        models.CharField(max_length=10), verbose_name=_("jongeren"), default=list, blank=True
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["kind", "-at"], name="accesslog_kind_at"),
            GinIndex(fields=["pseudonyms"], name="accesslog_pseudonyms"),
        ]
        triggers = [
            # The log is evidence: the database refuses to change or delete a row.
            pgtrigger.Protect(
                name="accesslog_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.what}"


class DataChange(models.Model):
    """A statement that wrote to a table whose derived figures are cached (kso_portal/derived.py):
    appended by a trigger on that table (migration 0002 lists them), one row per statement. The
    version of a table is the number of its changes and the sum of their numbers, which a
    rolled-back change never leaves behind; `derived.compact()` folds old rows into one without
    changing the version."""

    id = models.BigAutoField(primary_key=True)
    table = models.CharField(_("tabel"), max_length=63)
    # A folded row stands for `changes` rows whose ids summed to `id_total`.
    changes = models.BigIntegerField(_("wijzigingen"), db_default=1)
    id_total = models.DecimalField(
        _("som van de nummers"), max_digits=38, decimal_places=0, null=True, blank=True
    )

    class Meta:
        verbose_name = _("gegevenswijziging")
        verbose_name_plural = _("gegevenswijzigingen")

    def __str__(self) -> str:
        return f"{self.table} #{self.id}"


class JobRun(models.Model):
    """The last day a daily job completed (the reminders), so that a missed day is made up and
    /health/ can say when a job is late."""

    name = models.CharField(_("taak"), max_length=100, unique=True)
    completed_on = models.DateField(_("laatst voltooid voor"))
    completed_at = models.DateTimeField(_("laatst voltooid op"))

    class Meta:
        verbose_name = _("taakuitvoering")
        verbose_name_plural = _("taakuitvoeringen")

    def __str__(self) -> str:
        return f"{self.name}: {self.completed_on}"


class SubmissionToken(models.Model):
    """A form that created something, by its one-time token (kso_portal/once.py), and the page
    of what it made; a second submission of the same form is sent there."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    result_url = models.CharField(_("resultaat"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")

    def __str__(self) -> str:
        return self.token
