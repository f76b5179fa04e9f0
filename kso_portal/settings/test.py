"""Settings for pytest: the same PostgreSQL and Redis as the portal, fast password hashing."""

from .base import *

DEMO_MODE = False
# Most tests are about other things; tests/kso_portal/test_mfa.py switches it on.
REQUIRE_MFA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# WhiteNoise looks for STATIC_ROOT when the app starts; a fresh clone has not collected yet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
