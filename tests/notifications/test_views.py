"""The inbox as a user uses it: their own notifications, unread ones marked, following one."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kso_portal.access import Actor
from notifications.context_processors import unread
from notifications.models import Notification
from notifications.services import notification_mark_read, notify
from organisations.constants import OrganisationKind, Role

pytestmark = pytest.mark.django_db
# Session, user, memberships, count, unread count, rows, the header's unread count and the
# session save (3 with its savepoint): 10 today.
INBOX_QUERY_BUDGET = 10


def tell(user, title="Locatie Het Anker is in gebruik genomen", url="/locaties/12/"):
    (notification,) = notify(
        recipients=[user],
        kind="location_transition",
        title=title,
        body="De locatie staat nu op In gebruik.",
        url=url,
    )
    return notification


@pytest.fixture
def user(make_member, client):
    user = make_member(OrganisationKind.GEMEENTE)
    client.force_login(user)
    return user


@pytest.fixture
def stranger(make_member):
    return make_member(OrganisationKind.CONTRACTPARTNER)


def inbox(client, **query) -> str:
    response = client.get(reverse("notification_list"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_inbox_shows_only_the_users_own_notifications_newest_first(client, user, stranger):
    tell(user, title="Eerste melding")
    tell(user, title="Tweede melding")
    tell(stranger, title="Melding voor een ander")

    page = inbox(client)

    assert "Melding voor een ander" not in page
    assert page.index("Tweede melding") < page.index("Eerste melding")


def test_inbox_marks_unread_notifications_with_text(client, user):
    read = tell(user, title="Al gelezen")
    tell(user, title="Nog niet gelezen")
    client.post(reverse("notification_open", args=[read.pk]))

    page = inbox(client)

    row = page[page.index("Nog niet gelezen") :]
    assert row.index("Ongelezen") < row.index("</tr>")
    row = page[page.index("Al gelezen") :]
    assert row.index(">Gelezen<") < row.index("</tr>")
    assert "U heeft 1 ongelezen melding." in page


def test_unread_filter_shows_only_unread_notifications(client, user):
    read = tell(user, title="Al gelezen")
    tell(user, title="Nog niet gelezen")
    client.post(reverse("notification_open", args=[read.pk]))

    page = inbox(client, ongelezen="1")

    assert "Nog niet gelezen" in page
    assert "Al gelezen" not in page


def test_empty_inbox_and_empty_filter_say_so_in_dutch(client, user):
    assert "U heeft nog geen meldingen." in inbox(client)
    read = tell(user)
    client.post(reverse("notification_open", args=[read.pk]))
    assert "U heeft geen ongelezen meldingen." in inbox(client, ongelezen="1")


def test_fetching_a_notification_by_get_changes_nothing(client, user):
    # A link fetched by a browser's prefetch or a mail scanner must not mark it read.
    notification = tell(user, url="/locaties/12/")

    assert client.get(reverse("notification_open", args=[notification.pk])).status_code == 405

    notification.refresh_from_db()
    assert notification.read_at is None
    page = inbox(client)
    assert (
        f'<form method="post" action="{reverse("notification_open", args=[notification.pk])}">'
        in page
    )


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, user):
    notification = tell(user, url="/locaties/12/?tab=fasen")

    response = client.post(reverse("notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/locaties/12/?tab=fasen"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404_and_stays_unread(client, user, stranger):
    theirs = tell(stranger)

    assert client.post(reverse("notification_open", args=[theirs.pk])).status_code == 404

    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    "url",
    [
        "https://elders.example/",
        "//elders.example/",
        "/\\elders.example/",
        "javascript:alert(1)",
        "locaties/12/",
    ],
)
def test_opening_never_redirects_outside_the_portal(client, user, url):
    # notify refuses such links; a row written around it must still not redirect elsewhere.
    notification = Notification.objects.create(
        recipient=user, kind="x", title="t", body="b", url=url
    )

    response = client.post(reverse("notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("notification_list")


def test_mark_all_read_marks_only_the_users_own_and_says_so(client, user, stranger):
    tell(user), tell(user)
    theirs = tell(stranger)

    response = client.post(reverse("notification_mark_all_read"), follow=True)

    assert response.redirect_chain == [(reverse("notification_list"), 302)]
    assert "2 meldingen zijn als gelezen gemarkeerd." in response.content.decode()
    assert not user.notifications.filter(read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_refuses_get(client, user):
    tell(user)
    assert client.get(reverse("notification_mark_all_read")).status_code == 405
    assert user.notifications.get().read_at is None


def test_inbox_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("notification_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _inbox_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        inbox(client)
    return len(queries)


def test_inbox_query_count_does_not_grow_with_the_number_of_notifications(client, user):
    client.get(reverse("dashboard"))  # the first request of a session records the session
    tell(user)
    one = _inbox_queries(client)
    for number in range(39):
        tell(user, title=f"Melding {number}")
    many = _inbox_queries(client)

    assert many == one
    assert many <= INBOX_QUERY_BUDGET


def test_notifications_are_not_in_the_admin(client, make_member):
    # Reminders name youths by pseudonym; the beheerder sees no youths.
    tell(make_member(OrganisationKind.NIDOS), title="Termijn verstreken")
    beheerder = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR, is_staff=True)
    beheerder.is_superuser = True
    beheerder.save(update_fields=["is_superuser"])
    client.force_login(beheerder)
    assert client.get("/beheer/notifications/notification/").status_code == 404
    assert "Termijn verstreken" not in client.get(reverse("admin:index")).content.decode()


def _nav_link(page: str) -> str:
    nav = page[page.index('<nav class="main-nav"') : page.index("</nav>")]
    start = nav.index(f'<a href="{reverse("notification_list")}"')
    return nav[start : nav.index("</a>", start) + len("</a>")]


def test_header_shows_the_unread_count_beside_meldingen_until_all_are_read(client, user):
    for number in range(3):
        tell(user, title=f"Melding {number}")

    link = _nav_link(client.get(reverse("dashboard")).content.decode())

    assert link.endswith(
        'Meldingen <span class="badge badge--count">3'
        '<span class="visually-hidden"> ongelezen</span></span></a>'
    )
    notification_mark_read(user=user)
    link = _nav_link(client.get(reverse("dashboard")).content.decode())
    assert link.endswith(">Meldingen</a>")
    assert "badge--count" not in link


def test_header_count_is_the_users_own_unread_only(client, user, stranger):
    tell(stranger), tell(stranger)
    tell(user)

    assert 'badge--count">1<' in _nav_link(client.get(reverse("dashboard")).content.decode())


def test_unread_count_for_the_header_costs_one_query(rf, user, django_assert_num_queries):
    tell(user), tell(user)
    request = rf.get("/")
    request.user = user
    request.actor = Actor(user=user, membership=user.memberships.get())

    with django_assert_num_queries(1):
        assert unread(request) == {"unread_notifications": 2}


def test_unread_count_costs_no_query_for_an_anonymous_visitor(rf, django_assert_num_queries):
    request = rf.get("/")
    request.user = AnonymousUser()
    request.actor = Actor(user=request.user, membership=None)

    with django_assert_num_queries(0):
        assert unread(request) == {}


def test_inbox_links_to_the_preferences(client, user):
    assert f'<a href="{reverse("notification_preferences")}">' in inbox(client)
