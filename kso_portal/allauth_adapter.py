"""django-allauth adapter: accounts come by invitation only, so public sign-up is closed."""

from allauth.account.adapter import DefaultAccountAdapter


class NoSignupAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False
