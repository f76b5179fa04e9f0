"""The performance benchmark of issue 9, in one run (`make bench`).

1. A database of its own (`kso_bench` on the PostgreSQL of DATABASE_URL, or on the embedded
   one), migrated and filled by `manage.py seed_scale` once; later runs reuse it (`--reseed`
   fills it again).
2. The portal as it runs in production: gunicorn with the Docker image's options and the
   production settings (DEBUG off), plus KSO_BENCHMARK so that each measured request logs its
   server time and query count (kso_portal/benchmark.py).
3. Signed in as the gemeente of the largest gemeente, the landelijke Nidos user and the largest
   contractpartner, each page is requested WARMUP + REQUESTS times: median and 95th percentile
   of the server time, the queries, and the ratio to the floor (a minimal signed-in page). Then
   FRESH times right after a change of data, when its figures are computed afresh
   (kso_portal/derived.py): their median is reported beside it (the most queries of either
   kind count against the budget).
4. In this process: the daily reminder job over all youths and requests (rolled back, so that
   every run measures a full first run) and the largest gemeente's Stand van zaken PDF.
5. A table on the terminal and the figures as JSON (bench/results/latest.json).

Budgets (issue 9): every page within 3x the floor's median and at most 15 queries, the reminder
job under 10 s, the PDF under 2 s. The exit code is 1 when a budget is missed.
"""

import argparse
import contextlib
import http.client
import io
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kso_portal.devrun import _terminate, services  # noqa: E402 - after the path is set

PORT = int(os.environ.get("KSO_BENCH_PORT", "8765"))
DATABASE_NAME = "kso_bench"
BUDGET_RATIO, BUDGET_QUERIES = 3.0, 15
BUDGET_REMINDERS_S, BUDGET_PDF_S = 10.0, 2.0


def _database_url(url: str) -> str:
    """The same server, the benchmark's own database (created when missing)."""
    import psycopg

    base, _, _ = url.rpartition("/")
    admin = base + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return f"{base}/{DATABASE_NAME}"


def _setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kso_portal.settings.base"
    import django

    django.setup()


def _prepare(reseed: bool, fraction: float) -> None:
    from django.core.management import call_command

    from kso_portal.scale import ScaleOptions
    from kso_portal.scale.reset import domain_counts

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference_data", verbosity=0)
    if reseed or not any(domain_counts().values()):
        defaults = ScaleOptions()
        sizes = {
            name: max(1, round(getattr(defaults, name) * fraction))
            for name in ("locations", "youths", "housing_requests", "notifications")
        }
        call_command("seed_scale", reset=True, **sizes)
    else:
        print("[bench] Reusing the data set of an earlier seed_scale (--reseed to renew it).")


# --- Who signs in, and what they open ----------------------------------------------------------


