"""Youths (pseudonymous), their placements in KSO locations and occupancy confirmations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kso_portal.history import track_changes
from locations.models import Location
from organisations.models import Organisation

from .constants import Choice, Destination


@track_changes
class Youth(models.Model):
    """A youth as the portal knows them: a pseudonym, a date of birth and the choices made;
    never a name, BSN, V-number, nationality or health (DESIGN.md §2)."""

    pseudonym = models.CharField(_("pseudoniem"), max_length=10, unique=True, editable=False)
    birth_on = models.DateField(_("geboortedatum"))
    nidos_dossier_number = models.CharField(_("dossiernummer Nidos"), max_length=30, blank=True)
    expected_family_size = models.PositiveSmallIntegerField(
        _("verwachte gezinsgrootte bij nareis"),
        null=True,
        blank=True,
        help_text=_("Alleen bij gezinshereniging: hoeveel mensen er naar verwachting komen."),
    )
    conversation_on = models.DateField(_("datum keuzegesprek"), null=True, blank=True)
    choice = models.CharField(
        _("keuze"), max_length=20, choices=Choice.choices, default=Choice.NOG_NIET_BEKEND
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("jongere")
        verbose_name_plural = _("jongeren")
        constraints = [
            models.CheckConstraint(
                condition=Q(pseudonym__regex=r"^J-[34679ACDEFGHJKMNPQRTUVWXY]{6}$"),
                name="youth_pseudonym_format",
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


@track_changes
class Placement(models.Model):
    """A youth living at a KSO location from a date, until a date and a destination."""

    youth = models.ForeignKey(
        Youth, on_delete=models.PROTECT, related_name="placements", verbose_name=_("jongere")
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="placements", verbose_name=_("locatie")
    )
    started_on = models.DateField(pgettext_lazy("plaatsing van een jongere", "geplaatst op"))
    ended_on = models.DateField(_("vertrokken op"), null=True, blank=True)
    destination = models.CharField(
        _("bestemming"), max_length=20, choices=Destination.choices, blank=True
    )
    overbezetting_reason = models.TextField(_("reden overbezetting"), blank=True)
    age_reason = models.TextField(_("reden afwijkende leeftijd"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        indexes = [
            models.Index(fields=["location", "started_on"], name="placement_location_start"),
            models.Index(fields=["location", "ended_on"], name="placement_location_end"),
        ]
        constraints = [
            # A youth lives in one place at a time.
            models.UniqueConstraint(
                fields=["youth"],
                condition=Q(ended_on__isnull=True),
                name="placement_one_active_per_youth",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(destination=""))
                | (Q(ended_on__isnull=False) & ~Q(destination="")),
                name="placement_destination_iff_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.youth} in {self.location}"


@track_changes
class OccupancyConfirmation(models.Model):
    """The contractpartner confirming that a location's list of youths is right as it stands."""

    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="occupancy_confirmations",
        verbose_name=_("locatie"),
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bevestigd door"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )

    class Meta:
        ordering = ["-confirmed_at"]
        verbose_name = _("bevestiging van de bezetting")
        verbose_name_plural = _("bevestigingen van de bezetting")
        indexes = [models.Index(fields=["location", "-confirmed_at"], name="occupancy_location_at")]

    def __str__(self) -> str:
        return f"{self.location}: {self.confirmed_at:%Y-%m-%d}"
