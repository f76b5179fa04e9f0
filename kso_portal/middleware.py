"""Middleware of the shared kernel."""

import pghistory.middleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from kso_portal.access import Actor
from organisations.selectors import active_membership_get, membership_list

SIGNED_IN_AT_KEY = "kso_signed_in_at"


class AbsoluteSessionTimeoutMiddleware:
    """Ends a session a fixed time after sign-in, however active it was.

    The idle limit comes from SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST; this adds the
    absolute limit (SESSION_ABSOLUTE_TIMEOUT) that a shared office computer needs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        user_id = session.get("_auth_user_id")
        if user_id is not None:
            now = timezone.now().timestamp()
            signed_in_at = session.setdefault(SIGNED_IN_AT_KEY, now)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
                logout(request)
        return self.get_response(request)


# Paths a signed-in user without a second factor may still open: setting one up (allauth under
# /accounts/), signing out, the language switch, the health check, the accessibility statement
# and an invitation link (which shows no data and may be how they came).
MFA_EXEMPT_PREFIXES = (
    "/accounts/",
    "/i18n/",
    "/health/",
    "/toegankelijkheid/",
    "/static/",
    "/uitnodiging/",
)


class RequireMfaMiddleware:
    """With REQUIRE_MFA on (the default), a signed-in user sees no page before setting up a
    second factor; allauth then asks for it at every sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REQUIRE_MFA
            and request.user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not _has_second_factor(request.user)
        ):
            messages.info(
                request,
                _("Stel eerst tweestapsverificatie in; daarna kunt u het portaal gebruiken."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def _actor_for(request) -> Actor:
    user = request.user
    if not user.is_authenticated:
        return Actor(user=user, membership=None)
    memberships = membership_list(user=user)
    membership = active_membership_get(user=user, session=request.session, memberships=memberships)
    return Actor(user=user, membership=membership, memberships=memberships)


class ActorMiddleware:
    """Puts the acting user and their active membership on the request as `request.actor`,
    resolved on first use, for the access policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: _actor_for(request))
        return self.get_response(request)


class HistoryContextMiddleware(pghistory.middleware.HistoryMiddleware):
    """Records with every change made in a request who made it and for which organisation."""

    def get_context(self, request) -> dict:
        context = super().get_context(request)
        membership = request.actor.membership if request.user.is_authenticated else None
        if membership is not None:
            context["organisation"] = membership.organisation.name
            context["membership"] = membership.pk
        return context
