import subprocess
from pathlib import Path

import psutil
import redis
from django.conf import settings

from kso_portal.devrun import EmbeddedPostgres, EmbeddedRedis, find_chromium
from kso_portal.redis_urls import celery_broker_url

FIND_PYTHON = Path(settings.BASE_DIR) / "scripts" / "find-python"


def test_embedded_redis_starts_on_a_socket_and_stops(tmp_path):
    server = EmbeddedRedis(tmp_path / "redis")
    url = server.start()
    assert url == f"unix://{tmp_path}/redis/redis.sock?db=0"
    with redis.Redis.from_url(url) as client:
        client.set("kso", "ja")
        assert client.get("kso") == b"ja"
    again = EmbeddedRedis(tmp_path / "redis")
    assert again.start() == url  # a second runner reuses the running server ...
    again.stop()  # ... and leaves it alone
    with redis.Redis.from_url(url) as client:
        assert client.ping()
    server.stop()
    assert server.process.poll() is not None


def _has_ended(process: psutil.Process) -> bool:
    # The postmaster is not our child; until init reaps it, it may linger as a zombie.
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_embedded_postgres_initialises_creates_the_database_and_stops(tmp_path):
    import psycopg

    pgdata = tmp_path / "postgres"
    server = EmbeddedPostgres(pgdata)
    url = server.start()
    assert url.startswith("postgres://postgres@")
    assert url.endswith("/kso")
    socket_dir = server.server.get_postmaster_info().socket_dir
    with psycopg.connect(host=str(socket_dir), user="postgres", dbname="kso") as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("kso",)
    postmaster = psutil.Process(server.server.get_pid())
    server.stop()
    assert _has_ended(postmaster)
    assert (pgdata / "PG_VERSION").exists()  # the data stays for the next start


def test_redis_url_of_a_socket_becomes_a_celery_socket_url():
    assert (
        celery_broker_url("unix:///d/redis.sock?db=3")
        == "redis+socket:///d/redis.sock?virtual_host=3"
    )
    assert celery_broker_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_chromium_path_from_the_environment_wins():
    assert find_chromium({"CHROMIUM_PATH": "/opt/chromium"}) == "/opt/chromium"


def test_find_python_prefers_a_working_python_3_12():
    result = subprocess.run([FIND_PYTHON], capture_output=True, text=True, check=True)
    found = result.stdout.strip()
    version = subprocess.run(
        [found, "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert version.stdout.strip() == "True"


def test_find_python_says_what_to_install_when_none_exists(tmp_path):
    env = {"PATH": "/nonexistent", "HOME": str(tmp_path), "PYTHON": "/nonexistent/python"}
    result = subprocess.run(
        ["/bin/sh", FIND_PYTHON], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 1
    assert "install python3.12" in result.stderr
    assert result.stderr.count("\n") == 1
