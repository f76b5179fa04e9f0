"""Reads of the organisations app."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from kso_portal.access import Action, Actor, scope

from .models import Gemeente, Invitation, Membership, Organisation, RegionaleSamenwerking
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
    rows = scope(actor, RegionaleSamenwerking)
    if query:
        rows = rows.filter(name__icontains=query)
    if gemeente:
        rows = rows.filter(members__gemeente__code=gemeente)
    return rows.annotate(member_count=Count("members", distinct=True)).prefetch_related(
        Prefetch("gemeenten", queryset=Gemeente.objects.order_by("sort_name"))
    )


def samenwerking_member_list(*, samenwerking: RegionaleSamenwerking) -> list[Gemeente]:
    return list(samenwerking.gemeenten.select_related("province").order_by("sort_name"))


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
