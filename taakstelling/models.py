"""Half-year periods, the quotas per gemeente (official or estimated) and their imports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kso_portal.history import track_changes
from organisations.models import Gemeente, Organisation

from .constants import FigureKind, ImportState, Source


@track_changes
class Period(models.Model):
    """A half year: 2026-I is 1 January to 30 June 2026, 2026-II 1 July to 31 December."""

    code = models.CharField(_("periode"), max_length=7, unique=True)
    year = models.PositiveSmallIntegerField(_("jaar"))
    half = models.PositiveSmallIntegerField(_("halfjaar"))
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"))

    class Meta:
        ordering = ["year", "half"]
        verbose_name = _("periode")
        verbose_name_plural = _("perioden")
        constraints = [
            models.UniqueConstraint(fields=["year", "half"], name="period_year_half_unique"),
            models.CheckConstraint(condition=Q(half__in=[1, 2]), name="period_half_is_1_or_2"),
        ]

    def __str__(self) -> str:
        return self.code


@track_changes
class QuotaImport(models.Model):
    """One file of figures (or one estimate from a national total): checked, shown as a preview,
    and written only when confirmed. The history of imports."""

    # The period the figures are for, as its code: a preview makes no period; confirming it
    # does (with `period`), so that a cancelled preview leaves nothing behind.
    period_code = models.CharField(_("periode"), max_length=7)
    period = models.ForeignKey(
        Period,
        on_delete=models.PROTECT,
        related_name="imports",
        verbose_name=_("periode"),
        null=True,
        blank=True,
    )
    kind = models.CharField(_("soort cijfer"), max_length=20, choices=FigureKind.choices)
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices)
    file_name = models.CharField(_("bestand"), max_length=255, blank=True)
    national_total = models.PositiveIntegerField(_("landelijk totaal"), null=True, blank=True)
    # The checked rows, {CBS code: number}, kept from the preview until it is confirmed.
    rows = models.JSONField(_("regels"), default=dict)
    state = models.CharField(
        _("status"), max_length=20, choices=ImportState.choices, default=ImportState.PREVIEW
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("door"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    applied_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import van cijfers")
        verbose_name_plural = _("imports van cijfers")

    def __str__(self) -> str:
        return f"{self.period_code} {self.get_kind_display()} ({self.get_source_display()})"


@track_changes
class Quota(models.Model):
    """A gemeente's figure for a period: KSO places to realise or the taakstelling huisvesting
    vergunninghouders, official or estimated, and the import it came from."""

    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("periode")
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("gemeente")
    )
    kind = models.CharField(_("soort cijfer"), max_length=20, choices=FigureKind.choices)
    number = models.PositiveIntegerField(_("aantal"))
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices)
    quota_import = models.ForeignKey(
        QuotaImport, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("import")
    )

    class Meta:
        ordering = ["period", "gemeente__sort_name"]
        verbose_name = _("taakstelling")
        verbose_name_plural = _("taakstellingen")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "gemeente", "kind"], name="quota_one_per_period_gemeente_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} {self.period}: {self.number}"
