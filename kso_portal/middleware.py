"""Middleware of the shared kernel."""

import logging

import pghistory.middleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from kso_portal.access import Actor
from kso_portal.constants import SECOND_FACTOR_PROVEN_KEY
from kso_portal.redaction import redact_path
from organisations.selectors import active_membership_get, membership_list

logger = logging.getLogger("kso_portal.security")
SIGNED_IN_AT_KEY = "kso_signed_in_at"
HEALTH_PATH = "/health/"


class HealthCheckMiddleware:
    """Answers /health/ first, so that neither a session (read from a database that may be
    down) nor any other middleware stands between a probe and its answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            from kso_portal.views import health

            return health(request)
        return self.get_response(request)


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
# Paths that need no finished sign-in at all: a session that skipped the second step is signed
# out anywhere else, these answer as they are.
ALWAYS_OPEN_PREFIXES = ("/health/", "/static/", "/i18n/", "/toegankelijkheid/")


class RequireMfaMiddleware:
    """With REQUIRE_MFA on (the default), a signed-in user sees no page before setting up a
    second factor, and a user who has one sees no page unless *this session* passed it.

    allauth records each step of a sign-in in the session (`get_authentication_records`); the
    second step is a record with method "mfa", also written when the user proves the app by
    activating it (`security_signals.on_authenticator_added`). A session that has a signed-in
    user with a second factor but no such record came through a door that skipped the second
    step (any view that calls `login()` itself): it is signed out and sent to the one sign-in
    page, which asks for both steps and counts every try against the same rate limits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.REQUIRE_MFA
            or not request.user.is_authenticated
            or request.path.startswith(ALWAYS_OPEN_PREFIXES)
        ):
            return self.get_response(request)
        if _has_second_factor(request.user):
            if not session_passed_second_factor(request):
                return _sign_out_for_second_factor(request)
        elif not request.path.startswith(MFA_EXEMPT_PREFIXES):
            messages.info(
                request,
                _("Stel eerst tweestapsverificatie in; daarna kunt u het portaal gebruiken."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def session_passed_second_factor(request) -> bool:
    """Whether this session's sign-in included the second factor (allauth's record of it), or
    the signed-in user proved a new app with a code in this session."""
    from allauth.account.authentication import get_authentication_records

    if request.session.get(SECOND_FACTOR_PROVEN_KEY) == request.user.pk:
        return True
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _sign_out_for_second_factor(request):
    logger.warning(
        "session without second factor signed out: user_id=%s path=%s",
        request.user.pk,
        redact_path(request.path),
    )
    logout(request)
    messages.info(
        request,
        _("Meld u opnieuw aan met uw wachtwoord en de code uit uw authenticator-app."),
    )
    return redirect_to_login(request.get_full_path(), reverse("account_login"))


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
