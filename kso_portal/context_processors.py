"""Template context every page needs: the active membership and the demo flag."""

from django.conf import settings

from kso_portal.navigation import nav_items_for
from organisations.demo_accounts import DEMO_USERS, demo_password


def portal(request) -> dict:
    membership, memberships, nav_items = None, [], []
    user = getattr(request, "user", None)
    actor = getattr(request, "actor", None)
    if actor is not None and user is not None and user.is_authenticated:
        memberships, membership = actor.memberships, actor.membership
        nav_items = nav_items_for(user=user, membership=membership)
    context = {
        "active_membership": membership,
        "memberships": memberships,
        "nav_items": nav_items,
        "demo_mode": settings.DEMO_MODE,
        "require_mfa": settings.REQUIRE_MFA,
    }
    if settings.DEMO_MODE:
        context.update(demo_users=DEMO_USERS, demo_password=demo_password())
    return context
