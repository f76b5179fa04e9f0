"""Youths (pseudonymous), their placements in KSO locations and occupancy confirmations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kso_portal.history import track_changes
from locations.models import Location
from organisations.models import Gemeente, Organisation

from .constants import (
    OPEN_STATES,
    Choice,
    Destination,
    EscalationKind,
    HousingState,
    HousingType,
    PlacementTransferState,
    TransferState,
)


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
        # The youth list's order (oldest first), and milestones looked up as dates of birth.
        indexes = [models.Index(fields=["birth_on", "id"], name="youth_birth_on")]
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
            # The youths ever placed at an organisation's locations (the access policy), read
            # from the index alone.
            models.Index(fields=["location", "youth"], name="placement_location_youth"),
            # A location's last change of occupancy (its freshness) with one index probe.
            models.Index(fields=["location", "updated_at"], name="placement_location_updated"),
            # Whether a youth left to outside KSO (their status), for many youths at once.
            models.Index(
                fields=["youth"],
                condition=Q(ended_on__isnull=False) & ~Q(destination="andere_kso"),
                name="placement_left_outside_kso",
            ),
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
class PlacementTransfer(models.Model):
    """An overplaatsing: a youth's move to a location of another contractpartner. Nidos
    proposes it; the receiving contractpartner accepts (the placement moves on the date it
    gives) or declines with a reason. Until then the youth stays placed where they are."""

    youth = models.ForeignKey(
        Youth, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("jongere")
    )
    from_placement = models.ForeignKey(
        Placement,
        on_delete=models.PROTECT,
        related_name="transfers_out",
        verbose_name=_("van plaatsing"),
    )
    to_location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="transfers_in",
        verbose_name=_("naar locatie"),
    )
    proposed_on = models.DateField(_("beoogde verhuisdatum"))
    note = models.TextField(_("toelichting"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voorgesteld door"),
    )
    proposed_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=PlacementTransferState.choices,
        default=PlacementTransferState.VOORGESTELD,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    reason = models.TextField(_("reden afwijzing of intrekking"), blank=True)
    to_placement = models.OneToOneField(
        Placement,
        on_delete=models.PROTECT,
        related_name="transfer_in",
        null=True,
        blank=True,
        verbose_name=_("nieuwe plaatsing"),
    )

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("overplaatsing")
        verbose_name_plural = _("overplaatsingen")
        indexes = [
            models.Index(
                fields=["to_location"],
                condition=Q(state="voorgesteld"),
                name="transfer_open_to_location",
            ),
        ]
        constraints = [
            # One proposal at a time: two would move the youth twice.
            models.UniqueConstraint(
                fields=["youth"],
                condition=Q(state="voorgesteld"),
                name="transfer_one_open_per_youth",
            ),
            models.CheckConstraint(
                condition=Q(state="aanvaard", to_placement__isnull=False)
                | (~Q(state="aanvaard") & Q(to_placement__isnull=True)),
                name="transfer_placement_iff_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.youth} naar {self.to_location}"


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


@track_changes
class TermPolicy(models.Model):
    """A row of the housing-term table: requests submitted from this date get this term."""

    valid_from = models.DateField(_("voor aanvragen ingediend vanaf"), unique=True)
    term_months = models.PositiveSmallIntegerField(_("termijn (maanden)"))
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("termijnregel vervolghuisvesting")
        verbose_name_plural = _("termijnregels vervolghuisvesting")
        constraints = [
            models.CheckConstraint(condition=Q(term_months__gte=1), name="term_policy_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.term_months} maanden vanaf {self.valid_from:%d-%m-%Y}"


@track_changes
class HousingRequest(models.Model):
    """An aanvraag vervolghuisvesting for a youth, addressed to the responsible gemeente."""

    youth = models.ForeignKey(
        Youth, on_delete=models.PROTECT, related_name="housing_requests", verbose_name=_("jongere")
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        related_name="housing_requests",
        verbose_name=_("verantwoordelijke gemeente"),
    )
    submitted_on = models.DateField(_("ingediend op"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    submitted_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    early_reason = models.TextField(
        _("reden om voor 17 jaar in te dienen"),
        blank=True,
        help_text=_("Alleen Nidos dient in voordat de jongere 17 is, en legt vast waarom."),
    )
    # The term and deadline as the policy table sets them; recomputed when that table changes.
    term_policy = models.ForeignKey(
        TermPolicy,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("termijnregel"),
    )
    term_months = models.PositiveSmallIntegerField(_("termijn (maanden)"))
    deadline_on = models.DateField(_("uiterste datum"), db_index=True)
    state = models.CharField(
        _("status"), max_length=20, choices=HousingState.choices, default=HousingState.INGEDIEND
    )
    state_changed_at = models.DateTimeField(_("status gewijzigd op"))
    outcome_type = models.CharField(
        _("soort huisvesting"), max_length=30, choices=HousingType.choices, blank=True
    )
    outcome_on = models.DateField(_("gehuisvest of overbrugd op"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reden intrekking"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["deadline_on", "pk"]
        verbose_name = _("aanvraag vervolghuisvesting")
        verbose_name_plural = _("aanvragen vervolghuisvesting")
        indexes = [models.Index(fields=["gemeente", "state"], name="housing_gemeente_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"],
                condition=Q(state__in=OPEN_STATES),
                name="housing_one_open_request_per_youth",
            ),
        ]

    def __str__(self) -> str:
        return f"Aanvraag {self.pk} ({self.youth})"


@track_changes
class HousingTransfer(models.Model):
    """A hand-over of a request offered to another gemeente of the same regionale samenwerking:
    the request stays with the sender until the receiver accepts."""

    request = models.ForeignKey(
        HousingRequest,
        on_delete=models.PROTECT,
        related_name="transfers",
        verbose_name=_("aanvraag"),
    )
    from_gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="+", verbose_name=_("van gemeente")
    )
    to_gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="+", verbose_name=_("naar gemeente")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    note = models.TextField(_("toelichting"), blank=True)
    state = models.CharField(_("status"), max_length=20, choices=TransferState.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantwoord door"),
    )
    decided_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    decline_reason = models.TextField(_("reden afwijzing"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        constraints = [
            # One offer at a time: the request has one sender and one possible receiver.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(state=TransferState.AANGEBODEN),
                name="housing_transfer_one_open_offer",
            ),
            models.CheckConstraint(
                condition=~Q(state=TransferState.AFGEWEZEN) | ~Q(decline_reason=""),
                name="housing_transfer_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request}: {self.from_gemeente} -> {self.to_gemeente}"


@track_changes
class Escalation(models.Model):
    """An escalation of an overdue request: overleg met Nidos or bestuurlijk opgeschaald."""

    request = models.ForeignKey(
        HousingRequest,
        on_delete=models.PROTECT,
        related_name="escalations",
        verbose_name=_("aanvraag"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=EscalationKind.choices)
    on = models.DateField(_("datum"))
    note = models.TextField(_("toelichting"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("escalatie")
        verbose_name_plural = _("escalaties")

    def __str__(self) -> str:
        return f"{self.request}: {self.get_kind_display()}"


class Reminder(models.Model):
    """One reminder of one rule at one threshold for one subject, written before it is sent:
    the unique key makes a second run (or a second worker) send nothing twice."""

    subject_type = models.CharField(_("onderwerp"), max_length=20)
    subject_id = models.PositiveBigIntegerField(_("onderwerpnummer"))
    rule = models.CharField(_("regel"), max_length=40)
    threshold = models.CharField(_("drempel"), max_length=20)
    due_on = models.DateField(_("datum"))
    # Which run wrote the row: the run that wrote it sends it.
    run = models.UUIDField(_("run"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "rule", "threshold"],
                name="reminder_once_per_subject_rule_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.threshold} {self.subject_type} {self.subject_id}"
