"""Candidate properties and KSO locations, their stages, comments, documents and the PvE
checklist."""

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kso_portal.history import track_changes
from organisations.models import Gemeente, Organisation

from .constants import DocumentKind, KsoForm, OwnerType, PropertyType, PveOccasion, Stage
from .rules import Suitability

POSTCODE_PATTERN = r"^[1-9][0-9]{3} [A-Z]{2}$"
postcode_validator = RegexValidator(
    POSTCODE_PATTERN, _("Vul een Nederlandse postcode in, zoals 3511 AB.")
)
positive = MinValueValidator(1, _("Vul een geheel getal van 1 of meer in."))


@track_changes
class Location(models.Model):
    """A candidate property and, once opened, an operational KSO location."""

    # The property as offered (DESIGN.md §4.2).
    street = models.CharField(_("straat"), max_length=200)
    house_number = models.CharField(_("huisnummer"), max_length=20)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    place = models.CharField(_("plaats"), max_length=100)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="locations", verbose_name=_("gemeente")
    )
    property_type = models.CharField(_("soort pand"), max_length=20, choices=PropertyType.choices)
    owner_type = models.CharField(_("eigenaar"), max_length=20, choices=OwnerType.choices)
    offered_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="offered_locations",
        verbose_name=_("aangeboden door"),
    )
    available_from = models.DateField(_("beschikbaar vanaf"))
    available_until = models.DateField(_("beschikbaar tot en met"), null=True, blank=True)
    intended_form = models.CharField(_("beoogde vorm"), max_length=10, choices=KsoForm.choices)
    proposed_capacity = models.PositiveSmallIntegerField(
        _("voorgestelde capaciteit"), validators=[positive]
    )
    single_bedrooms = models.PositiveSmallIntegerField(
        _("eenpersoonsslaapkamers"), null=True, blank=True
    )
    smallest_bedroom_m2 = models.DecimalField(
        _("kleinste slaapkamer (m²)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    has_living_room = models.BooleanField(_("gemeenschappelijke woonkamer"), null=True, blank=True)
    living_room_m2 = models.DecimalField(
        _("woonkamer (m²)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    has_kitchen = models.BooleanField(_("keuken"), null=True, blank=True)
    showers = models.PositiveSmallIntegerField(_("douches"), null=True, blank=True)
    toilets = models.PositiveSmallIntegerField(_("toiletten"), null=True, blank=True)
    has_staff_room = models.BooleanField(_("kantoor- of personeelsruimte"), null=True, blank=True)
    isk_travel_minutes = models.PositiveSmallIntegerField(
        _("reistijd naar de ISK (minuten)"), null=True, blank=True
    )
    isk_name = models.CharField(_("naam van de ISK"), max_length=200, blank=True)
    has_gp = models.BooleanField(_("huisarts geregeld"), null=True, blank=True)
    notes = models.TextField(_("opmerkingen"), blank=True)

    # Where it stands (DESIGN.md §4.4); only locations/workflow.py changes the stage.
    stage = models.CharField(
        _("fase"), max_length=20, choices=Stage.choices, default=Stage.AANGEBODEN, db_index=True
    )
    stage_changed_at = models.DateTimeField(_("fase gewijzigd op"))
    accountmanager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accountmanager Nidos"),
    )
    contractpartner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_locations",
        verbose_name=_("contractpartner"),
    )
    visit_on = models.DateField(_("datum schouw"), null=True, blank=True)
    visit_result = models.TextField(_("uitkomst schouw"), blank=True)
    agreed_form = models.CharField(
        _("afgesproken vorm"), max_length=10, choices=KsoForm.choices, blank=True
    )
    agreed_capacity = models.PositiveSmallIntegerField(
        _("afgesproken capaciteit"), null=True, blank=True, validators=[positive]
    )
    capacity_deviation_reason = models.TextField(_("reden afwijkende capaciteit"), blank=True)
    college_decision_on = models.DateField(_("datum collegebesluit"), null=True, blank=True)
    term_of_use_until = models.DateField(_("gebruik afgesproken tot"), null=True, blank=True)
    gebruiksmelding_filed_on = models.DateField(
        _("gebruiksmelding ingediend op"), null=True, blank=True
    )
    neighbourhood_informed_on = models.DateField(_("buurt geïnformeerd op"), null=True, blank=True)
    furnishing_ready_on = models.DateField(_("inrichting gereed op"), null=True, blank=True)
    opening_on = models.DateField(_("geopend op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.TextField(_("reden beëindiging"), blank=True)
    rejection_reason = models.TextField(_("reden afwijzing"), blank=True)
    withdrawal_reason = models.TextField(_("reden intrekking"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        indexes = [
            models.Index(fields=["gemeente", "stage"], name="location_gemeente_stage"),
            models.Index(fields=["contractpartner", "stage"], name="location_contractpartner"),
            models.Index(fields=["offered_by", "stage"], name="location_offered_by"),
            # The lists' default order: a page of Nidos' 2,000 locations reads 50 rows.
            models.Index(fields=["-updated_at", "-id"], name="location_updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode__regex=POSTCODE_PATTERN), name="location_postcode_format"
            ),
            models.CheckConstraint(
                condition=Q(proposed_capacity__gte=1), name="location_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(agreed_capacity__isnull=True) | Q(agreed_capacity__gte=1),
                name="location_agreed_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="location_available_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}, {self.place}"

    @property
    def capacity(self) -> int:
        """The agreed capacity once there is one, else the proposed one."""
        return self.agreed_capacity or self.proposed_capacity

    @property
    def form(self) -> str:
        return self.agreed_form or self.intended_form

    # The labels of a list's rows: get_stage_display() translates every choice on each call.
    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    @property
    def form_label(self) -> str:
        return KsoForm(self.form).label


@track_changes
class StagePlan(models.Model):
    """The planned and actual date of one stage of a location."""

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="stage_plans", verbose_name=_("locatie")
    )
    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices)
    planned_on = models.DateField(_("gepland op"), null=True, blank=True)
    actual_on = models.DateField(_("bereikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("planning van een fase")
        verbose_name_plural = _("planning van fasen")
        constraints = [
            models.UniqueConstraint(fields=["location", "stage"], name="stage_plan_unique"),
        ]
        indexes = [
            # Stalled stages (the Nidos dashboard, the daily reminders): open plans by date.
            models.Index(
                fields=["planned_on"],
                condition=Q(actual_on__isnull=True),
                name="stage_plan_open_planned_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location}: {self.get_stage_display()}"


@track_changes
class StageTransition(models.Model):
    """One move of a location from one stage to another: who, when recorded, the day it
    happened, from, to and why."""

    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="transitions", verbose_name=_("locatie")
    )
    from_stage = models.CharField(_("van fase"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("naar fase"), max_length=20, choices=Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("door"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    # When it was recorded, and the day it happened (the stage's actual date, entered).
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    happened_on = models.DateField(_("gebeurd op"), default=timezone.localdate)
    comment = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("faseovergang")
        verbose_name_plural = _("faseovergangen")
        indexes = [models.Index(fields=["location", "at"], name="transition_location_at")]

    def __str__(self) -> str:
        return f"{self.location}: {self.from_stage} -> {self.to_stage}"


@track_changes
class LocationComment(models.Model):
    """A dated message in a location's thread, visible to the parties involved."""

    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="comments", verbose_name=_("locatie")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    body = models.TextField(_("bericht"))
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")

    def __str__(self) -> str:
        return f"{self.location}: {self.body[:40]}"


def _document_storage():
    return storages["documents"]


@track_changes
class LocationDocument(models.Model):
    """A floor plan, photo or decision of a location; served only through an access check."""

    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="documents", verbose_name=_("locatie")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("bestand"), storage=_document_storage, max_length=300)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")

    def __str__(self) -> str:
        return self.original_name


@track_changes
class ChecklistVersion(models.Model):
    """A version of the Programma van Eisen checklist: its parameters; it applies from
    `valid_from` until a later version does."""

    number = models.PositiveIntegerField(_("versie"), unique=True)
    valid_from = models.DateField(_("geldig vanaf"))
    note = models.TextField(_("toelichting"), blank=True)
    kwg_min = models.PositiveSmallIntegerField(_("KWG: minimale capaciteit"), default=9)
    kwg_max = models.PositiveSmallIntegerField(_("KWG: maximale capaciteit"), default=12)
    kwe_min = models.PositiveSmallIntegerField(_("KWE: minimale capaciteit"), default=3)
    kwe_max = models.PositiveSmallIntegerField(_("KWE: maximale capaciteit"), default=5)
    kwe_plus_min = models.PositiveSmallIntegerField(_("KWE+: minimale capaciteit"), default=6)
    kwe_plus_max = models.PositiveSmallIntegerField(_("KWE+: maximale capaciteit"), default=8)
    youths_per_sanitary_facility = models.PositiveSmallIntegerField(
        _("jongeren per douche en per toilet"),
        default=2,
        validators=[positive],
        help_text=_("Douches en toiletten elk ten minste capaciteit gedeeld door dit getal."),
    )
    isk_max_minutes = models.PositiveSmallIntegerField(
        _("maximale reistijd naar de ISK (minuten)"), default=30
    )
    min_bedroom_m2 = models.DecimalField(
        _("minimale slaapkamer (m²)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leeg: geen eis (nog geen gepubliceerde norm)."),
    )
    min_living_room_m2 = models.DecimalField(
        _("minimale woonkamer (m²)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leeg: geen eis (nog geen gepubliceerde norm)."),
    )
    gebruiksmelding_above_sleepers = models.PositiveSmallIntegerField(
        _("gebruiksmelding nodig boven dit aantal slapers"), default=10
    )
    gebruiksmelding_weeks_before = models.PositiveSmallIntegerField(
        _("gebruiksmelding ten minste weken voor opening"), default=4
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("PvE-checklistversie")
        verbose_name_plural = _("PvE-checklistversies")
        constraints = [
            models.CheckConstraint(
                condition=Q(kwg_min__lte=F("kwg_max"))
                & Q(kwe_min__lte=F("kwe_max"))
                & Q(kwe_plus_min__lte=F("kwe_plus_max")),
                name="checklist_ranges_ordered",
            ),
            models.CheckConstraint(
                condition=Q(youths_per_sanitary_facility__gte=1),
                name="checklist_sanitary_divisor_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"PvE-checklist versie {self.number}"


class PveCheck(models.Model):
    """The PvE check of a location as it stood at a stage move, or on the last day of a
    checklist version, kept with the version it used so that a decision can be traced."""

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="pve_checks", verbose_name=_("locatie")
    )
    version = models.ForeignKey(
        ChecklistVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checklistversie"),
    )
    checked_on = models.DateField(_("getoetst op"))
    stage = models.CharField(_("fase"), max_length=20, choices=Stage.choices)
    occasion = models.CharField(_("aanleiding"), max_length=20, choices=PveOccasion.choices)
    overall = models.CharField(
        _("uitkomst"),
        max_length=20,
        choices=[(suitability.value, suitability.label) for suitability in Suitability],
    )
    # Per requirement its code, verdict and explanation (as written then); what was missing.
    requirements = models.JSONField(_("uitkomst per eis"))
    missing = models.JSONField(_("nog nodig"), default=list)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["checked_on", "pk"]
        verbose_name = _("PvE-toetsing")
        verbose_name_plural = _("PvE-toetsingen")
        indexes = [models.Index(fields=["location", "checked_on"], name="pve_check_location")]
        constraints = [
            # The last check under a version is kept once (the daily job may run twice).
            models.UniqueConstraint(
                fields=["location", "version"],
                condition=Q(occasion=PveOccasion.VERSIE_OPGEVOLGD),
                name="pve_check_once_per_succeeded_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location}: versie {self.version_id} op {self.checked_on}"
