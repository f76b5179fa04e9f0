"""The export of the inbox: the user's own notifications as on screen, logged because reminders
name youths by their pseudonym."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kso_portal.constants import AccessKind
from kso_portal.models import AccessLogEntry
from notifications.services import notification_mark_read, notify
from organisations.constants import OrganisationKind
from tests.support import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

HEADER = ["Datum", "Melding", "Tekst", "Status", "Gelezen op"]


def tell(user, title: str, body: str = "De locatie staat nu op In gebruik."):
    (notification,) = notify(
        recipients=[user], kind="reminder", title=title, body=body, url="/jongeren/"
    )
    return notification


def export_url(fmt: str) -> str:
    return reverse("notification_export", kwargs={"fmt": fmt})


def on_screen(client, query: dict) -> list[str]:
    page = client.get(reverse("notification_list"), query).context["page"]
    return [notification.title for notification in page.object_list]


@pytest.fixture
def user(make_member, client):
    user = make_member(OrganisationKind.GEMEENTE)
    client.force_login(user)
    return user


@pytest.mark.parametrize("query", [{}, {"ongelezen": "1"}])
def test_csv_has_the_users_own_notifications_as_on_screen(client, user, make_member, query):
    first = tell(user, "Eerste")
    tell(user, "Tweede")
    tell(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0772"), "Van een ander")
    notification_mark_read(user=user, notification_ids=[first.pk])
    rows = csv_rows(client.get(export_url("csv"), query))
    assert rows[0] == HEADER
    assert [row[1] for row in rows[1:]] == on_screen(client, query)
    expected = ["Tweede"] if query else ["Tweede", "Eerste"]
    assert [row[1] for row in rows[1:]] == expected
    assert rows[1][3:] == ["Ongelezen", ""]


def test_xlsx_has_dates_as_dates_and_neutralises_formulas(client, user):
    tell(user, "Keuzegesprek J-7K3M9Q nog niet gevoerd", body="-1+2 of =SOM(A1)")
    rows = xlsx_rows(client.get(export_url("xlsx")))
    assert list(rows[0]) == HEADER
    (created, title, body, status, read_at) = rows[1]
    assert created.date() == timezone.localdate(user.notifications.get().created_at)
    assert (title, body, status, read_at) == (
        "Keuzegesprek J-7K3M9Q nog niet gevoerd",
        "'-1+2 of =SOM(A1)",
        "Ongelezen",
        None,
    )


def test_every_export_of_the_inbox_is_logged(client, user):
    tell(user, "Keuzegesprek J-7K3M9Q nog niet gevoerd")
    csv_rows(client.get(export_url("csv")))
    entry = AccessLogEntry.objects.get()
    assert (entry.kind, entry.what, entry.row_count, entry.user) == (
        AccessKind.EXPORT,
        "Export van meldingen (CSV)",
        1,
        user,
    )


def _queries(client, fmt: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(export_url(fmt))
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    return len(queries), len(rows) - 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_notification_is_exported_in_a_fixed_number_of_queries(
    client, user, fmt, django_assert_num_queries
):
    tell(user, "Melding 0")
    client.get(reverse("dashboard"))
    few, count = _queries(client, fmt)
    assert count == 1
    for number in range(1, 56):  # more than one page of 50
        tell(user, f"Melding {number}")
    with django_assert_num_queries(few):
        _, count = _queries(client, fmt)
    assert count == 56
    assert few <= 12


def test_an_unknown_format_is_404_and_the_inbox_links_to_both(client, user):
    tell(user, "Eerste")
    assert client.get("/meldingen/export.txt").status_code == 404
    html = client.get(reverse("notification_list"), {"ongelezen": "1"}).content.decode()
    assert f'href="{export_url("csv")}?ongelezen=1"' in html
    assert f'href="{export_url("xlsx")}?ongelezen=1"' in html
