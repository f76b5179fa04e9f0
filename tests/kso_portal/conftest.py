import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

from kso_portal.celery import app as celery_app


@pytest.fixture
def celery_worker_process():
    """A real Celery worker on the test broker, stopped after the test."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kso_portal.settings.test"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kso_portal", "worker", "--pool=solo",
         "--loglevel=WARNING", "--hostname", f"test-{os.getpid()}@%h", "--without-mingle",
         "--without-gossip"],
        cwd=settings.BASE_DIR,
        env=env,
    )  # fmt: skip
    # Stopped also when it never answers: a worker left running would answer the next run's
    # "no worker" test.
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(timeout=0.5):
            assert process.poll() is None, "the Celery worker stopped during start-up"
            assert time.monotonic() < deadline, "the Celery worker did not answer within 60 s"
        yield process
    finally:
        process.terminate()
        process.wait(30)
