"""The Celery application; its settings live in Django's settings under the CELERY_ prefix."""

import os

from celery import Celery
from kombu.transport import TRANSPORT_ALIASES

# Redis URLs (redis://, rediss://, redis+socket://) use the portal's Redis transport, which
# survives Redis going away during a task (kso_portal/broker.py).
for _scheme in ("redis", "rediss"):
    TRANSPORT_ALIASES[_scheme] = "kso_portal.broker:Transport"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kso_portal.settings.base")

app = Celery("kso_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
