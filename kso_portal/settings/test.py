"""Settings for pytest: the same PostgreSQL and Redis as the portal, fast password hashing."""

import os
import tempfile
from pathlib import Path

from .base import *

DEMO_MODE = False
# Most tests are about other things; tests/kso_portal/test_mfa.py switches it on.
REQUIRE_MFA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploaded documents of a test run go to a folder of their own, never into .data/.
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"kso-test-media-{os.getpid()}"
STORAGES = {
    **STORAGES,
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "documents"), "base_url": None},
    },
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "reports"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Tests use the real Redis cache, so rate limits count as in production. Each test run gets
# keys of its own (two runs at once, or a run straight after another, share no counters), and
# tests/kso_portal/conftest.py deletes this run's keys after each test: clearing the cache would
# flush the whole Redis database, Celery's queue included.
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": f"kso-test-{os.getpid()}"}}

# WhiteNoise looks for STATIC_ROOT when the app starts; a fresh clone has not collected yet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
