import subprocess
import sys
from pathlib import Path

import psutil
import pytest
import redis
from django.conf import settings

from kso_portal.devrun import (
    EmbeddedPostgres,
    EmbeddedRedis,
    _playwright_browser_exists,
    _run_step,
    find_chromium,
    lint_steps,
    server_steps,
)
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


def test_embedded_redis_keeps_its_data_across_a_restart(tmp_path):
    server = EmbeddedRedis(tmp_path / "redis")
    url = server.start()
    with redis.Redis.from_url(url) as client:
        # Before: the snapshot rule came as one argument, and Redis saved never.
        assert client.config_get("save") == {"save": "60 1"}
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        client.rpush("celery", "een taak")
    server.stop()
    again = EmbeddedRedis(tmp_path / "redis")
    try:
        with redis.Redis.from_url(again.start()) as client:
            assert client.lrange("celery", 0, -1) == [b"een taak"]
    finally:
        again.stop()


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


def test_system_chromium_is_found_on_the_path(tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium({}) == str(fake)


def test_playwright_without_its_own_browser_reports_none(monkeypatch, tmp_path):
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    assert _playwright_browser_exists() is False


def test_make_test_runs_lint_first_then_migrations_deploy_check_and_pytest():
    env = {"DJANGO_ALLOW_ASYNC_UNSAFE": "true", "DATABASE_URL": "postgres://x/y"}
    titles = [title for title, _, _ in lint_steps(env) + server_steps(env, ["-k", "health"])]
    assert titles == [
        "ruff check",
        "ruff format --check",
        "makemigrations --check",
        "check --deploy (production settings)",
        "pytest with coverage (browser tests included)",
    ]
    _, deploy_command, deploy_env = server_steps(env, [])[1]
    assert deploy_command[-3:] == ["--deploy", "--fail-level", "WARNING"]
    assert deploy_env["DJANGO_SETTINGS_MODULE"] == "kso_portal.settings.production"
    assert len(deploy_env["DJANGO_SECRET_KEY"]) >= 50
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in deploy_env  # the deploy check forbids it
    _, pytest_command, _ = server_steps(env, ["-k", "health"])[2]
    assert pytest_command[-4:] == ["--cov", "--cov-report=term", "-k", "health"]


def test_a_failing_step_stops_make_test_with_its_name():
    with pytest.raises(SystemExit, match="Failed: de stap"):
        _run_step("de stap", [sys.executable, "-c", "raise SystemExit(3)"], {})