def _users() -> dict[str, object]:
    """The three users of seed_scale's benchmark sign-ins, each with a second factor (production
    asks for one) and a session made as a sign-in makes it."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from kso_portal.scale.accounts import email
    from organisations.models import Organisation

    users = get_user_model().objects
    partner = (
        Organisation.objects.filter(kind="contractpartner")
        .annotate(locations=Count("assigned_locations"))
        .order_by("-locations", "pk")
        .first()
    )
    chosen = {
        "gemeente": users.get(email=email("gemeente")),
        "nidos": users.get(email=email("nidos")),
        "contractpartner": partner.memberships.order_by("pk").first().user,
    }
    for user in chosen.values():
        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "benchmark"}}
        )
    return chosen


def _session(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _pages(role: str, user) -> list[tuple[str, str]]:
    """(name, path) of the pages issue 9 names, those the role has."""
    from django.utils import timezone

    from kso_portal.access import Actor, scope
    from locations.models import Location
    from taakstelling.rules import period_code, period_of

    actor = Actor(user=user, membership=user.memberships.order_by("pk").first())
    location = scope(actor, Location).filter(stage="in_gebruik").order_by("pk").first()
    period = period_code(*period_of(timezone.localdate()))
    largest = _largest_gemeente()
    pages = [
        ("floor", "/benchmark/vloer/"),
        ("dashboard", "/"),
        ("/locaties/", "/locaties/"),
        ("location page", f"/locaties/{location.pk}/"),
        ("/jongeren/", "/jongeren/"),
        ("/vervolghuisvesting/", "/vervolghuisvesting/"),
    ]
    if role != "contractpartner":
        pages += [
            ("/taakstelling/<period>/", f"/taakstelling/{period}/"),
            ("gemeente taakstelling", f"/taakstelling/{period}/{largest.code}/"),
        ]
    pages += [("/meldingen/", "/meldingen/"), ("CSV /locaties/", "/locaties/export.csv")]
    return pages


def _largest_gemeente():
    from organisations.models import Gemeente

    return Gemeente.objects.filter(valid_until=None).order_by("-inhabitants", "code").first()


# --- The server ----------------------------------------------------------------------------------


def _start_server(env: dict[str, str], log: Path) -> subprocess.Popen:
    """gunicorn as the Docker image runs it (kso_portal.wsgi, 3 workers, 4 threads), with the
    production settings and the benchmark's request log."""
    server_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "kso_portal.settings.production",
        "KSO_BENCHMARK": "1",
        "KSO_BENCHMARK_LOG": str(log),
        "KSO_LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=server_env, check=True,
    )  # fmt: skip
    command = [
        sys.executable, "-m", "gunicorn", "kso_portal.wsgi", "--bind", f"127.0.0.1:{PORT}",
        "--workers", "3", "--threads", "4", "--no-control-socket",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=server_env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if _get("/health/", "", "")[0] in (200, 503):
                return server
        if server.poll() is not None:
            raise SystemExit("[bench] gunicorn stopped during start-up; see above.")
        time.sleep(0.3)
    _terminate(server)
    raise SystemExit("[bench] The server did not answer within 60 s.")


def _get(path: str, session: str, bench_id: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    if bench_id:
        headers["X-Bench-Id"] = bench_id
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- Measuring -----------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _warm_up(sessions: dict, pages: dict, rounds: int) -> None:
    """Every page of every role `rounds` times, unmeasured: each gunicorn worker process loads
    its templates, translations and connections before anything counts."""
    for role, session in sessions.items():
        for _name, path in pages[role]:
            for _round in range(rounds):
                _get(path, session, "")


def _new_data_version() -> None:
    """A writing statement that changes no row: the data version of the cached figures moves
    on (kso_portal/derived.py), so the next request computes them afresh, as after any change."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE taakstelling_period SET year = year WHERE false")


def _measure(role: str, session: str, pages, log: Path, requests: int, fresh: int) -> list[dict]:
    """Each page `requests` times as it is read (its figures kept from the first request), and
    `fresh` times right after a change of data (its figures computed afresh); the server's own
    lines in the log give the time and the queries."""
    run = uuid.uuid4().hex[:8]
    # Round after round of every page, the floor included: a machine that slows down for a
    # while (a shared host) slows the floor and the pages alike, and their ratio holds.
    for number in range(requests):
        for name, path in pages:
            status, _ = _get(path, session, f"{run}|{role}|{name}|kept|{number}")
            if status != 200:
                raise SystemExit(f"[bench] {role} {path}: status {status}")
    for number in range(fresh):
        for name, path in pages:
            _new_data_version()
            _get(path, session, f"{run}|{role}|{name}|fresh|{number}")
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    results = []
    for name, path in pages:
        kept = [line for line in lines if line["id"].startswith(f"{run}|{role}|{name}|kept|")]
        afresh = [line for line in lines if line["id"].startswith(f"{run}|{role}|{name}|fresh|")]
        times = [line["ms"] for line in kept]
        results.append(
            {
                "role": role,
                "page": name,
                "path": path,
                "median_ms": statistics.median(times),
                "p95_ms": _percentile(times, 0.95),
                "queries": max(line["queries"] for line in kept + afresh),
                "requests": len(kept),
                "fresh_median_ms": statistics.median([line["ms"] for line in afresh]),
                "fresh_queries": max(line["queries"] for line in afresh),
            }
        )
    return results


def _time_reminder_job() -> dict:
    """The daily job as the beat starts it, on the whole data set, then rolled back: every run
    of the benchmark measures a first run of the day, and no e-mail is queued."""
    from django.db import connection, transaction

    from vervolghuisvesting.reminders import reminders_run

    class Rollback(Exception):
        pass

    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with contextlib.suppress(Rollback), transaction.atomic(), connection.execute_wrapper(count):
        sent = reminders_run()
        seconds = time.perf_counter() - started
        raise Rollback
    return {"seconds": seconds, "reminders": sent, "queries": counter["queries"]}


def _time_pdf(user, repeats: int = 3) -> dict:
    """The Stand van zaken of the largest gemeente, as its gemeente user makes it: once to warm
    up (WeasyPrint's import, paid once per worker process), then the median of `repeats`."""
    from django.utils import timezone

    from kso_portal.access import Actor
    from reports import services
    from reports.constants import ReportKind
    from taakstelling.rules import period_code, period_of

    actor = Actor(user=user, membership=user.memberships.order_by("pk").first())
    parameters = {
        "gemeente": _largest_gemeente().code,
        "period": period_code(*period_of(timezone.localdate())),
    }
    kind = ReportKind.STAND_VAN_ZAKEN
    times = []
    for number in range(repeats + 1):
        started = time.perf_counter()
        subject = services.resolve(actor=actor, kind=kind, parameters=parameters)
        rendered = services.report_render(actor=actor, kind=kind, subject=subject)
        if number:
            times.append(time.perf_counter() - started)
    from pypdf import PdfReader
    from weasyprint.text.ffi import harfbuzz_subset

    pages = len(PdfReader(io.BytesIO(rendered.content)).pages)
    return {
        "seconds": statistics.median(times),
        "pages": pages,
        "gemeente": parameters["gemeente"],
        # The Docker image has libharfbuzz-subset0; without it WeasyPrint subsets the fonts with
        # fontTools, which took a third of the time.
        "font_subsetting": "fontTools" if harfbuzz_subset is None else "HarfBuzz",
    }


# --- Report --------------------------------------------------------------------------------------


def _judge(pages: list[dict], reminders: dict, pdf: dict) -> list[str]:
    """The budgets missed, in words (none: every budget holds)."""
    missed = []
    floors = {row["role"]: row["median_ms"] for row in pages if row["page"] == "floor"}
    for row in pages:
        row["ratio"] = row["median_ms"] / floors[row["role"]]
        if row["page"] == "floor":
            continue
        if row["ratio"] > BUDGET_RATIO:
            missed.append(f"{row['role']} {row['page']}: {row['ratio']:.1f}x the floor")
        if row["queries"] > BUDGET_QUERIES:
            missed.append(f"{row['role']} {row['page']}: {row['queries']} queries")
    if reminders["seconds"] > BUDGET_REMINDERS_S:
        missed.append(f"reminder job: {reminders['seconds']:.1f} s")
    if pdf["seconds"] > BUDGET_PDF_S:
        missed.append(f"PDF of the largest gemeente: {pdf['seconds']:.2f} s")
    return missed


def _table(pages: list[dict], reminders: dict, pdf: dict) -> str:
    lines = [
        f"{'role':<16}{'page':<26}{'median ms':>10}{'p95 ms':>9}{'x floor':>9}{'queries':>9}"
        f"{'afresh ms':>11}",
        "-" * 90,
    ]
    for row in pages:
        lines.append(
            f"{row['role']:<16}{row['page']:<26}{row['median_ms']:>10.1f}{row['p95_ms']:>9.1f}"
            f"{row['ratio']:>9.2f}{row['queries']:>9}{row['fresh_median_ms']:>11.1f}"
        )
    lines += [
        "-" * 90,
        f"reminder job: {reminders['seconds']:.2f} s, {reminders['reminders']} reminders, "
        f"{reminders['queries']} queries (budget {BUDGET_REMINDERS_S:.0f} s)",
        f"Stand van zaken PDF of {pdf['gemeente']}: {pdf['seconds']:.2f} s, {pdf['pages']} pages, "
        f"fonts subset by {pdf['font_subsetting']} (budget {BUDGET_PDF_S:.0f} s)",
    ]
    return "\n".join(lines)


def _machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def _data_size() -> dict:
    from locations.models import Location
    from notifications.models import Notification
    from vervolghuisvesting.models import HousingRequest, Placement, Youth

    return {
        "locations": Location.objects.count(),
        "youths": Youth.objects.count(),
        "placements": Placement.objects.count(),
        "housing_requests": HousingRequest.objects.count(),
        "notifications": Notification.objects.count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=4, help="unmeasured rounds of every page")
    parser.add_argument(
        "--fresh",
        type=int,
        default=5,
        help="requests of every page right after a change of data (figures computed afresh)",
    )
    parser.add_argument("--reseed", action="store_true", help="fill the database again")
    parser.add_argument(
        "--fraction",
        type=float,
        default=1.0,
        help="seed this share of the national numbers (a quick try of the benchmark itself)",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "latest.json"))
    args = parser.parse_args(argv)
    env = os.environ.copy()
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    with services(env) as env:
        env["DATABASE_URL"] = _database_url(env["DATABASE_URL"])
        _setup_django(env)
        _prepare(args.reseed, args.fraction)
        users = _users()
        log = ROOT / ".data" / "bench-requests.log"
        log.parent.mkdir(exist_ok=True)
        log.write_text("")
        server = _start_server(env, log)
        try:
            sessions = {role: _session(user) for role, user in users.items()}
            paths = {role: _pages(role, user) for role, user in users.items()}
            _warm_up(sessions, paths, args.warmup)
            pages = []
            for role, user in users.items():
                print(f"[bench] Measuring as {role} ({user.email})", flush=True)
                pages += _measure(role, sessions[role], paths[role], log, args.requests, args.fresh)
        finally:
            _terminate(server)
        print("[bench] Timing the reminder job and the PDF", flush=True)
        reminders = _time_reminder_job()
        pdf = _time_pdf(users["gemeente"])
        # Read while the database still runs (the embedded one stops with `services`).
        data = _data_size()
    missed = _judge(pages, reminders, pdf)
    print(_table(pages, reminders, pdf))
    result = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": _machine(),
        "data": data,
        "budgets": {
            "ratio_to_floor": BUDGET_RATIO,
            "queries": BUDGET_QUERIES,
            "reminder_job_seconds": BUDGET_REMINDERS_S,
            "pdf_seconds": BUDGET_PDF_S,
        },
        "pages": pages,
        "reminder_job": reminders,
        "pdf": pdf,
        "missed": missed,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"[bench] Figures written to {output}")
    print("[bench] Every budget holds." if not missed else "[bench] Missed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
