"""Preferences per kind of notification: the page that sets them, and notify() obeying them."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from notifications.constants import Delivery, NotificationKind
from notifications.models import Notification, NotificationPreference
from notifications.services import notification_preferences_save, notify
from notifications.tasks import notification_digest_send, notification_email_send
from organisations.constants import OrganisationKind

pytestmark = pytest.mark.django_db
URL = "/meldingen/voorkeuren/"
LABELS = ["Direct per e-mail", "Dagelijkse samenvatting (07:30)", "Alleen in het portaal"]


@pytest.fixture
def user(make_member, client):
    user = make_member(OrganisationKind.GEMEENTE)
    client.force_login(user)
    return user


def choices(user) -> dict[str, str]:
    return dict(user.notification_preferences.values_list("kind", "delivery"))


def save_on_page(client, **deliveries) -> str:
    data = dict.fromkeys(NotificationKind.values, Delivery.IMMEDIATE) | deliveries
    response = client.post(URL, data, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    return response.content.decode()


def tell(user, kind: str, callbacks, title: str = "Fase gewijzigd") -> tuple[Notification, int]:
    """The notification made, and how many e-mail tasks it enqueued on commit."""
    with callbacks() as enqueued:
        (notification,) = notify(
            recipients=[user], kind=kind, title=title, body="Tekst.", url="/locaties/12/"
        )
    return notification, len(enqueued)


def test_url_and_name_of_the_preferences_page():
    assert reverse("notification_preferences") == URL


def test_page_has_one_labelled_radio_group_per_kind_with_the_default_checked(client, user):
    page = client.get(URL).content.decode()

    fieldsets = re.findall(r"<fieldset.*?</fieldset>", page, flags=re.DOTALL)
    assert len(fieldsets) == len(NotificationKind.choices)
    for (kind, label), fieldset in zip(NotificationKind.choices, fieldsets, strict=True):
        assert f"<legend>{label}</legend>" in fieldset
        for value, text in zip(Delivery.values, LABELS, strict=True):
            assert f'value="{value}"' in fieldset
            assert f"{text}</label>" in fieldset
        checked = re.search(r'<input[^>]*value="(\w+)"[^>]*checked', fieldset)
        assert checked.group(1) == Delivery.IMMEDIATE, kind


def test_saving_records_the_choices_and_says_so_in_dutch(client, user):
    page = save_on_page(
        client,
        location=Delivery.DIGEST,
        reminder=Delivery.INBOX,
        housing_request="immediate",
        youth=Delivery.DIGEST,
    )

    assert "Uw voorkeuren voor meldingen zijn opgeslagen." in page
    assert choices(user) == {
        "location": "digest",
        "reminder": "inbox",
        "housing_request": "immediate",
        "youth": "digest",
    }
    checked = re.findall(r'<input[^>]*name="(\w+)"[^>]*value="(\w+)"[^>]*checked', page)
    assert dict(checked) == choices(user)


def test_saving_changes_only_the_signed_in_users_own_preferences(client, user, make_member):
    other = make_member(OrganisationKind.NIDOS)
    notification_preferences_save(user=other, deliveries={"location": Delivery.INBOX})

    save_on_page(client, location=Delivery.DIGEST)

    assert choices(other) == {"location": "inbox"}
    assert choices(user)["location"] == "digest"


def test_saving_again_changes_the_existing_row(client, user):
    save_on_page(client, location=Delivery.DIGEST)
    save_on_page(client, location=Delivery.INBOX)

    assert user.notification_preferences.filter(kind="location").count() == 1
    assert choices(user)["location"] == "inbox"


def test_an_unknown_choice_is_refused_and_nothing_is_saved(client, user):
    response = client.post(URL, dict.fromkeys(NotificationKind.values, "fax"))

    assert response.status_code == 200
    assert "form__field--invalid" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_preferences_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_immediate_is_the_default_and_is_emailed_at_once(user, django_capture_on_commit_callbacks):
    notification, enqueued = tell(user, "location", django_capture_on_commit_callbacks)

    assert notification.delivery == Delivery.IMMEDIATE
    assert enqueued == 1
    notification_email_send(notification.pk)
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_chosen_immediate_is_emailed_at_once(client, user, django_capture_on_commit_callbacks):
    save_on_page(client, reminder=Delivery.IMMEDIATE)
    notification, enqueued = tell(user, "reminder", django_capture_on_commit_callbacks)

    assert enqueued == 1
    notification_email_send(notification.pk)
    assert len(mail.outbox) == 1
    assert notification_digest_send() == 0


def test_digest_waits_for_the_digest_and_is_not_emailed_at_once(
    client, user, django_capture_on_commit_callbacks
):
    save_on_page(client, location=Delivery.DIGEST)
    notification, enqueued = tell(user, "location", django_capture_on_commit_callbacks)

    assert notification.delivery == Delivery.DIGEST
    assert enqueued == 0
    notification_email_send(notification.pk)  # a stray task still sends nothing
    assert mail.outbox == []

    assert notification_digest_send() == 1
    assert "Fase gewijzigd" in mail.outbox[0].body


def test_inbox_only_is_never_emailed(client, user, django_capture_on_commit_callbacks):
    save_on_page(client, housing_request=Delivery.INBOX)
    notification, enqueued = tell(user, "housing_request", django_capture_on_commit_callbacks)

    assert enqueued == 0
    notification_email_send(notification.pk)
    notification_digest_send()
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert user.notifications.filter(read_at=None).count() == 1  # still in the inbox


def test_a_preference_applies_to_its_own_kind_only(user, django_capture_on_commit_callbacks):
    notification_preferences_save(user=user, deliveries={"location": Delivery.INBOX})

    _, enqueued = tell(user, "reminder", django_capture_on_commit_callbacks)
    assert enqueued == 1


def test_a_kind_outside_the_known_list_gets_the_default(user, django_capture_on_commit_callbacks):
    notification, enqueued = tell(user, "something_new", django_capture_on_commit_callbacks)

    assert notification.delivery == Delivery.IMMEDIATE
    assert enqueued == 1


def test_each_recipient_gets_their_own_delivery(make_member, django_capture_on_commit_callbacks):
    at_once, daily, never = (make_member(OrganisationKind.NIDOS) for _ in range(3))
    notification_preferences_save(user=daily, deliveries={"reminder": Delivery.DIGEST})
    notification_preferences_save(user=never, deliveries={"reminder": Delivery.INBOX})

    with django_capture_on_commit_callbacks() as enqueued:
        created = notify(
            recipients=[at_once, daily, never],
            kind="reminder",
            title="Termijn loopt af",
            body="Tekst.",
            url="/jongeren/1/",
            dedupe_key="youth:1:term:30",
        )

    assert {row.recipient_id: row.delivery for row in created} == {
        at_once.pk: "immediate",
        daily.pk: "digest",
        never.pk: "inbox",
    }
    assert len(enqueued) == 1


def test_a_changed_preference_applies_to_later_notifications_only(
    user, django_capture_on_commit_callbacks
):
    notification_preferences_save(user=user, deliveries={"location": Delivery.DIGEST})
    waiting, _ = tell(user, "location", django_capture_on_commit_callbacks, title="Eerder")
    notification_preferences_save(user=user, deliveries={"location": Delivery.INBOX})
    later, _ = tell(user, "location", django_capture_on_commit_callbacks, title="Later")

    assert (waiting.delivery, later.delivery) == ("digest", "inbox")
    notification_digest_send()
    assert "Eerder" in mail.outbox[0].body
    assert "Later" not in mail.outbox[0].body


def test_preference_changes_are_recorded_in_the_history(user):
    notification_preferences_save(user=user, deliveries={"location": Delivery.DIGEST})
    notification_preferences_save(user=user, deliveries={"location": Delivery.DIGEST})
    notification_preferences_save(user=user, deliveries={"location": Delivery.INBOX})

    preference = user.notification_preferences.get()
    labels = list(preference.events.order_by("pgh_id").values_list("pgh_label", "delivery"))
    assert labels == [("insert", "digest"), ("update", "inbox")]


@pytest.mark.parametrize("kind", OrganisationKind.values)
def test_every_organisation_kind_opens_its_own_preferences_page(client, make_member, kind):
    client.force_login(make_member(kind))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Voorkeuren voor meldingen" in response.content.decode()
