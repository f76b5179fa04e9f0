"""Security events written to the "kso_portal.security" log: failed sign-ins and every change to
a user's second factor. Connected in `KsoPortalConfig.ready()`.

Each receiver is one small function so that an audit row can be added next to the log line.
The attempted e-mail address comes from the person signing in, so it is logged with %r: a line
break in it cannot forge a log line. A password is never logged.
"""

import logging

from .constants import SECOND_FACTOR_PROVEN_KEY, AccessKind
from .services import client_ip as _client_ip
from .services import security_event_record

logger = logging.getLogger("kso_portal.security")

# What the access log says of each change, in Dutch for the beheerder who reads it.
MFA_EVENTS = {
    "second factor added": "Tweede factor ingesteld",
    "second factor removed": "Tweede factor uitgeschakeld",
    "recovery codes regenerated": "Nieuwe herstelcodes gemaakt",
}
# The authenticators that are a second factor (recovery codes only come with one).
SECOND_FACTOR_TYPES = {"totp", "webauthn"}
# Longer than any real address; keeps one request from writing a huge log line.
MAX_LOGGED_LOGIN_LENGTH = 254


def client_ip(request) -> str:
    return _client_ip(request) or "-"


def on_login_failed(sender, credentials, request, **kwargs) -> None:
    """Django's `user_login_failed`: the credentials arrive with the password masked, and only
    the login name is taken from them."""
    login = str(credentials.get("email") or credentials.get("username") or "")
    login = login[:MAX_LOGGED_LOGIN_LENGTH]
    logger.warning("sign-in failed: login=%r ip=%s", login, client_ip(request))
    security_event_record(
        kind=AccessKind.SIGN_IN_FAILED, request=request, email=login, what="Aanmelden mislukt"
    )


def _log_authenticator(event: str, request, user, authenticator) -> None:
    logger.info(
        "%s: user_id=%s type=%s ip=%s", event, user.pk, authenticator.type, client_ip(request)
    )
    security_event_record(
        kind=AccessKind.MFA_CHANGE,
        request=request,
        email=user.email,
        user=user,
        what=f"{MFA_EVENTS.get(event, event)} ({authenticator.type})",
    )


def on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    """A TOTP app (or the recovery codes that come with it) was set up. Setting up an app takes
    a code from it, so this session has passed the second factor (RequireMfaMiddleware)."""
    _log_authenticator("second factor added", request, user, authenticator)
    signed_in = getattr(request, "user", None)
    if authenticator.type in SECOND_FACTOR_TYPES and getattr(signed_in, "pk", None) == user.pk:
        request.session[SECOND_FACTOR_PROVEN_KEY] = user.pk


def on_authenticator_removed(sender, request, user, authenticator, **kwargs) -> None:
    """A second factor was switched off (its recovery codes go with it)."""
    _log_authenticator("second factor removed", request, user, authenticator)


def on_authenticator_reset(sender, request, user, authenticator, **kwargs) -> None:
    """New recovery codes were generated; the old ones no longer work."""
    _log_authenticator("recovery codes regenerated", request, user, authenticator)


def on_mfa_authentication_failed(sender, request, user, authenticator, **kwargs) -> None:
    """A wrong second-factor code: the password was right, so this may be an attacker."""
    security_event_record(
        kind=AccessKind.SIGN_IN_FAILED,
        request=request,
        email=user.email,
        user=user,
        what=f"Verkeerde code voor tweestapsverificatie ({authenticator.type})",
    )
    logger.warning(
        "second factor code refused: user_id=%s type=%s reauthentication=%s ip=%s",
        user.pk,
        authenticator.type,
        bool(kwargs.get("reauthentication")),
        client_ip(request),
    )
