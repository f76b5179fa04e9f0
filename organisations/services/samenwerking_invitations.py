"""Joining and leaving a regionale samenwerking: the invited gemeente accepts or declines,
whoever invited withdraws an open invitation, a gemeente leaves, the beheerder removes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kso_portal.access import Action, Actor, can
from notifications.services import notify
from organisations.constants import SamenwerkingInvitationState
from organisations.models import (
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
    SamenwerkingInvitation,
)

from .samenwerkingen import NOTIFICATION_KIND

State = SamenwerkingInvitationState


def _close(
    *, actor: Actor, invitation: SamenwerkingInvitation, action: Action, state: str
) -> SamenwerkingInvitation:
    """Lock the samenwerking (so that the count of members and invitations holds), read the
    invitation again and close it as `state`, if it is still open and `actor`'s to close."""
    RegionaleSamenwerking.objects.select_for_update().get(pk=invitation.samenwerking_id)
    invitation = SamenwerkingInvitation.objects.select_related("samenwerking", "gemeente").get(
        pk=invitation.pk
    )
    if invitation.state != State.OPEN:
        raise ValidationError(_closed_message(invitation.state))
    if not can(actor, invitation, action):
        raise PermissionDenied
    invitation.state, invitation.closed_at, invitation.closed_by = state, timezone.now(), actor.user
    invitation.full_clean(validate_constraints=False)
    invitation.save()
    return invitation


def _closed_message(state: str) -> str:
    return {
        State.ACCEPTED: _("Deze uitnodiging is al geaccepteerd."),
        State.DECLINED: _("Deze uitnodiging is al afgewezen."),
        State.WITHDRAWN: _("Deze uitnodiging is al ingetrokken."),
    }[state]


def _tell_inviter(actor: Actor, invitation: SamenwerkingInvitation, title: str) -> None:
    notify(
        recipients=[invitation.invited_by],
        kind=NOTIFICATION_KIND,
        title=title,
        body=_("%(user)s (%(organisation)s) handelde de uitnodiging af.")
        % {"user": actor.user.email, "organisation": actor.organisation},
        url=reverse("samenwerking_detail", args=[invitation.samenwerking_id]),
    )


@transaction.atomic
def samenwerking_invitation_accept(
    *, actor: Actor, invitation: SamenwerkingInvitation
) -> RegionaleSamenwerkingMember:
    """The invited gemeente joins; from now on it counts as a member everywhere (hand-overs,
    the summed taakstelling). Whoever invited hears of it."""
    invitation = _close(
        actor=actor, invitation=invitation, action=Action.RESPOND, state=State.ACCEPTED
    )
    member = RegionaleSamenwerkingMember(
        samenwerking=invitation.samenwerking, gemeente=invitation.gemeente
    )
    member.full_clean(validate_constraints=False)
    member.save()
    _tell_inviter(
        actor,
        invitation,
        _("%(gemeente)s neemt deel aan %(name)s")
        % {"gemeente": invitation.gemeente, "name": invitation.samenwerking},
    )
    return member


@transaction.atomic
def samenwerking_invitation_decline(
    *, actor: Actor, invitation: SamenwerkingInvitation
) -> SamenwerkingInvitation:
    invitation = _close(
        actor=actor, invitation=invitation, action=Action.RESPOND, state=State.DECLINED
    )
    _tell_inviter(
        actor,
        invitation,
        _("%(gemeente)s wees de uitnodiging voor %(name)s af")
        % {"gemeente": invitation.gemeente, "name": invitation.samenwerking},
    )
    return invitation


@transaction.atomic
def samenwerking_invitation_withdraw(
    *, actor: Actor, invitation: SamenwerkingInvitation
) -> SamenwerkingInvitation:
    """Withdraw an open invitation: by the organisation that made it, or the beheerder."""
    return _close(actor=actor, invitation=invitation, action=Action.WITHDRAW, state=State.WITHDRAWN)


@transaction.atomic
def samenwerking_member_remove(*, actor: Actor, member: RegionaleSamenwerkingMember) -> None:
    """A gemeente leaves a samenwerking (its own member row), or the beheerder removes any
    member. The history keeps who took part until when."""
    RegionaleSamenwerking.objects.select_for_update().get(pk=member.samenwerking_id)
    current = RegionaleSamenwerkingMember.objects.filter(pk=member.pk).first()
    if current is None:
        raise ValidationError(
            _("%(gemeente)s neemt al niet meer deel.") % {"gemeente": member.gemeente}
        )
    if not can(actor, current, Action.REMOVE):
        raise PermissionDenied
    current.delete()
