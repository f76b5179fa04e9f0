"""An invalid filter value is said at its field ("dit filter is niet toegepast") instead of being
silently ignored, and the list still shows what the other filters select."""

import html
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kso_portal import derived
from kso_portal.constants import AccessKind
from kso_portal.services import access_log_record
from locations.constants import Stage
from notifications.models import Notification
from organisations.constants import OrganisationKind, Role
from tests.support import actor_of, running_period

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def not_applied(label: str, value: str) -> str:
    return f"Onbekende waarde voor {label}: '{value}'; dit filter is niet toegepast."


def test_the_location_list_names_an_unknown_gemeente_and_keeps_the_stage(
    client, gemeente_user, utrecht
):
    client.force_login(gemeente_user)
    url = reverse("location_list")
    page = client.get(url, {"gemeente": "GM9999", "stage": Stage.SCHOUW})
    assert not_applied("Gemeente", "GM9999") in page_text(page)
    assert [row.street for row in page.context["page"].object_list] == ["Pijplijnstraat"]
    page = client.get(url, {"stage": "bestaat_niet"})
    assert not_applied("Fase", "bestaat_niet") in page_text(page)
    assert len(page.context["page"].object_list) == 2  # no stage filter: both locations


def test_an_invalid_filter_costs_no_query_more(client, gemeente_user, utrecht):
    client.force_login(gemeente_user)
    url = reverse("location_list")
    client.get(url)

    def queries(query: dict) -> int:
        derived.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        return len(captured)

    ignored = {"gemeente": "GM9999", "samenwerking": "12345678901234567890"}
    assert queries({"stage": Stage.SCHOUW}) == queries({"stage": Stage.SCHOUW, **ignored})


def test_the_map_names_an_unknown_form(client, gemeente_user, utrecht):
    client.force_login(gemeente_user)
    page = client.get(reverse("location_map"), {"form": "kasteel", "stage": Stage.IN_GEBRUIK})
    assert not_applied("Vorm", "kasteel") in page_text(page)
    # The stage still applies: the location in use, not the one at the schouw.
    assert sum(group["locations"] for group in page.context["groups"]) == 1


def test_the_youth_list_names_a_location_it_does_not_offer(client, partner, utrecht):
    client.force_login(partner)
    page = client.get(reverse("youth_list"), {"location": "999999", "status": "kso"})
    assert not_applied("Locatie", "999999") in page_text(page)
    assert len(page.context["page"].object_list) == 3
    page = client.get(reverse("youth_list"), {"within_months": "-1"})
    assert not_applied("Mijlpaal binnen", "-1") in page_text(page)


def test_the_housing_list_names_an_unknown_bucket_and_keeps_the_state(client, partner, utrecht):
    client.force_login(partner)
    page = client.get(reverse("housing_request_list"), {"bak": "morgen", "state": "ingediend"})
    assert not_applied("Termijn", "morgen") in page_text(page)
    assert len(page.context["page"].object_list) == 1
    page = client.get(reverse("housing_request_list"), {"bak": "afgerond", "state": "ingediend"})
    assert "niet toegepast" not in page_text(page)
    assert len(page.context["page"].object_list) == 0  # both applied: none completed


def test_the_taakstelling_table_names_an_unknown_province_and_sort(client, make_member, utrecht):
    client.force_login(make_member(OrganisationKind.NIDOS, is_national=True))
    url = reverse("period_table", args=[running_period()])
    page = client.get(url, {"province": "XX", "region": "noord-west", "sort": "omhoog"})
    text = page_text(page)
    assert not_applied("Provincie", "XX") in text
    assert not_applied("Sorteren op", "omhoog") in text
    provinces = {row.gemeente.province.name for row in page.context["rows"]}
    assert "Limburg" not in provinces
    assert "Utrecht" in provinces


def test_the_inbox_names_an_unknown_choice_and_shows_all(client, gemeente_user):
    for title in ("Een", "Twee"):
        Notification.objects.create(recipient=gemeente_user, kind="test", title=title, url="/")
    client.force_login(gemeente_user)
    page = client.get(reverse("notification_list"), {"ongelezen": "ja"})
    assert not_applied("Alleen ongelezen", "ja") in page_text(page)
    assert len(page.context["page"].object_list) == 2


def test_the_access_log_names_an_impossible_date_and_keeps_the_kind(client, make_member):
    beheerder = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    reader = make_member(OrganisationKind.NIDOS, is_national=True)
    for kind in (AccessKind.YOUTH_READ, AccessKind.EXPORT):
        access_log_record(actor=actor_of(reader), request=None, kind=kind, what="x", row_count=1)
    client.force_login(beheerder)
    page = client.get(reverse("access_log_list"), {"since": "2026-02-30", "kind": "export"})
    assert "Ongeldige waarde voor Vanaf: '2026-02-30'" in page_text(page)
    assert [entry.kind for entry in page.context["page"].object_list] == ["export"]
    page = client.get(reverse("access_log_list"), {"until": "0001-01-01"})
    assert "Ongeldige waarde voor Tot en met: '0001-01-01'" in page_text(page)


def test_the_location_page_names_a_date_out_of_range_and_shows_today(client, partner, utrecht):
    client.force_login(partner)
    url = reverse("location_detail", args=[utrecht["location"].pk])
    page = client.get(url, {"op": "0001-01-01"})
    assert "Ongeldige waarde voor Bezetting op: '0001-01-01'" in page_text(page)
    assert page.context["occupancy_on"] == timezone.localdate()
    yesterday = timezone.localdate() - timedelta(days=1)
    page = client.get(url, {"op": yesterday.isoformat()})
    assert page.context["occupancy_on"] == yesterday
