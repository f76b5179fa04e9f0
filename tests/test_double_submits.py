"""A form that creates something, submitted twice (a fast double click, Back and submit, two
tabs), makes one row and shows the second submission what the first one made (issue 25: a
double click on "place a new youth" made two youths with one birth date and dossier number).

Each form is opened as its user opens it, its one-time token read from the page, and the same
form posted twice."""

import re
import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from locations.constants import Stage
from locations.models import Location, LocationComment, LocationDocument
from notifications.services import notification_preferences_save
from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente, Organisation
from reports.models import Report
from taakstelling.models import QuotaImport
from tests.support import PROPERTY, actor_of, born_aged, running_period
from vervolghuisvesting import services as youth_services
from vervolghuisvesting.models import Escalation, OccupancyConfirmation, Youth

ALREADY = "Dit formulier was al verstuurd"


def token_of(html: str, action: str) -> str:
    """The one-time token of the form that posts to `action` (or of the page's only form that
    posts to the page itself)."""
    start = html.find(f'action="{action}"')
    form = html[start : html.index("</form>", start)] if start >= 0 else html
    return re.search(r'name="once" value="([^"]+)"', form)[1]


def twice(client: Client, url: str, data: dict, page: str):
    """Open `page`, and post its form to `url` twice with the same token."""
    token = token_of(client.get(page).content.decode(), url)
    first = client.post(url, {**data, "once": token})
    second = client.post(url, {**data, "once": token}, follow=True)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert ALREADY in second.content.decode()
    return first, second


pytestmark = pytest.mark.django_db


def test_a_property_offered_twice_is_one_location(client, make_member):
    client.force_login(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    data = {
        **PROPERTY,
        "gemeente": Gemeente.objects.get(code="GM0344").pk,
        "available_from": "2026-01-01",
        "has_living_room": "true",
        "has_kitchen": "true",
        "has_gp": "true",
        "has_staff_room": "unknown",
    }
    data = {key: value for key, value in data.items() if value is not None}
    url = reverse("location_create")
    _first, second = twice(client, url, data, page=url)
    [location] = Location.objects.all()
    assert second.redirect_chain[-1][0] == reverse("location_detail", args=[location.pk])


def test_a_comment_and_a_document_posted_twice_are_one_each(client, make_location, gemeente_user):
    location = make_location()
    client.force_login(gemeente_user)
    page = reverse("location_detail", args=[location.pk])
    twice(client, reverse("location_comment_add", args=[location.pk]), {"body": "Ja."}, page)
    upload = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
    url = reverse("location_document_add", args=[location.pk])
    html = client.get(page).content.decode()
    token = token_of(html, url)
    for _ in range(2):
        client.post(
            url, {"kind": "foto", "once": token, "upload": SimpleUploadedFile("a.png", upload)}
        )
    assert (LocationComment.objects.count(), LocationDocument.objects.count()) == (1, 1)


def test_a_placement_of_a_new_youth_posted_twice_is_one_youth(client, partner, in_use):
    location = in_use()
    client.force_login(partner)
    url = reverse("placement_create", args=[location.pk])
    data = {
        "birth_on": born_aged(16 * 12).isoformat(),
        "started_on": timezone.localdate().isoformat(),
        "nidos_dossier_number": "D-123",
    }
    twice(client, url, data, page=url)
    # Before: two youths with the same birth date and dossier number.
    assert Youth.objects.count() == 1


def test_the_same_token_at_the_same_moment_places_one_youth(transactional_db, make_member):
    """Two requests at once with one token: the unique index decides, the second waits for the
    first and is told."""
    partner = make_member(OrganisationKind.CONTRACTPARTNER)
    gemeente = Gemeente.objects.get(code="GM0344")
    offered_by, _created = Organisation.objects.get_or_create(
        gemeente=gemeente, defaults={"name": "Gemeente Utrecht", "kind": OrganisationKind.GEMEENTE}
    )
    location = Location.objects.create(
        **PROPERTY,
        gemeente=gemeente,
        offered_by=offered_by,
        contractpartner=partner.memberships.get().organisation,
        stage=Stage.IN_GEBRUIK,
        stage_changed_at=timezone.now(),
        opening_on=timezone.localdate() - timedelta(days=60),
    )
    outcomes = []

    def place():
        try:
            youth_services.placement_start(
                actor=actor_of(partner),
                location=location,
                started_on=timezone.localdate(),
                birth_on=born_aged(16 * 12),
                once="een-en-hetzelfde-token-van-dit-formulier-00",
            )
            outcomes.append("geplaatst")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=place) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["AlreadySubmitted", "geplaatst"]
    assert Youth.objects.count() == 1


