"""notification_email_send: one Dutch e-mail per notification, however often it runs."""

import socket

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import notification_email_send
from organisations.constants import OrganisationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal_url(settings):
    settings.PORTAL_URL = "https://kso.example.nl"
    return settings.PORTAL_URL


def notification_for(user, django_capture_on_commit_callbacks) -> Notification:
    # The on-commit hook puts the task on the real Redis queue; no worker listens to this
    # database, so the test runs the task itself.
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(
            recipients=[user],
            kind="housing_term",
            title="Termijn huisvesting loopt over 30 dagen af",
            body="Voor jongere J-0042 is nog geen uitkomst vastgelegd.",
            url="/jongeren/42/",
        )
    return notification


def test_email_task_sends_one_dutch_email_with_the_absolute_link_when_run_twice(
    make_member, portal_url, django_capture_on_commit_callbacks
):
    user = make_member(OrganisationKind.GEMEENTE)
    notification = notification_for(user, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # enqueued, not sent, by notify

    notification_email_send(notification.pk)
    notification_email_send.apply(args=[notification.pk])

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == (
        "Melding in het KSO-portaal: Termijn huisvesting loopt over 30 dagen af"
    )
    assert "U heeft een nieuwe melding in het KSO-portaal." in message.body
    assert "Voor jongere J-0042 is nog geen uitkomst vastgelegd." in message.body
    assert "https://kso.example.nl/jongeren/42/\n" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_email_is_multipart_with_an_accessible_dutch_html_part(
    make_member, portal_url, django_capture_on_commit_callbacks
):
    user = make_member(OrganisationKind.GEMEENTE)
    notification = notification_for(user, django_capture_on_commit_callbacks)

    notification_email_send(notification.pk)

    (message,) = mail.outbox
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="nl">' in html
    assert "<h1>Termijn huisvesting loopt over 30 dagen af</h1>" in html
    assert (
        '<a href="https://kso.example.nl/jongeren/42/">Bekijk deze melding in het KSO-portaal</a>'
    ) in html
    assert '<a href="https://kso.example.nl/meldingen/voorkeuren/">' in html
    assert "https://kso.example.nl/meldingen/voorkeuren/" in message.body


def test_email_task_does_nothing_when_the_notification_is_gone(make_member):
    notification_email_send(987_654_321)
    assert mail.outbox == []


def test_email_task_sends_nothing_to_a_deactivated_user(
    make_member, django_capture_on_commit_callbacks
):
    user = make_member(OrganisationKind.NIDOS)
    notification = notification_for(user, django_capture_on_commit_callbacks)
    user.is_active = False
    user.save(update_fields=["is_active"])

    notification_email_send(notification.pk)

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_mail_server_is_retried_and_leaves_the_notification_unsent(
    make_member, settings, django_capture_on_commit_callbacks
):
    user = make_member(OrganisationKind.CONTRACTPARTNER)
    notification = notification_for(user, django_capture_on_commit_callbacks)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2},
        }
    }

    result = notification_email_send.apply(args=[notification.pk])

    # Eagerly applied, the retries run at once; after the last one the connection error stands.
    assert result.failed()
    assert isinstance(result.result, ConnectionRefusedError)
    assert notification_email_send.max_retries == 5
    notification.refresh_from_db()
    assert notification.emailed_at is None
