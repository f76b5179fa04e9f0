"""Middleware of the shared kernel."""

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

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
