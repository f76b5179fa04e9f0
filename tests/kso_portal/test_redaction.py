"""Links that carry their own authority (the iCal feed, an invitation, a password reset) are
kept out of every log: the access log, Django's log and gunicorn's access log keep a digest.

Before, a reader of /toegangslog/ could copy anyone's feed link from the path column."""

import io
import logging
import secrets
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone
from gunicorn.config import Config

from kso_portal.constants import AccessKind
from kso_portal.gunicorn_logging import RedactingLogger
from kso_portal.models import AccessLogEntry
from kso_portal.redaction import digest, redact_path
from organisations.constants import OrganisationKind

# Names of URL arguments that hold a secret; a route with one must be redacted.
SECRET_ARGUMENTS = {"token", "key", "secret", "uidb36", "uidb64"}


def _secret_routes(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _secret_routes(entry, space)
        elif isinstance(entry, URLPattern) and entry.name:
            arguments = set(entry.pattern.regex.groupindex)
            if arguments & SECRET_ARGUMENTS:
                converters = getattr(entry.pattern, "converters", {})
                yield f"{namespace}{entry.name}", arguments, converters


def test_every_route_with_a_secret_is_redacted():
    routes = list(_secret_routes(get_resolver()))
    names = {name for name, _, _ in routes}
    assert {"calendar_feed", "invitation_accept", "account_reset_password_from_key"} <= names
    for name, arguments, converters in routes:
        secret = secrets.token_urlsafe(24).replace("-", "x")
        kwargs = {
            a: "1" if isinstance(converters.get(a), IntConverter) or a == "uidb36" else secret
            for a in arguments
        }
        path = reverse(name, kwargs=kwargs)
        redacted = redact_path(path)
        assert secret not in redacted, name
        assert "sha256:" in redacted, name
        # Also as the `next` of a sign-in, percent-encoded as Django writes it.
        login = reverse("account_login") + "?next=" + path.replace("/", "%2F")
        assert secret not in redact_path(login), name


def test_a_digest_is_the_start_of_the_one_the_portal_keeps():
    token = "geheim-token"
    assert redact_path(f"/uitnodiging/{token}/") == f"/uitnodiging/{digest(token)}/"
    assert redact_path(redact_path(f"/agenda/{token}.ics")) == f"/agenda/{digest(token)}.ics"
    assert redact_path("/locaties/12/?op=2026-01-01") == "/locaties/12/?op=2026-01-01"


@pytest.mark.django_db
def test_a_failed_sign_in_on_the_way_to_an_invitation_logs_no_link(client, reference_data):
    token = secrets.token_urlsafe(32)
    url = reverse("account_login") + f"?next=/uitnodiging/{token}/"
    client.post(url, {"login": "iemand@example.org", "password": "fout-wachtwoord"})
    entry = AccessLogEntry.objects.get(kind=AccessKind.SIGN_IN_FAILED)
    assert token not in entry.path
    assert digest(token) in entry.path


@pytest.mark.django_db
def test_an_invitation_that_is_gone_is_logged_by_django_without_its_secret(
    client, make_member, reference_data
):
    from organisations.models import Invitation
    from organisations.rules import token_digest

    inviter = make_member(OrganisationKind.GEMEENTE)
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        email="weg@example.org",
        organisation=inviter.memberships.get().organisation,
        role="lezer",
        invited_by=inviter,
        token_hash=token_digest(token),
        expires_at=timezone.now() - timedelta(days=1),
    )
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        assert client.get(f"/uitnodiging/{token}/").status_code == 410
    finally:
        handler.setStream(previous)
    logged = stream.getvalue()
    assert "/uitnodiging/" in logged
    assert token not in logged


class _Response:
    status = "200 OK"
    sent = 10
    headers = ()


def test_gunicorns_access_log_keeps_no_secret():
    token = secrets.token_urlsafe(32)
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/agenda/{token}.ics",
        "PATH_INFO": f"/agenda/{token}.ics",
        "QUERY_STRING": f"next=%2Fuitnodiging%2F{token}%2F",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://portaal.example/uitnodiging/{token}/",
        "REMOTE_ADDR": "192.0.2.1",
    }
    headers = [("REFERER", environ["HTTP_REFERER"])]
    atoms = logger.atoms(_Response(), headers, environ, timedelta(milliseconds=5))
    line = logger.cfg.access_log_format % atoms
    assert token not in line
    assert all(token not in str(value) for value in atoms.values())
    assert f"/agenda/{digest(token)}.ics" in line
