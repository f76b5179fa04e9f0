"""The daily reminders: the right reminder on the right day to the right parties, exactly once,
however often and wherever the job runs."""

import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from locations.constants import Stage
from locations.services import location_stage_plan
from notifications.models import Notification
from notifications.services import notification_send_pending
from notifications.tasks import notification_email_send
from organisations.constants import OrganisationKind
from tests.support import actor_of, born_aged
from vervolghuisvesting import services
from vervolghuisvesting.constants import Choice
from vervolghuisvesting.models import Reminder
from vervolghuisvesting.reminders import reminders_run
from vervolghuisvesting.tasks import reminders_daily

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


@pytest.fixture
def gemeente(make_member):
    return make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")


@pytest.fixture
def nidos(make_member):
    return make_member(OrganisationKind.NIDOS, regions=("noord-west",))


@pytest.fixture
def request_due_in(partner, in_use, place):
    """A housing request whose deadline is `days` after TODAY."""

    def make(days: int):
        with time_machine.travel(TODAY):
            # Placed at 17, a month before the earliest submission below.
            location = in_use(street=f"Straat {days}", opening_on=date(2025, 1, 1))
            youth = place(location, months=18 * 12 + 2, started_on=date(2025, 5, 1)).youth
            # Held the keuzegesprek before the keuzemoment: no reminder of it (issue 17).
            services.conversation_record(
                actor=actor_of(partner),
                youth=youth,
                conversation_on=date(2025, 6, 1),
                choice=Choice.ZELFSTANDIG_WONEN,
            )
            # 12-month term: submitted a year before the deadline.
            submitted_on = date(TODAY.year - 1, TODAY.month, TODAY.day) + timedelta(days=days)
            return services.housing_request_submit(
                actor=actor_of(partner), youth=youth, submitted_on=submitted_on
            )

    return make


def reminders_of(user, rule_title=""):
    return list(
        Notification.objects.filter(recipient=user, kind="reminder", title__contains=rule_title)
        .order_by("pk")
        .values_list("title", flat=True)
    )


def test_term_running_out_reaches_the_gemeente_at_90_and_nidos_too_at_30(
    request_due_in, gemeente, nidos
):
    request = request_due_in(90)
    with time_machine.travel(TODAY):
        assert reminders_run(today=TODAY) == 1
    assert reminders_of(gemeente) == [f"Nog 90 dagen: aanvraag voor {request.youth}"]
    assert reminders_of(nidos) == []
    with time_machine.travel(TODAY + timedelta(days=60)):
        reminders_run(today=TODAY + timedelta(days=60))
    assert len(reminders_of(gemeente)) == 2
    assert reminders_of(nidos) == [f"Nog 30 dagen: aanvraag voor {request.youth}"]


def test_running_twice_sends_each_reminder_once(request_due_in, gemeente):
    request_due_in(30)
    with time_machine.travel(TODAY):
        assert reminders_daily() == 1
        assert reminders_daily() == 0
    assert len(reminders_of(gemeente)) == 1
    assert Reminder.objects.count() == 1


def test_after_ten_days_without_a_run_only_the_latest_threshold_is_sent(request_due_in, gemeente):
    request_due_in(95)
    skipped = TODAY + timedelta(days=70)  # 25 days left: 90 and 30 both passed unseen
    with time_machine.travel(skipped):
        reminders_run(today=skipped)
    titles = reminders_of(gemeente)
    assert titles == [titles[0]]
    assert titles[0].startswith("Nog 25 dagen")
    assert list(Reminder.objects.values_list("threshold", flat=True)) == ["30d"]


