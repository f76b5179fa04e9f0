"""Reads of the organisations app."""

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kso_portal.access import Action, Actor, scope

from .constants import SamenwerkingInvitationState
from .models import (
    Gemeente,
    Invitation,
    Membership,
    Organisation,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
    SamenwerkingInvitation,
)
from .rules import InvitationState, invitation_state, token_digest

ACTIVE_MEMBERSHIP_SESSION_KEY = "kso_membership_id"
# Unused invitations shown on an organisation's page (older ones are in its history).
INVITATION_LIST_LIMIT = 50


def membership_list(*, user) -> list[Membership]:
    """The user's active memberships in active organisations, for the organisation switch."""
    return list(
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation__gemeente__province")
        .order_by("organisation__name", "pk")
    )


def active_membership_get(
    *, user, session, memberships: list[Membership] | None = None
) -> Membership | None:
    """The membership the user acts in now: the one chosen in the session, else the oldest.

    Pass `memberships` (from membership_list) when the caller already has them.
    """
    if memberships is None:
        memberships = membership_list(user=user)
    chosen = session.get(ACTIVE_MEMBERSHIP_SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    # Without a choice: the membership the person has had longest, usually their own employer.
    return min(memberships, key=lambda m: m.pk) if memberships else None


def organisation_list(*, actor: Actor, query: str = "", kind: str = "") -> QuerySet:
    """The organisations whose members `actor` manages, with their number of active members."""
    rows = scope(actor, Organisation, Action.MANAGE_MEMBERS)
    if query:
        rows = rows.filter(name__icontains=query)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.select_related("gemeente").annotate(
        active_members=Count("memberships", filter=Q(memberships__is_active=True))
    )


def organisation_member_list(*, actor: Actor, organisation: Organisation) -> list[Membership]:
    """The members of `organisation` that `actor` sees, active ones first, each marked with
    whether `actor` may change them."""
    changeable = set(
        scope(actor, Membership, Action.CHANGE)
        .filter(organisation=organisation)
        .values_list("pk", flat=True)
    )
    members = list(
        scope(actor, Membership)
        .filter(organisation=organisation)
        .select_related("user")
        .prefetch_related("nidos_regions")
        .order_by("-is_active", "user__email")
    )
    for member in members:
        member.can_change = member.pk in changeable
    return members


def invitation_list(*, actor: Actor, organisation: Organisation) -> list[Invitation]:
    """The invitations of `organisation` not yet used, newest first, each with its state."""
    now = timezone.now()
    invitations = list(
        scope(actor, Invitation)
        .filter(organisation=organisation, accepted_at=None)
        .select_related("invited_by")
        .prefetch_related("nidos_regions")
        .order_by("-created_at")[:INVITATION_LIST_LIMIT]
    )
    for invitation in invitations:
        invitation.state = invitation_state(
            expires_at=invitation.expires_at,
            accepted_at=invitation.accepted_at,
            revoked_at=invitation.revoked_at,
            now=now,
        )
        invitation.is_open = invitation.state == InvitationState.OPEN
    return invitations


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The invitation a link points to. The secret in the link is the only authority here:
    the person following it has no account or membership yet."""
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=token_digest(token))
        .first()
    )


def samenwerking_list(*, actor: Actor, query: str = "", gemeente: str = "") -> QuerySet:
    """The samenwerkingen `actor` sees, with their members (accepted only: an invited gemeente
    counts from its acceptance) and the number of open invitations."""
    rows = scope(actor, RegionaleSamenwerking)
    if query:
        rows = rows.filter(name__icontains=query)
    if gemeente:
        rows = rows.filter(members__gemeente__code=gemeente)
    open_invitations = SamenwerkingInvitation.objects.filter(
        samenwerking=OuterRef("pk"), state=SamenwerkingInvitationState.OPEN
    )
    return rows.annotate(
        member_count=Count("members", distinct=True),
        open_invitation_count=Coalesce(
            Subquery(open_invitations.values("samenwerking").annotate(n=Count("pk")).values("n")),
            0,
        ),
    ).prefetch_related(Prefetch("gemeenten", queryset=Gemeente.objects.order_by("sort_name")))


def samenwerking_invitations_received(*, actor: Actor) -> list[SamenwerkingInvitation]:
    """The open invitations addressed to the actor's own gemeente (none for other kinds)."""
    gemeente_id = actor.organisation.gemeente_id if actor.membership else None
    if gemeente_id is None:
        return []
    return list(
        scope(actor, SamenwerkingInvitation)
        .filter(gemeente=gemeente_id, state=SamenwerkingInvitationState.OPEN)
        .select_related("samenwerking", "invited_by_organisation")
        .order_by("created_at", "pk")
    )


def samenwerking_member_list(
    *, actor: Actor, samenwerking: RegionaleSamenwerking
) -> list[RegionaleSamenwerkingMember]:
    """The members of `samenwerking`, each marked with whether it is the actor's own gemeente
    and whether `actor` may remove it (its own gemeente leaving, or the beheerder)."""
    own = actor.organisation.gemeente_id if actor.membership else None
    removable = set(
        scope(actor, RegionaleSamenwerkingMember, Action.REMOVE)
        .filter(samenwerking=samenwerking)
        .values_list("pk", flat=True)
    )
    members = list(
        samenwerking.members.select_related("gemeente__province").order_by("gemeente__sort_name")
    )
    for member in members:
        member.is_own = own is not None and member.gemeente_id == own
        member.can_remove = member.pk in removable
    return members


def samenwerking_invitation_list(
    *, actor: Actor, samenwerking: RegionaleSamenwerking
) -> list[SamenwerkingInvitation]:
    """The open invitations of `samenwerking`, each marked with whether `actor` may withdraw
    it."""
    withdrawable = set(
        scope(actor, SamenwerkingInvitation, Action.WITHDRAW)
        .filter(samenwerking=samenwerking)
        .values_list("pk", flat=True)
    )
    invitations = list(
        samenwerking.invitations.filter(state=SamenwerkingInvitationState.OPEN)
        .select_related("gemeente__province", "invited_by_organisation")
        .order_by("gemeente__sort_name")
    )
    for invitation in invitations:
        invitation.can_withdraw = invitation.pk in withdrawable
    return invitations


def samenwerking_invitable(*, actor: Actor, samenwerking: RegionaleSamenwerking | None = None):
    """The gemeenten one may invite: current ones, less those already in or invited (and the
    actor's own gemeente, which a new samenwerking of its making has as a member)."""
    rows = Gemeente.objects.filter(valid_until=None).select_related("province")
    if samenwerking is None:
        own = actor.organisation.gemeente_id if actor.membership else None
        return rows.exclude(pk=own) if own else rows
    return rows.exclude(pk__in=samenwerking.members.values("gemeente")).exclude(
        pk__in=samenwerking.invitations.filter(state=SamenwerkingInvitationState.OPEN).values(
            "gemeente"
        )
    )


def invitation_current_state(*, invitation: Invitation) -> InvitationState:
    return invitation_state(
        expires_at=invitation.expires_at,
        accepted_at=invitation.accepted_at,
        revoked_at=invitation.revoked_at,
        now=timezone.now(),
    )


def active_account_for(*, email: str):
    """The active account with this e-mail address, if there is one."""
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()
