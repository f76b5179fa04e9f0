import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import TEST_PASSWORD


def test_dashboard_asks_for_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/"


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only(client, gemeente_user):
    client.get(reverse("account_login"))
    response = client.post(
        reverse("account_login"), {"login": gemeente_user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
    assert client.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_session_ends_after_idle_time(client, gemeente_user):
    client.force_login(gemeente_user)
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_session_ends_at_the_absolute_limit_however_active(client, gemeente_user):
    client.force_login(gemeente_user)
    start = timezone.now()
    assert client.get(reverse("dashboard")).status_code == 200
    step = timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    moment = start
    while moment - start < settings.SESSION_ABSOLUTE_TIMEOUT - step:
        moment += step
        with time_machine.travel(moment):
            assert client.get(reverse("dashboard")).status_code == 200
    with time_machine.travel(start + settings.SESSION_ABSOLUTE_TIMEOUT + timedelta(minutes=1)):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_public_sign_up_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "Registratie gesloten" in response.content.decode()
    assert 'name="password1"' not in response.content.decode()


def _production_check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="kso_portal.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _production_check({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY ontbreekt" in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = _production_check(
        {
            "DJANGO_SECRET_KEY": "k" * 20 + "-throwaway-value-for-the-deploy-check-9x7",
            "DJANGO_ALLOWED_HOSTS": "kso.example",
        }
    )
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
