"""The Celery application; its settings live in Django's settings under the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kso_portal.settings.base")

app = Celery("kso_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
