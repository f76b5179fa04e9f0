"""Choices of the shared kernel: Dutch labels, English identifiers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    YOUTH_READ = "youth_read", _("Jongere bekeken")
    EXPORT = "export", _("Export met jongeren")
    PDF = "pdf", _("PDF met jongeren")
    SIGN_IN_FAILED = "sign_in_failed", _("Mislukte aanmelding")
    MFA_CHANGE = "mfa_change", _("Tweestapsverificatie gewijzigd")


# Rows per page of the portal's lists.
PAGE_SIZE = 50

# Set in the session when a signed-in user activates an authenticator app with a code from it,
# which proves the second factor as a sign-in would (RequireMfaMiddleware); the session ends
# with the sign-out.
SECOND_FACTOR_PROVEN_KEY = "kso_second_factor_proven"
