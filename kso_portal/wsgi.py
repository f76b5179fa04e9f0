"""WSGI entry point used by gunicorn, in the Docker image and in `make run` alike."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kso_portal.settings.base")
# A web request's statement may take at most this long (settings: DATABASES); the worker and
# the commands, whose jobs and migrations may rightly take longer, do not load this module.
os.environ.setdefault("KSO_DB_STATEMENT_TIMEOUT_MS", "15000")

application = get_wsgi_application()

# Python's cycle collector looks at young objects every 700 allocations and, now and then, at
# every object of the process; a page allocates a few hundred thousand. What start-up loaded
# (Django, the apps, their modules) lives as long as the process: frozen, the collector skips
# it, and it runs less often (issue 9: collections made up to a fifth of a list page's time).
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 20, 20)
