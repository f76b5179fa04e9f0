"""Tasks for the fault tests only (tests/kso_portal/test_broker_faults.py): a worker started
by a test loads them with `--include`. Not part of the portal."""

import time
from pathlib import Path

from kso_portal.celery import app


@app.task(name="faults.slow_append", acks_late=True)
def slow_append(seconds: float, path: str, line: str) -> None:
    time.sleep(seconds)
    with Path(path).open("a") as handle:
        handle.write(line + "\n")
