"""Settings for a real deployment behind a TLS-terminating proxy (see docker-compose.yml)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *

if not os.environ.get("DJANGO_SECRET_KEY"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY ontbreekt: zet een lange willekeurige waarde in de omgeving."
    )
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
DEMO_MODE = False
REQUIRE_MFA = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Production always sends real mail over SMTP (EMAIL_HOST, default a relay on the same host).
MAILERS = {"default": smtp_mailer()}
