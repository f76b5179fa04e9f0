"""Reads of the organisations app."""

from .models import Membership

ACTIVE_MEMBERSHIP_SESSION_KEY = "kso_membership_id"


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
    """The membership the user acts in now: the one chosen in the session, else the first.

    Pass `memberships` (from membership_list) when the caller already has them.
    """
    if memberships is None:
        memberships = membership_list(user=user)
    chosen = session.get(ACTIVE_MEMBERSHIP_SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None
