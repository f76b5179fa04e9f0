"""`make run`'s runner end to end: it prepares, serves, answers /health/ and stops everything."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

import psutil
import psycopg
import pytest
from django.conf import settings
from psycopg import sql


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _other_redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return f"unix://{parts.path}?db={db}"
    return urlunsplit(parts._replace(path=f"/{db}"))


@pytest.fixture
def scratch_database():
    """A database of its own on the test server, dropped afterwards."""
    db = settings.DATABASES["default"]
    name = f"kso_devrun_{os.getpid()}"
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    host = db["HOST"] or "localhost"
    netloc = f"{db['USER']}@{host.replace('/', '%2F')}" + (f":{db['PORT']}" if db["PORT"] else "")
    yield f"postgres://{netloc}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _kill_the_worker_and_see_it_back(runner, port: int, lines: list[str]) -> bool:
    """SIGKILL the Celery worker's main process; True when the runner started a new one and
    /health/ finds a worker again."""
    [worker] = [
        child
        for child in psutil.Process(runner.pid).children()
        if "worker" in child.cmdline() and "celery" in " ".join(child.cmdline())
    ]
    worker.kill()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and runner.poll() is None:
        again = any("Starting worker again" in line for line in lines)
        if again and _get(f"http://127.0.0.1:{port}/health/") == 200:
            return True
        time.sleep(0.5)
    return False


def test_run_serves_with_worker_and_beat_and_ctrl_c_stops_everything(scratch_database, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kso_portal.settings.base",
        "DATABASE_URL": scratch_database,
        "REDIS_URL": _other_redis_db(settings.REDIS_URL, 2),
        "PORT": str(port),
        "KSO_DATA_DIR": str(tmp_path / "data"),
        "KSO_STATIC_ROOT": str(tmp_path / "static"),
    }
    runner = subprocess.Popen(
        [sys.executable, "-m", "kso_portal.devrun", "run"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(runner.stdout), daemon=True)
    reader.start()
    healthy, children = False, []
    try:
        deadline = time.monotonic() + 120
        while runner.poll() is None and time.monotonic() < deadline:
            # The runner prints its banner once it saw /health/ answer 200 itself.
            if any("Press Ctrl-C" in line for line in lines):
                healthy = _get(f"http://127.0.0.1:{port}/health/") == 200
                break
            time.sleep(0.5)
        if healthy:
            login_status = _get(f"http://127.0.0.1:{port}/accounts/login/")
            children = psutil.Process(runner.pid).children(recursive=True)
            names = " ".join(" ".join(child.cmdline()) for child in children)
            restarted = _kill_the_worker_and_see_it_back(runner, port, lines)
            children = psutil.Process(runner.pid).children(recursive=True)
    finally:
        runner.send_signal(signal.SIGINT)
        runner.wait(timeout=90)
        reader.join(timeout=10)
    output = "".join(lines)
    assert healthy, f"no healthy portal within 120 s:\n{output}"
    assert login_status == 200
    assert "gunicorn" in names
    assert "worker" in names
    assert "beat" in names
    # Before: a killed worker (or beat) took the whole portal down.
    assert restarted, output
    assert "worker stopped (exit code -9); starting it again in 1 s" in output
    assert runner.returncode == 0, output
    assert "gemeente@kso.example" in output  # the demo sign-ins are printed
    assert "SIGINT received" in output
    assert not [child for child in children if _alive(child)]
    assert _get(f"http://127.0.0.1:{port}/health/") == 0
