"""notification_digest_send: one Dutch e-mail a day per user with what waited for the digest."""

import smtplib
import threading

import pytest
from celery.schedules import crontab
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from kso_portal.celery import app
from notifications.constants import Delivery
from notifications.models import Notification
from notifications.services import notification_preferences_save, notify
from notifications.tasks import notification_digest_send
from organisations.constants import OrganisationKind

pytestmark = pytest.mark.django_db


class RefusingBackend(EmailBackend):
    """A mail server that refuses one address, as for a mailbox that no longer exists."""

    refused = ""

    def send_messages(self, messages):
        if any(self.refused in message.to for message in messages):
            raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"unknown")})
        return super().send_messages(messages)


class HeldBackend(EmailBackend):
    """Holds the first sender inside send, its rows locked, until the test lets it go."""

    sending = threading.Event()
    release = threading.Event()

    def send_messages(self, messages):
        HeldBackend.sending.set()
        HeldBackend.release.wait(10)
        return super().send_messages(messages)


@pytest.fixture
def portal_url(settings):
    settings.PORTAL_URL = "https://kso.example.nl"
    return settings.PORTAL_URL


def wants_digest(user, *kinds: str) -> None:
    notification_preferences_save(user=user, deliveries=dict.fromkeys(kinds, Delivery.DIGEST))


def tell(user, kind: str = "location", title: str = "Fase gewijzigd", url: str = "/locaties/12/"):
    (notification,) = notify(recipients=[user], kind=kind, title=title, body="Tekst.", url=url)
    return notification


@pytest.fixture
def reader(make_member):
    user = make_member(OrganisationKind.GEMEENTE)
    wants_digest(user, "location", "reminder")
    return user


def test_digest_sends_one_email_per_user_with_all_their_digest_rows(
    reader, make_member, portal_url
):
    other = make_member(OrganisationKind.NIDOS)
    wants_digest(other, "location")
    tell(reader, title="Fase Het Anker")
    tell(reader, kind="reminder", title="Termijn J-0042", url="/jongeren/42/")
    tell(reader, kind="housing_request", title="Aanvraag direct gemaild")  # immediate
    tell(other, title="Fase De Linde")

    assert notification_digest_send() == 2

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {(reader.email,), (other.email,)}
    mine = by_recipient[(reader.email,)]
    assert mine.subject == "Dagelijkse samenvatting KSO-portaal: 2 nieuwe meldingen"
    assert "Fase Het Anker" in mine.body
    assert "https://kso.example.nl/jongeren/42/\n" in mine.body
    assert "Aanvraag direct gemaild" not in mine.body
    assert "Fase De Linde" not in mine.body
    assert by_recipient[(other.email,)].subject.endswith(": 1 nieuwe melding")
    assert not Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at=None).exists()


def test_digest_run_twice_sends_nothing_the_second_time(reader):
    tell(reader), tell(reader)

    assert notification_digest_send() == 1
    assert notification_digest_send() == 0
    notification_digest_send.apply()

    assert len(mail.outbox) == 1


def test_next_digest_holds_only_what_came_after_the_last_one(reader):
    tell(reader, title="Gisteren")
    notification_digest_send()
    tell(reader, title="Vandaag")

    assert notification_digest_send() == 1

    assert "Vandaag" in mail.outbox[1].body
    assert "Gisteren" not in mail.outbox[1].body


def test_digest_with_nothing_waiting_sends_nothing(reader):
    tell(reader, kind="housing_request")
    assert notification_digest_send() == 0
    assert mail.outbox == []


def test_digest_sends_nothing_to_a_deactivated_user(reader):
    notification = tell(reader)
    reader.is_active = False
    reader.save(update_fields=["is_active"])

    assert notification_digest_send() == 0
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_digest_is_multipart_with_an_accessible_dutch_html_part(reader, portal_url):
    tell(reader, title="Fase <Het Anker> & co", url="/locaties/12/?tab=fasen")

    notification_digest_send()

    (message,) = mail.outbox
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="nl">' in html
    assert (
        '<a href="https://kso.example.nl/locaties/12/?tab=fasen">'
        "Fase &lt;Het Anker&gt; &amp; co</a>"
    ) in html
    assert '<a href="https://kso.example.nl/meldingen/voorkeuren/">' in html
    assert "Fase <Het Anker> & co" in message.body  # the text part is not HTML-escaped


def test_one_refused_address_does_not_hold_back_the_others_digests(reader, make_member, settings):
    other = make_member(OrganisationKind.NIDOS)
    wants_digest(other, "location")
    refused, kept = tell(reader), tell(other)
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    RefusingBackend.refused = reader.email

    assert notification_digest_send() == 1

    assert [message.to for message in mail.outbox] == [[other.email]]
    refused.refresh_from_db(), kept.refresh_from_db()
    assert refused.emailed_at is None  # waits for the next digest
    assert kept.emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_digest_once(reader, settings):
    """The second worker runs while the first holds the rows mid-send: it skips them rather
    than wait, and when the first has committed nothing is left to send."""
    tell(reader), tell(reader)
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.HeldBackend"}}
    HeldBackend.sending.clear(), HeldBackend.release.clear()
    sent: dict[str, int] = {}

    def worker(name: str) -> None:
        try:
            sent[name] = notification_digest_send()
        finally:
            connection.close()

    first = threading.Thread(target=worker, args=["first"])
    first.start()
    assert HeldBackend.sending.wait(10)
    second = threading.Thread(target=worker, args=["second"])
    second.start()
    second.join(10)
    HeldBackend.release.set()
    first.join(10)

    assert not second.is_alive()
    assert sent == {"first": 1, "second": 0}
    assert len(mail.outbox) == 1
    assert notification_digest_send() == 0


def test_beat_sends_the_digest_daily_at_half_past_seven_amsterdam_time():
    entries = [
        entry
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == notification_digest_send.name
    ]

    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert schedule == crontab(hour=7, minute=30)
    assert (schedule.hour, schedule.minute) == ({7}, {30})
    assert app.conf.timezone == "Europe/Amsterdam"
    assert notification_digest_send.name == "notifications.tasks.notification_digest_send"
