"""Time limits and sign-in during an outage (issue 28): a web request's statement has a time
limit and the worker's has none, and a sign-in that fails because the database is down does
not count as a wrong password."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import TEST_PASSWORD


def _django(script: str, **env: str) -> str:
    """Run `script` in a Django process of its own (test settings, the env given)."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kso_portal.settings.test", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


SHOW_TIMEOUT = (
    "from django.db import connection; cursor = connection.cursor(); "
    "cursor.execute('SHOW statement_timeout'); print(cursor.fetchone()[0])"
)


def test_a_web_request_has_a_statement_timeout_and_the_worker_none():
    env = {key: value for key, value in os.environ.items() if key != "KSO_DB_STATEMENT_TIMEOUT_MS"}
    # gunicorn loads kso_portal.wsgi, which sets the web limit before the settings load.
    web = subprocess.run(
        [sys.executable, "-c", "import kso_portal.wsgi; " + SHOW_TIMEOUT],
        env={**env, "DJANGO_SETTINGS_MODULE": "kso_portal.settings.test"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()[-1]
    # Before: "0", and a runaway statement held a web thread and a connection for ever.
    assert web == "15s"
    assert _django(SHOW_TIMEOUT, KSO_DB_STATEMENT_TIMEOUT_MS="0") == "0"


@pytest.mark.django_db
def test_sign_ins_during_a_database_outage_do_not_lock_the_account(client, gemeente_user):
    # Another portal process whose PostgreSQL does not answer, sharing this run's Redis cache
    # (where allauth counts the tries): six sign-ins with the right password fail there.
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    script = (
        "from django.conf import settings; "
        f"settings.CACHES['default']['KEY_PREFIX'] = {prefix!r}; "
        "settings.ALLOWED_HOSTS = ['testserver']; "
        "from django.test import Client; "
        "client = Client(raise_request_exception=False); "
        "codes = [client.post('/accounts/login/', "
        f"{{'login': {gemeente_user.email!r}, 'password': {TEST_PASSWORD!r}}}).status_code "
        "for _ in range(6)]; "
        "import json; print(json.dumps(codes))"
    )
    codes = json.loads(_django(script, DATABASE_URL="postgres://postgres@127.0.0.1:9/verdwenen"))
    assert codes == [500] * 6
    # The database is back: the right password signs in. Before: "Te veel inlogpogingen", for
    # 15 minutes, for everyone who had tried during the outage.
    response = client.post(
        reverse("account_login"), {"login": gemeente_user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_sign_in_limits_fit_an_office_behind_one_address():
    limits = settings.ACCOUNT_RATE_LIMITS
    # allauth's default of 30 sign-ins a minute per address locked out an office at 9:00.
    assert limits["login"] == "300/m/ip"
    assert limits["login_failed"] == "60/m/ip,5/15m/key"
