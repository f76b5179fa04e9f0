"""Middleware of the shared kernel."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

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
# /accounts/), signing out, the language switch, the health check and the accessibility statement.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/health/", "/toegankelijkheid/", "/static/")


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