def test_an_occupancy_confirmed_twice_is_one_confirmation(client, partner, in_use, place):
    location = in_use()
    place(location)
    client.force_login(partner)
    page = reverse("location_detail", args=[location.pk])
    twice(client, reverse("occupancy_confirm", args=[location.pk]), {}, page)
    assert OccupancyConfirmation.objects.filter(location=location).count() == 1


def test_an_escalation_posted_twice_is_one(client, partner, in_use, place, gemeente_user):
    youth = place(in_use(), months=17 * 12 + 8).youth
    request = youth_services.housing_request_submit(
        actor=actor_of(partner), youth=youth, submitted_on=timezone.localdate()
    )
    client.force_login(gemeente_user)
    page = reverse("housing_request_detail", args=[request.pk])
    data = {"kind": "overleg_nidos", "on": timezone.localdate().isoformat(), "note": "Overleg"}
    twice(client, reverse("escalation_add", args=[request.pk]), data, page)
    assert Escalation.objects.filter(request=request).count() == 1


def test_the_national_overview_asked_twice_is_queued_once(client, make_member, utrecht):
    client.force_login(make_member(OrganisationKind.NIDOS, role=Role.COORDINATOR, is_national=True))
    data = {"kind": "overview", "overzicht-region": "", "overzicht-period": running_period()}
    html = client.get(reverse("report_index")).content.decode()
    token = re.search(r'name="overzicht-once" value="([^"]+)"', html)[1]
    for _ in range(2):
        client.post(reverse("report_create"), {**data, "overzicht-once": token})
    assert Report.objects.count() == 1


def test_an_estimate_posted_twice_is_one_preview(client, make_member):
    client.force_login(make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR))
    url = reverse("quota_import")
    html = client.get(url).content.decode()
    token = re.search(r'name="schatting-once" value="([^"]+)"', html)[1]
    data = {
        "schatting-period": "2026-II",
        "schatting-kind": "kso_plaatsen",
        "schatting-national_total": "100",
        "schatting-once": token,
    }
    client.post(url, data)
    second = client.post(url, data, follow=True)
    assert ALREADY in second.content.decode()
    assert QuotaImport.objects.count() == 1


@pytest.mark.parametrize("total", ["1e11", "99999999999", "٣٠", "3²"])
def test_an_estimate_from_an_impossible_total_is_a_form_error(client, make_member, total):
    client.force_login(make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR))
    data = {
        "schatting-period": "2026-II",
        "schatting-kind": "kso_plaatsen",
        "schatting-national_total": total,
    }
    # Before: a 500 (1e11 apportioned past what the database holds; "٣٠" read as 30).
    response = client.post(reverse("quota_import"), data)
    assert response.status_code == 200
    assert not QuotaImport.objects.exists()


def test_a_cancelled_preview_leaves_no_period(client, make_member):
    from taakstelling.models import Period

    client.force_login(make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR))
    data = {
        "schatting-period": "2031-I",
        "schatting-kind": "kso_plaatsen",
        "schatting-national_total": "10",
    }
    client.post(reverse("quota_import"), data)
    preview = QuotaImport.objects.get()
    client.post(reverse("quota_import_confirm", args=[preview.pk]), {"annuleren": "1"})
    # Before: the preview made the period 2031-I, which stayed after cancelling.
    assert not Period.objects.filter(code="2031-I").exists()
    client.post(reverse("quota_import"), data)
    confirmed = QuotaImport.objects.latest("pk")
    client.post(reverse("quota_import_confirm", args=[confirmed.pk]))
    assert Period.objects.filter(code="2031-I").exists()


def test_preferences_saved_twice_at_once_give_no_error(transactional_db, make_member):
    user = make_member(OrganisationKind.GEMEENTE)
    errors = []

    def save():
        try:
            notification_preferences_save(user=user, deliveries={"reminder": "digest"})
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    for _round in range(5):
        threads = [threading.Thread(target=save) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    # Before: the second of two saves at once met the unique constraint (a 500).
    assert errors == []
    assert user.notification_preferences.get(kind="reminder").delivery == "digest"
