"""Regionale samenwerkingen: made and kept up by their member gemeenten and by Nidos."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kso_portal.access import GEMEENTE, NIDOS, Actor
from organisations.models import Gemeente, RegionaleSamenwerking, RegionaleSamenwerkingMember

MINIMUM_MEMBERS = 2


def _check_members(*, actor: Actor, gemeenten: list[Gemeente]) -> None:
    if len(gemeenten) < MINIMUM_MEMBERS:
        raise ValidationError(
            {"gemeenten": _("Een regionale samenwerking heeft ten minste twee gemeenten.")}
        )
    if actor.kind == GEMEENTE and actor.organisation.gemeente_id not in {g.pk for g in gemeenten}:
        raise ValidationError(
            {
                "gemeenten": _(
                    "Uw eigen gemeente hoort bij de samenwerking; een andere deelnemer of Nidos "
                    "kan haar eruit halen."
                )
            }
        )
    if actor.kind == NIDOS and not actor.is_national:
        provinces = {p["pk"] for p in actor.region_provinces}
        if not any(g.province_id in provinces for g in gemeenten):
            raise ValidationError(
                {"gemeenten": _("Ten minste één gemeente moet in uw Nidos-regio's liggen.")}
            )


def _save(samenwerking: RegionaleSamenwerking) -> None:
    samenwerking.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            samenwerking.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("Er bestaat al een regionale samenwerking met deze naam.")}
        ) from None


def _set_members(samenwerking: RegionaleSamenwerking, gemeenten: list[Gemeente]) -> None:
    wanted = {g.pk for g in gemeenten}
    current = set(samenwerking.members.values_list("gemeente_id", flat=True))
    # Row by row, so that the history shows each gemeente joining and leaving.
    for member in samenwerking.members.filter(gemeente_id__in=current - wanted):
        member.delete()
    RegionaleSamenwerkingMember.objects.bulk_create(
        RegionaleSamenwerkingMember(samenwerking=samenwerking, gemeente_id=pk)
        for pk in sorted(wanted - current)
    )


@transaction.atomic
def samenwerking_create(
    *, actor: Actor, name: str, description: str = "", gemeenten: list[Gemeente]
) -> RegionaleSamenwerking:
    gemeenten = list(gemeenten)
    _check_members(actor=actor, gemeenten=gemeenten)
    samenwerking = RegionaleSamenwerking(name=name.strip(), description=description.strip())
    _save(samenwerking)
    _set_members(samenwerking, gemeenten)
    return samenwerking


@transaction.atomic
def samenwerking_update(
    *,
    actor: Actor,
    samenwerking: RegionaleSamenwerking,
    name: str,
    description: str = "",
    gemeenten: list[Gemeente],
) -> RegionaleSamenwerking:
    gemeenten = list(gemeenten)
    _check_members(actor=actor, gemeenten=gemeenten)
    samenwerking = RegionaleSamenwerking.objects.select_for_update().get(pk=samenwerking.pk)
    samenwerking.name, samenwerking.description = name.strip(), description.strip()
    _save(samenwerking)
    _set_members(samenwerking, gemeenten)
    return samenwerking
