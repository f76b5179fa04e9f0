"""Reference data (provinces, gemeenten, Nidos regions) and the organisations users belong to."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import OrganisationKind, Role


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
