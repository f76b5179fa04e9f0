"""Regionale samenwerkingen: made by a gemeente, Nidos or the beheerder; every other gemeente
joins only by accepting an invitation (samenwerking_invitations.py)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kso_portal.access import GEMEENTE, NIDOS, Action, Actor, audiences, can, can_create
from notifications.services import Notice, notify_many
from organisations.constants import (
    SAMENWERKING_MAXIMUM,
    SAMENWERKING_MINIMUM,
    SamenwerkingInvitationState,
)
from organisations.models import (
    Gemeente,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
    SamenwerkingInvitation,
)

NOTIFICATION_KIND = "samenwerking"


def _check_size(*, taken: int, invited: int) -> None:
    """`taken`: members and open invitations there already are; `invited`: the new ones."""
    total = taken + invited
    if total < SAMENWERKING_MINIMUM:
        raise ValidationError(
            {"gemeenten": _("Een regionale samenwerking heeft ten minste twee gemeenten.")}
        )
    if total > SAMENWERKING_MAXIMUM:
        raise ValidationError(
            {
                "gemeenten": _(
                    "Een regionale samenwerking heeft ten hoogste %(maximum)s gemeenten, "
                    "deelnemers en openstaande uitnodigingen samen; dit worden er %(total)s. "
                    "Kies er ten hoogste %(room)s."
                )
                % {
                    "maximum": SAMENWERKING_MAXIMUM,
                    "total": total,
                    "room": max(SAMENWERKING_MAXIMUM - taken, 0),
                }
            }
        )


def _check_regions(actor: Actor, gemeenten: list[Gemeente]) -> None:
    """A regional Nidos makes samenwerkingen that reach into its regions (it may change those
    it sees, which do)."""
    if actor.kind != NIDOS or actor.is_national:
        return
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


def _invite(
    actor: Actor, samenwerking: RegionaleSamenwerking, gemeenten: list[Gemeente]
) -> list[SamenwerkingInvitation]:
    """Open an invitation per gemeente and tell each invited gemeente's active members."""
    invitations = [
        SamenwerkingInvitation(
            samenwerking=samenwerking,
            gemeente=gemeente,
            invited_by=actor.user,
            invited_by_organisation=actor.organisation,
        )
        for gemeente in sorted(gemeenten, key=lambda g: g.sort_name)
    ]
    for invitation in invitations:
        invitation.full_clean(validate_constraints=False)
    # The caller holds the samenwerking's row lock, so no other invitation to it races these.
    SamenwerkingInvitation.objects.bulk_create(invitations)
    _tell_invited(actor, invitations)
    return invitations


def _tell_invited(actor: Actor, invitations: list[SamenwerkingInvitation]) -> None:
    """One notice per invitation to the invited gemeente's active members (the policy's
    audience); a gemeente without an organisation in the portal has no one to tell yet."""
    notify_many(
        notices=[
            Notice(
                recipients={membership.user for membership in memberships},
                kind=NOTIFICATION_KIND,
                title=_("Uitnodiging voor de regionale samenwerking %(name)s")
                % {"name": invitation.samenwerking.name},
                body=_(
                    "%(organisation)s nodigt %(gemeente)s uit deel te nemen. Een medewerker of "
                    "coördinator van uw gemeente accepteert of wijst de uitnodiging af."
                )
                % {"organisation": actor.organisation, "gemeente": invitation.gemeente},
                url=reverse(
                    "samenwerking_invitation_detail",
                    args=[invitation.samenwerking_id, invitation.pk],
                ),
            )
            for invitation, memberships in audiences(invitations).items()
            if memberships
        ]
    )


@transaction.atomic
def samenwerking_create(
    *, actor: Actor, name: str, description: str = "", gemeenten: Iterable[Gemeente]
) -> RegionaleSamenwerking:
    """A new samenwerking. A gemeente that makes it is a member at once; every other gemeente
    (all of them, when Nidos or the beheerder makes it) is invited and joins by accepting."""
    if not can_create(actor, RegionaleSamenwerking):
        raise PermissionDenied
    own = actor.organisation.gemeente if actor.kind == GEMEENTE else None
    invited = [g for g in dict.fromkeys(gemeenten) if own is None or g.pk != own.pk]
    _check_size(taken=1 if own else 0, invited=len(invited))
    _check_regions(actor, invited)
    samenwerking = RegionaleSamenwerking(name=name.strip(), description=description.strip())
    _save(samenwerking)
    if own is not None:
        member = RegionaleSamenwerkingMember(samenwerking=samenwerking, gemeente=own)
        member.full_clean(validate_constraints=False)
        member.save()
    _invite(actor, samenwerking, invited)
    return samenwerking


@transaction.atomic
def samenwerking_update(
    *,
    actor: Actor,
    samenwerking: RegionaleSamenwerking,
    name: str,
    description: str = "",
    gemeenten: Iterable[Gemeente] = (),
) -> RegionaleSamenwerking:
    """Change the name and description and invite `gemeenten`. No one is removed here: a
    gemeente leaves itself, and only the beheerder removes another (samenwerking_member_remove)."""
    samenwerking = RegionaleSamenwerking.objects.select_for_update().get(pk=samenwerking.pk)
    if not can(actor, samenwerking, Action.CHANGE):
        raise PermissionDenied
    taken = _taken(samenwerking)
    invited = list(dict.fromkeys(gemeenten))
    already = [g.name for g in invited if g.pk in taken]
    if already:
        raise ValidationError(
            {
                "gemeenten": _("Al deelnemer of al uitgenodigd: %(names)s.")
                % {"names": ", ".join(already)}
            }
        )
    if invited:
        _check_size(taken=len(taken), invited=len(invited))
    samenwerking.name, samenwerking.description = name.strip(), description.strip()
    _save(samenwerking)
    _invite(actor, samenwerking, invited)
    return samenwerking


def _taken(samenwerking: RegionaleSamenwerking) -> set[int]:
    """The gemeenten that are members or have an open invitation."""
    open_invitations = samenwerking.invitations.filter(state=SamenwerkingInvitationState.OPEN)
    return set(samenwerking.members.values_list("gemeente", flat=True)) | set(
        open_invitations.values_list("gemeente", flat=True)
    )
