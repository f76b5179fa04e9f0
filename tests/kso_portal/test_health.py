import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kso_portal.services import job_run_completed
from notifications.models import Notification
from notifications.services import notify
from organisations.constants import OrganisationKind
from reports.models import Report

CORE = ("database", "redis", "worker")


def core(response) -> dict:
    return {name: response.json()[name] for name in CORE}


@pytest.mark.django_db
def test_health_is_ok_with_database_redis_and_a_worker(client, celery_worker_process):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert core(response) == {"database": "ok", "redis": "ok", "worker": "ok"}


@pytest.mark.django_db
def test_health_reports_a_missing_worker_with_503(client):
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert core(response) == {"database": "ok", "redis": "ok", "worker": "down"}


@pytest.mark.django_db
def test_health_reports_redis_down_and_therefore_the_worker(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert core(response) == {"database": "ok", "redis": "down", "worker": "down"}


@pytest.mark.django_db
def test_health_needs_no_sign_in_and_reveals_no_versions(client):
    response = client.get(reverse("health"))
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {
        "database",
        "redis",
        "worker",
        "beat",
        "reminders",
        "email",
        "reports",
        "disk",
    }
    assert "no-cache" in response["Cache-Control"]
    assert "Server" not in response.headers


@pytest.mark.django_db
def test_health_reports_an_unusable_redis_url_as_down_not_as_an_error(client, settings):
    settings.REDIS_URL = "unix:/no-slashes.sock"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["redis"] == "down"


@pytest.mark.django_db
def test_health_says_what_needs_attention(client, make_member):
    body = client.get(reverse("health")).json()
    # Nothing ran yet: beat has not been seen; nothing waits.
    assert body["beat"] == {"status": "late", "last_seen": None}
    assert body["email"] == {"status": "ok", "waiting": 0, "oldest": None}
    assert body["reports"] == {"status": "ok", "stuck": 0}
    assert body["disk"]["status"] == "ok"
    assert body["disk"]["free_mb"] > 0

    job_run_completed(name="beat", on=timezone.localdate())
    job_run_completed(name="reminders", on=timezone.localdate())
    user = make_member(OrganisationKind.GEMEENTE)
    [waiting] = notify(recipients=[user], kind="test", title="t", body="b", url="/")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Notification.objects.filter(pk=waiting.pk).update(created_at=an_hour_ago)
    report = Report.objects.create(
        requested_by=user, membership=user.memberships.get(), kind="overview", title="t"
    )
    Report.objects.filter(pk=report.pk).update(created_at=an_hour_ago)

    body = client.get(reverse("health")).json()
    assert body["beat"]["status"] == "ok"
    assert body["reminders"] == {
        "status": "ok",
        "last_completed_on": timezone.localdate().isoformat(),
    }
    assert (body["email"]["status"], body["email"]["waiting"]) == ("waiting", 1)
    assert body["reports"] == {"status": "stuck", "stuck": 1}


def test_health_answers_503_json_with_a_session_cookie_when_the_database_is_down():
    """A real PostgreSQL that does not answer (nothing listens on the port), and a request
    that carries a session cookie, as a signed-in browser's or a probe's may."""
    script = (
        "import django, json; django.setup(); "
        "from django.test import Client; "
        "client = Client(raise_request_exception=False); "
        "client.cookies['sessionid'] = 'eenwillekeurigesessie'; "
        "response = client.get('/health/'); "
        "print(json.dumps([response.status_code, response['Content-Type'], "
        "response.content.decode()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kso_portal.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/verdwenen",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    status, content_type, body = json.loads(result.stdout.strip().splitlines()[-1])
    # Before: the session was read first, and the answer was a 500 HTML page.
    assert (status, content_type) == (503, "application/json")
    assert json.loads(body)["database"] == "down"


@pytest.mark.django_db
def test_the_beheerder_sees_on_the_dashboard_what_waits(client, make_member):
    from organisations.constants import Role

    user = make_member(OrganisationKind.GEMEENTE)
    [waiting] = notify(recipients=[user], kind="test", title="t", body="b", url="/")
    Notification.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR))
    page = client.get(reverse("dashboard")).content.decode()
    assert "Werking van het portaal" in page
    assert "<dt>E-mails die wachten</dt><dd>1 " in page
    assert "Er vraagt iets aandacht" in page
    client.force_login(user)
    assert "Werking van het portaal" not in client.get(reverse("dashboard")).content.decode()
