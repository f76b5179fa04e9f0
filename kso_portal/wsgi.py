"""WSGI entry point used by gunicorn, in the Docker image and in `make run` alike."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kso_portal.settings.base")

application = get_wsgi_application()
