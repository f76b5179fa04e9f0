"""django-allauth adapter: accounts come by invitation only, so public sign-up is closed; and
only a wrong password counts against the sign-in limits."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import DatabaseError


class NoSignupAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def authenticate(self, request, **credentials):
        """allauth counts a try against the limits before checking the password and takes it
        back when the password was right; a try that fails because the database cannot be
        asked is not a wrong password: taken back as well, or an outage locked out everyone
        who tried to sign in during it."""
        try:
            return super().authenticate(request, **credentials)
        except DatabaseError:
            self._rollback_login_failed_rl_usage()
            raise
