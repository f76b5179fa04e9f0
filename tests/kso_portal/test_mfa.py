import os
import subprocess
import sys

import pytest
from django.urls import reverse


@pytest.fixture
def mfa_required(settings):
    settings.REQUIRE_MFA = True


def _require_mfa_under_base_settings(**env_overrides) -> str:
    env = {k: v for k, v in os.environ.items() if k != "KSO_REQUIRE_MFA"}
    env.update(DJANGO_SETTINGS_MODULE="kso_portal.settings.base", **env_overrides)
    code = (
        "import django; django.setup(); "
        "from django.conf import settings; print(settings.REQUIRE_MFA)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_mfa_is_required_unless_switched_off_explicitly():
    assert _require_mfa_under_base_settings() == "True"
    assert _require_mfa_under_base_settings(KSO_REQUIRE_MFA="0") == "False"


@pytest.mark.django_db
def test_user_without_second_factor_is_sent_to_set_one_up(client, gemeente_user, mfa_required):
    client.force_login(gemeente_user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(response["Location"], follow=True).content.decode()
    assert "Stel eerst tweestapsverificatie in" in page


@pytest.mark.django_db
def test_user_without_second_factor_may_still_sign_out_and_read_the_statement(
    client, gemeente_user, mfa_required
):
    client.force_login(gemeente_user)
    assert client.get(reverse("accessibility")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200


@pytest.mark.django_db
def test_user_with_totp_sees_the_dashboard_after_both_steps(client, gemeente_user, mfa_required):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.conftest import TEST_PASSWORD
    from tests.support import totp_code

    secret = generate_totp_secret()
    TOTP.activate(gemeente_user, secret)
    client.post(reverse("account_login"), {"login": gemeente_user.email, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_demo_sign_in_page_says_when_mfa_is_off(client, settings):
    settings.DEMO_MODE = True
    settings.REQUIRE_MFA = False
    assert (
        "tweestapsverificatie uitgeschakeld"
        in client.get(reverse("account_login")).content.decode()
    )
    settings.REQUIRE_MFA = True
    assert "uitgeschakeld" not in client.get(reverse("account_login")).content.decode()
