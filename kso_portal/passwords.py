"""Password rules with Dutch messages.

Django's Dutch catalogue lacks the minimum-length messages of Django 6 (they show in English),
so the portal gives its own; the rule itself is Django's.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("Dit wachtwoord is te kort: het moet ten minste %(min_length)d tekens hebben.") % {
            "min_length": self.min_length
        }

    def get_help_text(self) -> str:
        return _("Uw wachtwoord moet ten minste %(min_length)d tekens hebben.") % {
            "min_length": self.min_length
        }
