"""E-mail under faults (issues 25 and 28): a mail server that accepts and never answers holds
no lock and no worker for long, and e-mails that did not go out are queued again within a
quarter of an hour instead of the next day."""

import socket
import threading
import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from kso_portal.settings.base import smtp_mailer
from notifications.models import Notification
from notifications.services import notification_mark_read, notification_send_pending, notify
from notifications.tasks import notification_email_send
from organisations.constants import OrganisationKind


@pytest.fixture
def hanging_smtp():
    """A TCP server that accepts connections and never says a word, as a hung mail server."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for connection in held:
        connection.close()


def test_the_mail_server_has_a_time_limit():
    # Before: no timeout, and a worker waited for a hung server for minutes.
    assert smtp_mailer()["OPTIONS"]["timeout"] == 10


@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_blocks_no_one_and_the_e_mail_is_tried_again(
    make_member, hanging_smtp, settings
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": hanging_smtp, "timeout": 2},
        }
    }
    user = make_member(OrganisationKind.GEMEENTE)
    [notification] = notify(recipients=[user], kind="test", title="Termijn", body="b", url="/")
    outcome = {}

    def send():
        started = time.monotonic()
        try:
            notification_email_send(notification.pk)
        except Exception as error:  # the send gives up; the task would be retried
            outcome["error"] = error
        outcome["seconds"] = time.monotonic() - started

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(0.5)  # the worker is waiting for the mail server now
    started = time.monotonic()
    assert notification_mark_read(user=user, notification_ids=[notification.pk]) == 1
    # Before: the send held the row's lock, and marking it read waited for the mail server.
    assert time.monotonic() - started < 0.5
    sender.join(10)
    assert isinstance(outcome["error"], OSError)
    assert outcome["seconds"] < 5
    notification.refresh_from_db()
    # Not sent, not claimed any more: the next try (a retry, or the 15-minute job) sends it.
    assert (notification.emailed_at, notification.email_claimed_at) == (None, None)


@pytest.fixture
def empty_queue():
    """The test broker's queue, emptied after the test: its messages are for this test only."""
    yield
    with redis.Redis.from_url(settings.REDIS_URL) as client:
        client.delete("celery")


@pytest.mark.django_db
def test_e_mails_that_did_not_go_out_are_queued_again_within_a_quarter_of_an_hour(
    make_member, mailoutbox, empty_queue
):
    user = make_member(OrganisationKind.GEMEENTE)
    rows = notify(recipients=[user], kind="test", title="Eerder", body="b", url="/") + notify(
        recipients=[user], kind="test", title="Lang geleden", body="b", url="/"
    )
    Notification.objects.filter(pk=rows[0].pk).update(
        created_at=timezone.now() - timedelta(minutes=20)
    )
    Notification.objects.filter(pk=rows[1].pk).update(created_at=timezone.now() - timedelta(days=3))
    # Before: only the daily job queued them again.
    schedule = settings.CELERY_BEAT_SCHEDULE["notifications-send-pending"]
    assert schedule["task"] == "notifications.tasks.notification_send_pending"
    assert str(schedule["schedule"]._orig_minute) == "*/15"
    assert notification_send_pending() == 1  # the one of three days ago is given up
    notification_email_send(rows[0].pk)
    notification_email_send(rows[0].pk)  # a second run sends nothing
    assert [message.subject for message in mailoutbox].count(
        "Melding in het KSO-portaal: Eerder"
    ) == 1
    assert notification_send_pending() == 0
