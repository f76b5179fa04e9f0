"""Reference data (provinces, gemeenten, Nidos regions) and the organisations users belong to."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kso_portal.history import track_changes

from .constants import OrganisationKind, Role, SamenwerkingInvitationState


@track_changes
class Province(models.Model):
    """One of the twelve provinces, by CBS code (PV20..PV31)."""

    code = models.CharField(_("CBS-code"), max_length=4, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    cbs_number = models.PositiveSmallIntegerField(_("CBS-nummer"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self) -> str:
        return self.name


@track_changes
class Gemeente(models.Model):
    """A gemeente as CBS registers it; validity dates make a merger a data change."""

    code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    sort_name = models.CharField(_("sorteernaam"), max_length=100, db_index=True, editable=False)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="gemeenten", verbose_name=_("provincie")
    )
    inhabitants = models.PositiveIntegerField(_("inwoners"))
    inhabitants_on = models.DateField(_("inwoners per"))
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    latitude = models.DecimalField(_("breedtegraad"), max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6, null=True)

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^GM[0-9]{4}$"), name="gemeente_code_is_cbs_code"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="gemeente_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.name


@track_changes
class NidosRegion(models.Model):
    """A Nidos contact region: a set of provinces."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    provinces = models.ManyToManyField(
        Province, related_name="nidos_regions", verbose_name=_("provincies")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Nidos-regio")
        verbose_name_plural = _("Nidos-regio's")

    def __str__(self) -> str:
        return self.name


@track_changes
class Organisation(models.Model):
    """A party in the portal: a gemeente, Nidos, a contractpartner, a woningcorporatie or beheer."""

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("gemeente"),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.GEMEENTE, gemeente__isnull=False)
                | (~Q(kind=OrganisationKind.GEMEENTE) & Q(gemeente__isnull=True)),
                name="organisation_gemeente_iff_kind_gemeente",
            ),
            models.UniqueConstraint(fields=["gemeente"], name="organisation_one_per_gemeente"),
            models.UniqueConstraint(fields=["name", "kind"], name="organisation_unique_name_kind"),
        ]

    def __str__(self) -> str:
        return self.name


@track_changes
class Membership(models.Model):
    """A user's place in an organisation with a role; Nidos memberships name their regions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    nidos_regions = models.ManyToManyField(
        NidosRegion, blank=True, related_name="memberships", verbose_name=_("Nidos-regio's")
    )
    is_national = models.BooleanField(_("landelijk"), default=False)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.organisation} ({self.get_role_display()})"


@track_changes
class RegionaleSamenwerking(models.Model):
    """A regional cooperation: a named set of gemeenten that the gemeenten formed themselves."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    description = models.TextField(_("toelichting"), blank=True)
    gemeenten = models.ManyToManyField(
        Gemeente,
        through="RegionaleSamenwerkingMember",
        related_name="samenwerkingen",
        verbose_name=_("gemeenten"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regionale samenwerking")
        verbose_name_plural = _("regionale samenwerkingen")

    def __str__(self) -> str:
        return self.name


@track_changes
class RegionaleSamenwerkingMember(models.Model):
    """A gemeente taking part in a regionale samenwerking: it accepted, or it made it."""

    samenwerking = models.ForeignKey(
        RegionaleSamenwerking,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("regionale samenwerking"),
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    created_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("deelnemende gemeente")
        verbose_name_plural = _("deelnemende gemeenten")
        constraints = [
            models.UniqueConstraint(
                fields=["samenwerking", "gemeente"], name="samenwerking_member_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} in {self.samenwerking}"


@track_changes
class SamenwerkingInvitation(models.Model):
    """An invitation to a gemeente to join a regionale samenwerking; it counts once accepted."""

    samenwerking = models.ForeignKey(
        RegionaleSamenwerking,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("regionale samenwerking"),
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=SamenwerkingInvitationState.choices,
        default=SamenwerkingInvitationState.OPEN,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uitgenodigd door"),
    )
    invited_by_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uitgenodigd namens"),
    )
    created_at = models.DateTimeField(_("uitgenodigd op"), auto_now_add=True)
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging voor de samenwerking")
        verbose_name_plural = _("uitnodigingen voor de samenwerking")
        constraints = [
            models.UniqueConstraint(
                fields=["samenwerking", "gemeente"],
                condition=Q(state=SamenwerkingInvitationState.OPEN),
                name="samenwerking_invitation_one_open_per_gemeente",
            ),
            models.CheckConstraint(
                condition=Q(state=SamenwerkingInvitationState.OPEN, closed_at__isnull=True)
                | (~Q(state=SamenwerkingInvitationState.OPEN) & Q(closed_at__isnull=False)),
                name="samenwerking_invitation_closed_iff_not_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} in {self.samenwerking} ({self.get_state_display()})"


@track_changes(exclude=["token_hash"])
class Invitation(models.Model):
    """An e-mailed invitation to join an organisation with a role; its link works once, 7 days."""

    email = models.EmailField(_("e-mailadres"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    nidos_regions = models.ManyToManyField(
        NidosRegion, blank=True, related_name="invitations", verbose_name=_("Nidos-regio's")
    )
    is_national = models.BooleanField(_("landelijk"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uitgenodigd door"),
    )
    # Only a digest of the link's secret is stored: a copy of the database opens no invitation.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geaccepteerd door"),
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    renewal_requested_at = models.DateTimeField(
        _("nieuwe uitnodiging gevraagd op"), null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email_and_organisation",
            ),
            models.CheckConstraint(
                condition=~(Q(accepted_at__isnull=False) & Q(revoked_at__isnull=False)),
                name="invitation_not_both_accepted_and_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} - {self.organisation}"


# The automatic link tables of many-to-many fields and the user accounts are tracked as well.
for _through, _name in (
    (NidosRegion.provinces.through, "NidosRegionProvinceEvent"),
    (Membership.nidos_regions.through, "MembershipNidosRegionEvent"),
    (Invitation.nidos_regions.through, "InvitationNidosRegionEvent"),
):
    pghistory.track(
        pghistory.InsertEvent(),
        pghistory.DeleteEvent(),
        app_label="organisations",
        model_name=_name,
    )(_through)