def test_the_day_after_the_deadline_the_term_is_exceeded_for_gemeente_and_nidos(
    request_due_in, gemeente, nidos
):
    request_due_in(-1)
    with time_machine.travel(TODAY):
        reminders_run(today=TODAY)
    assert reminders_of(gemeente, "Termijn overschreden")
    assert reminders_of(nidos, "Termijn overschreden")


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(request_due_in, gemeente):
    request_due_in(7)
    barrier, sent = threading.Barrier(2), []

    def run():
        barrier.wait()
        try:
            sent.append(reminders_run(today=TODAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(sent) == [0, 1]
    assert len(reminders_of(gemeente)) == 1


def test_keuzegesprek_60_days_before_and_on_the_day_to_contractpartner_and_nidos(
    partner, in_use, place, nidos, gemeente
):
    with time_machine.travel(TODAY):
        youth = place(
            in_use(), birth_on=born_aged(17 * 12 + 6, on=TODAY + timedelta(days=60))
        ).youth
        reminders_run(today=TODAY)
    assert reminders_of(partner, "Keuzegesprek")
    assert reminders_of(nidos, "Keuzegesprek")
    assert not reminders_of(gemeente, "Keuzegesprek")
    moment = TODAY + timedelta(days=60)
    with time_machine.travel(moment):
        reminders_run(today=moment)
    assert len(reminders_of(partner, "Keuzegesprek")) == 2
    assert list(
        Reminder.objects.filter(subject_id=youth.pk).values_list("threshold", flat=True)
    ) == [
        "dag",
        "60d",
    ]


def test_request_expected_120_days_before_18_for_zelfstandig_wonen(partner, in_use, place):
    with time_machine.travel(TODAY):
        placement = place(in_use(), birth_on=born_aged(18 * 12, on=TODAY + timedelta(days=100)))
        services.conversation_record(
            actor=actor_of(partner),
            youth=placement.youth,
            conversation_on=TODAY,
            choice=Choice.ZELFSTANDIG_WONEN,
        )
        reminders_run(today=TODAY)
    assert reminders_of(partner, "Aanvraag vervolghuisvesting")


def test_verlengde_opvang_ends_90_days_before_21(partner, in_use, place, gemeente):
    with time_machine.travel(TODAY):
        place(
            in_use(),
            birth_on=born_aged(21 * 12, on=TODAY + timedelta(days=80)),
            age_reason="Verlengde Opvang",
        )
        reminders_run(today=TODAY)
    assert reminders_of(gemeente, "Verlengde Opvang")
    assert reminders_of(partner, "Verlengde Opvang")


def test_a_stalled_stage_reaches_the_party_that_moves_it(make_location, nidos, gemeente):
    location = make_location(stage=Stage.IN_BEOORDELING)
    location_stage_plan(
        actor=actor_of(nidos), location=location, planned={Stage.SCHOUW: TODAY - timedelta(days=15)}
    )
    with time_machine.travel(TODAY):
        reminders_run(today=TODAY)
    assert reminders_of(nidos, "loopt achter")
    assert not reminders_of(gemeente, "loopt achter")


@pytest.fixture
def make_due(request_due_in, in_use, place, make_location, nidos):
    """`make_due(n)`: n more subjects due today under each of three rules (term running out,
    keuzegesprek, stalled stage)."""
    numbers = iter(range(1, 20))

    def make(count: int):
        for _ in range(count):
            n = next(numbers)
            request_due_in(8 + n)
            with time_machine.travel(TODAY):
                moment = TODAY + timedelta(days=60 - n)
                place(in_use(street=f"Keuzestraat {n}"), birth_on=born_aged(17 * 12 + 6, on=moment))
                location = make_location(stage=Stage.IN_BEOORDELING, street=f"Schouwstraat {n}")
                location_stage_plan(
                    actor=actor_of(nidos),
                    location=location,
                    planned={Stage.SCHOUW: TODAY - timedelta(days=15)},
                )

    return make


def queries_of_a_first_run() -> tuple[int, int]:
    """Reminders sent and queries made by a run, rolled back so that every call is a first."""
    with (
        time_machine.travel(TODAY),
        CaptureQueriesContext(connection) as queries,
        transaction.atomic(),
    ):
        sent = reminders_run(today=TODAY)
        transaction.set_rollback(True)
    return sent, len(queries)


def test_the_queries_of_a_run_do_not_grow_with_the_number_of_reminders(make_due, gemeente):
    make_due(1)
    sent, few = queries_of_a_first_run()
    assert sent == 3
    make_due(3)
    sent, many = queries_of_a_first_run()
    assert sent == 12
    assert many == few


def test_beat_runs_the_reminders_every_day_at_seven(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-daily"]
    assert entry["task"] == "vervolghuisvesting.tasks.reminders_daily"
    assert entry["schedule"].hour == {7}
    assert entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Europe/Amsterdam"


def test_with_redis_down_the_run_completes_and_the_mail_goes_out_later(
    request_due_in, gemeente, broker_down, django_capture_on_commit_callbacks
):
    request_due_in(30)
    with time_machine.travel(TODAY), django_capture_on_commit_callbacks(execute=True):
        assert reminders_run(today=TODAY) == 1  # the broker is down: no exception, row kept
    reminder = Notification.objects.get(recipient=gemeente, kind="reminder")
    assert reminder.emailed_at is None
    broker_down()  # Redis is back; the next run queues what did not go out
    with time_machine.travel(TODAY, tick=False):
        a_quarter_later = timezone.now() + timedelta(minutes=20)
    with time_machine.travel(a_quarter_later):
        # The notices of the keuzegesprek and of the submission, and the reminder: unsent.
        assert notification_send_pending() == 3
    notification_email_send(reminder.pk)
    notification_email_send(reminder.pk)  # a second delivery of the same task sends nothing
    reminder.refresh_from_db()
    assert reminder.emailed_at is not None
    assert [message.to for message in mail.outbox] == [[gemeente.email]]


def test_a_send_that_fails_after_the_row_is_written_is_retried_never_doubled(
    request_due_in, gemeente, settings
):
    request_due_in(30)
    with time_machine.travel(TODAY):
        reminders_run(today=TODAY)
    reminder = Notification.objects.get(recipient=gemeente, kind="reminder")
    # The mail server refuses: nothing closed on port 9 accepts SMTP.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with pytest.raises(ConnectionRefusedError):
        notification_email_send.run(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.emailed_at is None
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(TODAY):
        assert reminders_run(today=TODAY) == 0  # the reminder itself is not written again
    notification_email_send(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.emailed_at is not None
    assert [message.to for message in mail.outbox] == [[gemeente.email]]


def test_from_21_still_placed_nidos_hears_once_that_verlengde_opvang_has_ended(
    partner, in_use, place, nidos, gemeente
):
    with time_machine.travel(TODAY):
        place(
            in_use(opening_on=TODAY - timedelta(days=400)),
            birth_on=born_aged(21 * 12, on=TODAY - timedelta(days=3)),
            started_on=TODAY - timedelta(days=300),
            age_reason="Verlengde Opvang",
        )
        reminders_run(today=TODAY)
        reminders_run(today=TODAY + timedelta(days=7))
    for user in (nidos, gemeente, partner):
        assert len(reminders_of(user, "is 21 en nog geplaatst")) == 1
