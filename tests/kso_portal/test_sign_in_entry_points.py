"""The second factor cannot be skipped: every URL of the portal that takes a password, tried
with the password alone of a user who has an authenticator app, leaves no session that opens a
page. The URLs are found by walking the URL conf, so a new door is tried too.

Before the fix, `/beheer/login/` (Django's own admin sign-in) signed such a user in with the
password alone, and RequireMfaMiddleware let the session through because the user *had* an
app; now the admin's sign-in sends to the portal's, and the middleware asks whether *this
session* passed the second factor.
"""

import re
import secrets
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.exceptions import NoReverseMatch
from django.utils import timezone

from organisations.constants import OrganisationKind, Role
from organisations.models import Invitation
from organisations.rules import token_digest
from tests.conftest import TEST_PASSWORD
from tests.support import totp_code

pytestmark = pytest.mark.django_db

LOGIN_NAMES = {"login", "email", "username"}


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.REQUIRE_MFA = True


@pytest.fixture
def totp_user(make_member):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR, is_staff=True)
    user.is_superuser = True
    user.save()
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    RecoveryCodes.activate(user)
    return user


def _routes(resolver: URLResolver, namespace: str = ""):
    """(name, route text, {argument: converter or None}) of every named URL."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, space)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {})
            arguments = {name: converters.get(name) for name in entry.pattern.regex.groupindex}
            yield f"{namespace}{entry.name}", str(entry.pattern), arguments


def _sample(argument: str, converter, invitation_token: str) -> str:
    if argument == "token":
        return invitation_token
    if isinstance(converter, IntConverter) or argument in {"object_id", "uidb36"}:
        return "1"
    if argument == "app_label":
        return "organisations"
    return "x"


def every_url(invitation_token: str) -> list[str]:
    urls, unreversed = [], []
    for name, route, arguments in _routes(get_resolver()):
        kwargs = {a: _sample(a, c, invitation_token) for a, c in arguments.items()}
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            unreversed.append((name, route))
    # Every named URL is tried: a door this walk cannot build would go untested.
    assert unreversed == []
    return sorted(set(urls))


class _Forms(HTMLParser):
    """The forms of a page with their fields: [(action, method, {name: (type, value)})]."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            method = (attributes.get("method") or "get").lower()
            self.forms.append((attributes.get("action") or "", method, {}))
        elif tag == "input" and self.forms and attributes.get("name"):
            kind = (attributes.get("type") or "text").lower()
            self.forms[-1][2][attributes["name"]] = (kind, attributes.get("value") or "")


def password_forms(page: str) -> list[tuple[str, dict]]:
    parser = _Forms()
    parser.feed(page)
    return [
        (action, fields)
        for action, method, fields in parser.forms
        if method == "post" and any(kind == "password" for kind, _ in fields.values())
    ]


def _filled(fields: dict, email: str) -> dict:
    data = {}
    for name, (kind, value) in fields.items():
        if kind == "password":
            data[name] = TEST_PASSWORD
        elif name in LOGIN_NAMES:
            data[name] = email
        elif kind in {"hidden", "text", "email"}:
            data[name] = value
    return data


def _opens_pages(client: Client) -> bool:
    return any(
        client.get(reverse(name)).status_code == 200 for name in ("dashboard", "admin:index")
    )


def test_every_url_that_takes_a_password_refuses_the_password_alone(totp_user, make_member):
    inviter = make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR)
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        email=f"nieuw.{secrets.token_hex(3)}@test.example",
        organisation=inviter.memberships.get().organisation,
        role=Role.LEZER,
        invited_by=inviter,
        token_hash=token_digest(token),
        expires_at=timezone.now() + timedelta(days=7),
    )
    tried = []
    for url in every_url(token):
        client = Client(raise_request_exception=False)
        response = client.get(url, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page_url = response.request["PATH_INFO"]
        for action, fields in password_forms(response.content.decode()):
            target = action or page_url
            client.post(target, _filled(fields, totp_user.email))
            tried.append(target)
            assert not _opens_pages(client), f"{target} let the password alone in"
    # The doors there are today: the portal's sign-in (also behind /beheer/login/) and an
    # invitation, which sets a new account's first password.
    assert reverse("account_login") in tried
    assert any(target.startswith("/uitnodiging/") for target in tried)


def test_the_admin_sign_in_is_the_portals(client, totp_user):
    response = client.get(reverse("admin:login"), {"next": "/beheer/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/beheer/"
    # A password posted to the admin's old sign-in is not even looked at.
    client.post(reverse("admin:login"), {"username": totp_user.email, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    # The admin's own password change (which asks the current password) is the portal's too.
    chain = client.get(reverse("admin:password_change"), follow=True).redirect_chain
    assert chain[-1][0].startswith(reverse("account_login"))


def test_with_both_steps_the_beheerder_reaches_the_admin(client, totp_user):
    response = client.post(
        reverse("account_login") + "?next=/beheer/",
        {"login": totp_user.email, "password": TEST_PASSWORD},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_user.totp_secret)})
    assert response["Location"] == "/beheer/"
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_session_that_skipped_the_second_factor_is_signed_out(client, totp_user):
    # Any view that calls login() itself would give such a session; force_login is one.
    client.force_login(totp_user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/"
    assert "_auth_user_id" not in client.session
    # Also the pages under /accounts/ that a user without an app may open: removing the app
    # with the password alone would otherwise be the way round.
    client.force_login(totp_user)
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 302
    assert "_auth_user_id" not in client.session


# Transactional: allauth announces the new app after the commit, inside the request, as in
# production (a test wrapped in one transaction would run that after the response).
@pytest.mark.django_db(transaction=True)
def test_activating_an_app_counts_as_the_second_factor_of_this_session(client, gemeente_user):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    client.post(reverse("account_login"), {"login": gemeente_user.email, "password": TEST_PASSWORD})
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before an app is linked.
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    code = totp_code(client.session[SECRET_SESSION_KEY])
    assert client.post(reverse("mfa_activate_totp"), {"code": code}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_admin_door_tries_no_password_and_the_portals_door_locks(client, totp_user):
    # Before: 30 wrong passwords a minute at /beheer/login/, all tried, and the right one
    # still signed in there.
    for _ in range(30):
        client.post(reverse("admin:login"), {"username": totp_user.email, "password": "fout"})
    client.post(reverse("admin:login"), {"username": totp_user.email, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    limit = int(re.search(r"(\d+)/\w+/key", settings.ACCOUNT_RATE_LIMITS["login_failed"])[1])
    for _ in range(limit):
        client.post(reverse("account_login"), {"login": totp_user.email, "password": "fout"})
    response = client.post(
        reverse("account_login"), {"login": totp_user.email, "password": TEST_PASSWORD}
    )
    assert "Te veel inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session
