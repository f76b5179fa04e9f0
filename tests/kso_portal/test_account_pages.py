"""The account pages of django-allauth: in the portal's layout, in Dutch, with labelled fields,
and the safety around them (rate limits, sign-out everywhere, security log)."""

import logging
import re
from html.parser import HTMLParser

import pytest
import redis
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    generate_totp_secret,
)
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from kso_portal.constants import AccessKind
from kso_portal.devrun import EmbeddedRedis
from kso_portal.models import AccessLogEntry
from organisations.constants import OrganisationKind
from tests.conftest import TEST_PASSWORD
from tests.support import totp_code

NEW_PASSWORD = "nieuw-wachtwoord-voor-kso-2026"
# Words of allauth's English pages that must not show on a Dutch page.
ENGLISH_WORDS = ("Sign In", "Sign Out", "Password", "Recovery", "Authenticator App", "Session",
                 "Confirm", "Cancel", "Reset", "Activate", "Generate", "Email")  # fmt: skip


class _PageParser(HTMLParser):
    """Collects the form controls, the labels that point at them and the visible text."""

    def __init__(self):
        super().__init__()
        self.labelled_ids: set[str] = set()
        self.controls: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label" and attributes.get("for"):
            self.labelled_ids.add(attributes["for"])
        if tag in {"input", "select", "textarea"} and attributes.get("type") not in {
            "hidden",
            "submit",
            "button",
        }:
            self.controls.append(attributes.get("id") or f"{tag} name={attributes.get('name')}")
        if tag in {"script", "style", "title"}:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style", "title"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def assert_portal_page(response, heading: str) -> str:
    """The page is ours (layout, skip link, main landmark), Dutch, and every field is labelled."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert 'href="#inhoud"' in page
    assert '<main id="inhoud"' in page
    assert f"<h1>{heading}</h1>" in page
    parser = _PageParser()
    parser.feed(page)
    assert [c for c in parser.controls if c not in parser.labelled_ids] == []
    text = " ".join(parser.text)
    assert [word for word in ENGLISH_WORDS if word in text] == []
    return page


def sign_in(client: Client, email: str, password: str = TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def key_limit(action: str) -> int:
    """The number of attempts allowed per key (e-mail address) in ACCOUNT_RATE_LIMITS."""
    rates = settings.ACCOUNT_RATE_LIMITS[action].split(",")
    return int(next(rate for rate in rates if rate.endswith("/key")).split("/")[0])


@pytest.fixture
def reauthenticated(client, gemeente_user):
    """A signed-in client that has just confirmed its password, as allauth asks before any
    change to the second factor."""
    client.force_login(gemeente_user)
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def totp_secret():
    return generate_totp_secret()


@pytest.fixture
def totp_user(gemeente_user, totp_secret):
    TOTP.activate(gemeente_user, totp_secret)
    RecoveryCodes.activate(gemeente_user)
    return gemeente_user


# --- Every page: our layout, Dutch, labelled fields.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_reset_password", "Wachtwoord vergeten"),
        ("account_reset_password_done", "Kijk in uw e-mail"),
        ("account_reset_password_from_key_done", "Wachtwoord opgeslagen"),
        ("account_signup", "Registratie gesloten"),
    ],
)
def test_public_account_pages_are_dutch_in_the_portal_layout(client, url_name, heading):
    assert_portal_page(client.get(reverse(url_name)), heading)


@pytest.mark.django_db
def test_password_reset_link_that_does_not_work_says_so_in_dutch(client):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "ongeldig"})
    page = assert_portal_page(client.get(url), "Link werkt niet")
    assert reverse("account_reset_password") in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_change_password", "Wachtwoord wijzigen"),
        ("mfa_index", "Tweestapsverificatie"),
        ("usersessions_list", "Sessies"),
        ("account_logout", "Afmelden"),
        ("account_reauthenticate", "Bevestig dat u het bent"),
        ("mfa_activate_totp", "Authenticator-app koppelen"),
    ],
)
def test_account_settings_pages_are_dutch_in_the_portal_layout(reauthenticated, url_name, heading):
    assert_portal_page(reauthenticated.get(reverse(url_name)), heading)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("mfa_index", "Tweestapsverificatie"),
        ("mfa_deactivate_totp", "Authenticator-app ontkoppelen"),
        ("mfa_view_recovery_codes", "Herstelcodes"),
        ("mfa_generate_recovery_codes", "Nieuwe herstelcodes maken"),
        ("mfa_reauthenticate", "Bevestig dat u het bent"),
    ],
)
def test_second_factor_pages_of_a_user_with_an_app_are_dutch_in_the_portal_layout(
    client, totp_user, url_name, heading
):
    client.force_login(totp_user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert_portal_page(client.get(reverse(url_name)), heading)


@pytest.mark.django_db
def test_second_factor_step_of_sign_in_is_dutch_in_the_portal_layout(client, totp_user):
    response = sign_in(client, totp_user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    page = assert_portal_page(client.get(response["Location"]), "Tweestapsverificatie")
    assert "herstelcodes" in page


@pytest.mark.django_db
def test_user_menu_links_to_password_second_factor_and_sessions(client, gemeente_user):
    client.force_login(gemeente_user)
    page = client.get(reverse("dashboard")).content.decode()
    for url_name, label in [
        ("account_change_password", "Wachtwoord wijzigen"),
        ("mfa_index", "Tweestapsverificatie"),
        ("usersessions_list", "Sessies"),
    ]:
        assert f'<a href="{reverse(url_name)}">{label}</a>' in page


@pytest.mark.django_db
def test_recovery_codes_page_shows_the_unused_codes_in_a_labelled_field(client, totp_user):
    codes = RecoveryCodes.activate(totp_user).get_unused_codes()
    client.force_login(totp_user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert '<label for="recovery_codes">Ongebruikte codes</label>' in page
    assert all(code in page for code in codes)


# --- Changing the password.


@pytest.mark.django_db
def test_changed_password_replaces_the_old_one_and_ends_other_sessions(client, gemeente_user):
    elsewhere = Client()
    elsewhere.force_login(gemeente_user)
    client.force_login(gemeente_user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert "Uw wachtwoord is gewijzigd." in client.get(response["Location"]).content.decode()
    assert client.get(reverse("dashboard")).status_code == 200
    assert elsewhere.get(reverse("dashboard")).status_code == 302

    with_old = Client()
    refused = sign_in(with_old, gemeente_user.email, TEST_PASSWORD)
    assert refused.status_code == 200
    assert "_auth_user_id" not in with_old.session
    assert sign_in(Client(), gemeente_user.email, NEW_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_wrong_current_password_is_explained_in_dutch_beside_the_field(client, gemeente_user):
    client.force_login(gemeente_user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "niet-het-wachtwoord",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    page = assert_portal_page(response, "Wachtwoord wijzigen")
    errors = re.search(r'<ul class="form__errors" id="id_oldpassword_error">(.*?)</ul>', page)
    assert errors is not None
    assert "huidige wachtwoord" in errors.group(1)
    # The input points at its error, so a screen reader reads it with the field.
    field = re.search(r'<input type="password" name="oldpassword"[^>]*>', page)[0]
    assert 'aria-invalid="true"' in field
    assert "id_oldpassword_error" in field
    assert gemeente_user.__class__.objects.get(pk=gemeente_user.pk).check_password(TEST_PASSWORD)


# --- Resetting a forgotten password.


@pytest.mark.django_db
def test_password_reset_mails_a_dutch_link_that_sets_a_new_password(client, gemeente_user):
    response = client.post(reverse("account_reset_password"), {"email": gemeente_user.email})
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [gemeente_user.email]
    assert message.subject == "KSO-portaal: Nieuw wachtwoord instellen"
    assert "Met deze link stelt u een nieuw wachtwoord in" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body)[1]

    set_password = client.get(link)
    assert set_password.status_code == 302
    assert_portal_page(client.get(set_password["Location"]), "Nieuw wachtwoord instellen")
    done = client.post(
        set_password["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done["Location"] == reverse("account_reset_password_from_key_done")

    assert sign_in(Client(), gemeente_user.email, NEW_PASSWORD).status_code == 302
    assert "Link werkt niet" in client.get(link, follow=True).content.decode()


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_an_unknown_address(client, gemeente_user):
    known = client.post(reverse("account_reset_password"), {"email": gemeente_user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "niemand@test.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The unknown address is told there is no account, with no reset link and no sign-up offer.
    assert [message.to for message in mail.outbox] == [
        [gemeente_user.email],
        ["niemand@test.example"],
    ]
    body = mail.outbox[1].body
    assert "Bij dit e-mailadres hoort geen account" in body
    assert "/accounts/password/reset/key/" not in body
    assert reverse("account_signup") not in body


# --- Rate limits.


@pytest.mark.django_db
def test_sign_in_is_refused_after_too_many_wrong_passwords_even_with_the_right_one(
    client, make_member
):
    user = make_member(OrganisationKind.GEMEENTE)
    for _ in range(key_limit("login_failed")):
        wrong = sign_in(client, user.email, "niet-het-wachtwoord")
        assert "niet correct" in wrong.content.decode()
    refused = sign_in(client, user.email, TEST_PASSWORD)
    assert refused.status_code == 200
    assert "Te veel inlogpogingen" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # The lock is per e-mail address: a colleague on the same network still signs in.
    colleague = make_member(OrganisationKind.GEMEENTE)
    assert sign_in(Client(), colleague.email).status_code == 302


@pytest.mark.django_db
def test_rate_limit_counters_live_in_redis_where_every_process_sees_them(client, gemeente_user):
    sign_in(client, gemeente_user.email, "niet-het-wachtwoord")
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    other_process = redis.Redis.from_url(settings.REDIS_URL)
    try:
        keys = list(other_process.scan_iter(match=f"{prefix}:*:allauth:rl:*:login_failed:*"))
    finally:
        other_process.close()
    assert len(keys) == 2  # one per IP address, one per e-mail address


def test_cache_reaches_the_embedded_redis_over_its_unix_socket(tmp_path):
    server = EmbeddedRedis(tmp_path / "redis", db=3)
    url = server.start()
    try:
        assert url.startswith("unix://")
        backend = import_string(settings.CACHES["default"]["BACKEND"])
        cache = backend(url, {"KEY_PREFIX": "kso"})
        cache.set("bewaard", "ja", 60)
        assert cache.get("bewaard") == "ja"
        with redis.Redis(unix_socket_path=str(server.socket), db=3) as direct:
            assert direct.exists("kso:1:bewaard")
        cache.close()
    finally:
        server.stop()


# --- Security log.


@pytest.mark.django_db
def test_failed_sign_in_is_logged_with_address_and_ip_but_never_the_password(
    client, gemeente_user, caplog
):
    caplog.set_level(logging.INFO, logger="kso_portal.security")
    sign_in(client, gemeente_user.email, "Geheim-en-fout-987")
    records = [r for r in caplog.records if r.name == "kso_portal.security"]
    assert [r.levelname for r in records] == ["WARNING"]
    assert gemeente_user.email in records[0].getMessage()
    assert "127.0.0.1" in records[0].getMessage()
    assert "Geheim-en-fout-987" not in caplog.text
    entry = AccessLogEntry.objects.get()
    assert (entry.kind, entry.email, entry.ip_address) == (
        AccessKind.SIGN_IN_FAILED,
        gemeente_user.email,
        "127.0.0.1",
    )


@pytest.mark.django_db
def test_second_factor_changes_are_logged(
    reauthenticated, gemeente_user, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="kso_portal.security")
    client = reauthenticated
    client.get(reverse("mfa_activate_totp"))
    code = totp_code(client.session[SECRET_SESSION_KEY])
    with django_capture_on_commit_callbacks(execute=True):
        activated = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert activated.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_generate_recovery_codes"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_deactivate_totp"))

    messages = [r.getMessage() for r in caplog.records if r.name == "kso_portal.security"]
    user = f"user_id={gemeente_user.pk}"
    assert messages == [
        f"second factor added: {user} type=totp ip=127.0.0.1",
        f"second factor added: {user} type=recovery_codes ip=127.0.0.1",
        f"recovery codes regenerated: {user} type=recovery_codes ip=127.0.0.1",
        f"second factor removed: {user} type=totp ip=127.0.0.1",
        f"second factor removed: {user} type=recovery_codes ip=127.0.0.1",
    ]
    # The same five changes are in the access log the beheerder searches.
    assert list(
        AccessLogEntry.objects.filter(user=gemeente_user)
        .order_by("pk")
        .values_list("what", flat=True)
    ) == [
        "Tweede factor ingesteld (totp)",
        "Tweede factor ingesteld (recovery_codes)",
        "Nieuwe herstelcodes gemaakt (recovery_codes)",
        "Tweede factor uitgeschakeld (totp)",
        "Tweede factor uitgeschakeld (recovery_codes)",
    ]


@pytest.mark.django_db
def test_wrong_second_factor_code_at_sign_in_is_logged(client, totp_user, caplog):
    caplog.set_level(logging.INFO, logger="kso_portal.security")
    sign_in(client, totp_user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert "Ongeldige code" in response.content.decode()
    messages = [r.getMessage() for r in caplog.records if r.name == "kso_portal.security"]
    assert messages == [
        f"second factor code refused: user_id={totp_user.pk} type=totp "
        "reauthentication=False ip=127.0.0.1"
    ]
    assert AccessLogEntry.objects.get().kind == AccessKind.SIGN_IN_FAILED


# --- Signing out other sessions.


@pytest.mark.django_db
def test_signing_out_other_sessions_ends_the_other_browsers_session(client, gemeente_user):
    elsewhere = Client(headers={"user-agent": "Browser op een andere computer"})
    assert sign_in(elsewhere, gemeente_user.email).status_code == 302
    assert elsewhere.get(reverse("dashboard")).status_code == 200
    assert sign_in(client, gemeente_user.email).status_code == 302

    page = assert_portal_page(client.get(reverse("usersessions_list")), "Sessies")
    assert "Browser op een andere computer" in page
    response = client.post(reverse("usersessions_list"), follow=True)
    assert "Uw andere sessies zijn afgemeld." in response.content.decode()

    assert elsewhere.get(reverse("dashboard")).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    only_here = client.get(reverse("usersessions_list")).content.decode()
    assert "U bent alleen hier aangemeld." in only_here
