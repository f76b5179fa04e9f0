"""notify and notification_mark_read: who gets a notification, once, and marking it read."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notifications.constants import Delivery
from notifications.models import Notification
from notifications.services import (
    Notice,
    notification_mark_read,
    notification_preferences_save,
    notify,
    notify_many,
)
from organisations.constants import OrganisationKind

pytestmark = pytest.mark.django_db


def tell(recipients, *, dedupe_key="", title="Locatie Het Anker is in gebruik genomen"):
    return notify(
        recipients=recipients,
        kind="location_transition",
        title=title,
        body="De locatie staat nu op In gebruik.",
        url="/locaties/12/",
        dedupe_key=dedupe_key,
    )


@pytest.fixture
def colleagues(make_member):
    return [make_member(OrganisationKind.GEMEENTE) for _ in range(3)]


def test_notify_creates_one_row_per_active_recipient_and_skips_inactive(colleagues):
    first, second, gone = colleagues
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    created = tell([first, second, second, gone])

    assert sorted(n.recipient_id for n in created) == sorted([first.pk, second.pk])
    assert all(n.pk for n in created)
    assert Notification.objects.count() == 2
    assert not gone.notifications.exists()


def test_notify_without_dedupe_key_records_every_call(colleagues):
    tell(colleagues[:1])
    tell(colleagues[:1])
    assert colleagues[0].notifications.count() == 2


def test_dedupe_key_prevents_a_second_row_for_the_same_recipient(colleagues):
    first, second, _ = colleagues
    assert len(tell([first], dedupe_key="placement:7:term:30")) == 1

    again = tell([first, second], dedupe_key="placement:7:term:30", title="Tweede keer")

    assert [n.recipient_id for n in again] == [second.pk]
    assert list(first.notifications.values_list("title", flat=True)) == [
        "Locatie Het Anker is in gebruik genomen"
    ]
    # Another threshold of the same rule is a notification of its own.
    assert len(tell([first], dedupe_key="placement:7:term:7")) == 1


def test_notify_enqueues_one_email_per_created_row_only_after_commit(
    colleagues, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        tell(colleagues, dedupe_key="stage:3:stalled")
        tell(colleagues, dedupe_key="stage:3:stalled")
    assert len(callbacks) == len(colleagues)


@pytest.mark.parametrize(
    "url", ["https://elders.example/", "//elders.example/", "/\\elders.example/", "locaties/1/"]
)
def test_notify_refuses_a_link_outside_the_portal(colleagues, url):
    with pytest.raises(ValidationError):
        notify(recipients=colleagues, kind="x", title="t", body="b", url=url)
    assert not Notification.objects.exists()


def test_mark_read_marks_all_unread_of_that_user_only(colleagues):
    first, second, _ = colleagues
    tell([first, second])
    tell([first])

    assert notification_mark_read(user=first) == 2
    assert notification_mark_read(user=first) == 0  # already read: nothing left to mark
    assert not first.notifications.filter(read_at=None).exists()
    assert second.notifications.get().read_at is None


def test_mark_read_with_ids_ignores_someone_elses_ids(colleagues):
    first, second, _ = colleagues
    mine, other = tell([first])[0], tell([second])[0]
    tell([first])

    assert notification_mark_read(user=first, notification_ids=[mine.pk, other.pk]) == 1

    mine.refresh_from_db(), other.refresh_from_db()
    assert mine.read_at is not None
    assert other.read_at is None
    assert first.notifications.filter(read_at=None).count() == 1


@pytest.mark.django_db(transaction=True)
def test_dedupe_holds_when_two_calls_race(make_member):
    """The second call reaches its insert while the first has inserted but not yet committed:
    the unique constraint makes it wait, then it finds the row and creates none."""
    user = make_member(OrganisationKind.GEMEENTE)
    first_inserted, second_started = threading.Event(), threading.Event()
    created: dict[str, list] = {}

    def first():
        try:
            with transaction.atomic():
                created["first"] = tell([user], dedupe_key="youth:5:keuzegesprek:60")
                first_inserted.set()
                second_started.wait(5)
                time.sleep(0.5)  # let the second call block on the constraint
        finally:
            connection.close()

    def second():
        try:
            first_inserted.wait(5)
            second_started.set()
            created["second"] = tell([user], dedupe_key="youth:5:keuzegesprek:60")
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert len(created["first"]) == 1
    assert created["second"] == []
    assert user.notifications.count() == 1


def notice(recipients, number: int, *, kind="reminder", dedupe_key=""):
    title, url = f"Herinnering {number}", f"/jongeren/{number}/"
    return Notice(recipients, kind, title, "Tekst.", url, dedupe_key)


def test_notify_many_records_each_notice_with_each_recipients_own_delivery(
    colleagues, django_capture_on_commit_callbacks
):
    first, second, gone = colleagues
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    notification_preferences_save(user=second, deliveries={"reminder": Delivery.DIGEST})

    with django_capture_on_commit_callbacks() as enqueued:
        created = notify_many(
            notices=[
                notice([first, second, gone], 1),
                notice([second], 2, kind="location"),
                notice(iter([first, first]), 3, dedupe_key="youth:3"),
            ]
        )

    assert [(row.title, row.recipient_id, row.delivery) for row in created] == [
        ("Herinnering 1", first.pk, Delivery.IMMEDIATE),
        ("Herinnering 1", second.pk, Delivery.DIGEST),
        ("Herinnering 2", second.pk, Delivery.IMMEDIATE),
        ("Herinnering 3", first.pk, Delivery.IMMEDIATE),
    ]
    assert all(row.pk for row in created)
    assert Notification.objects.count() == 4
    assert len(enqueued) == 3  # the digest row waits for the digest


def test_notify_many_creates_a_dedupe_key_once_per_recipient_within_and_across_calls(colleagues):
    first, second, _ = colleagues
    tell([first], dedupe_key="stage:3:stalled")

    created = notify_many(
        notices=[
            notice([first, second], 1, dedupe_key="stage:3:stalled"),
            notice([second], 2, dedupe_key="stage:3:stalled"),
            notice([second], 3, dedupe_key="stage:4:stalled"),
        ]
    )

    assert [(row.title, row.recipient_id) for row in created] == [
        ("Herinnering 1", second.pk),
        ("Herinnering 3", second.pk),
    ]
    assert notify_many(notices=[notice([first, second], 1, dedupe_key="stage:3:stalled")]) == []
    assert Notification.objects.count() == 3


def test_notify_many_takes_as_many_queries_for_many_notices_as_for_one(make_member):
    users = [make_member(OrganisationKind.GEMEENTE) for _ in range(6)]
    notification_preferences_save(user=users[0], deliveries={"reminder": Delivery.INBOX})

    def count(notices):
        with CaptureQueriesContext(connection) as queries:
            assert notify_many(notices=notices)
        return len(queries)

    one = count([notice(users[:1], 0, dedupe_key="k0"), notice(users[:1], 0)])
    many = [notice(users[: n % 6 + 1], n, dedupe_key=f"k{n}") for n in range(1, 12)]
    assert count(many + [notice(users, n) for n in range(12, 20)]) == one
