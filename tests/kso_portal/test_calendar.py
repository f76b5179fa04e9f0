"""The private iCal feed: the deadlines a user may see, behind a renewable secret link."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from kso_portal.constants import AccessKind
from kso_portal.models import AccessLogEntry
from locations.constants import Stage
from locations.services import location_stage_plan
from notifications.models import CalendarFeed
from organisations.constants import OrganisationKind
from tests.support import actor_of
from vervolghuisvesting import services

pytestmark = pytest.mark.django_db


def feed_link(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("calendar_feed_renew"))
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    client.logout()
    return message.rsplit(" ", 1)[-1]


def events(client, url) -> dict[str, object]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e["dtstart"].dt for e in calendar.walk("VEVENT")}


def test_the_feed_holds_the_deadlines_the_user_may_see(client, partner, in_use, place, make_member):
    location = in_use()
    youth = place(location, months=17 * 12).youth
    services.housing_request_submit(
        actor=actor_of(partner), youth=youth, submitted_on=timezone.localdate()
    )
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    planned = timezone.localdate() + timedelta(days=20)
    other = in_use(street="Tweede", stage=Stage.VOORBEREIDING)
    location_stage_plan(actor=actor_of(nidos), location=other, planned={Stage.IN_GEBRUIK: planned})
    url = feed_link(client, partner)
    found = events(client, url.split("testserver", 1)[-1])
    assert f"Keuzemoment (17,5) {youth.pseudonym}" in found
    assert f"{youth.pseudonym} wordt 18" in found
    assert f"Uiterste datum vervolghuisvesting {youth.pseudonym}" in found
    assert found[f"Gepland: In gebruik, {other}"] == planned
    entry = AccessLogEntry.objects.get(kind=AccessKind.EXPORT)
    assert (entry.email, entry.what) == (partner.email, "Agenda-feed")


def test_another_organisations_youths_are_not_in_the_feed(client, in_use, place, make_member):
    youth = place(in_use()).youth
    stranger = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    url = feed_link(client, stranger)
    assert not any(
        youth.pseudonym in summary for summary in events(client, url.split("testserver", 1)[-1])
    )


def test_renewing_the_link_revokes_the_old_one(client, partner):
    old = feed_link(client, partner).split("testserver", 1)[-1]
    assert client.get(old).status_code == 200
    new = feed_link(client, partner).split("testserver", 1)[-1]
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_event_ids_are_opaque_and_stable(client, partner, in_use, place):
    youth = place(in_use(), months=17 * 12).youth
    services.housing_request_submit(
        actor=actor_of(partner), youth=youth, submitted_on=timezone.localdate()
    )
    url = feed_link(client, partner).split("testserver", 1)[-1]

    def uids() -> list[str]:
        calendar = Calendar.from_ical(client.get(url).content)
        return [str(event["uid"]) for event in calendar.walk("VEVENT")]

    first = uids()
    assert len(first) == len(set(first)) >= 3
    assert first == uids()
    for uid in first:
        # Before: "keuzemoment-<youth id>@..." and "aanvraag-<request id>@...".
        name = uid.split("@", 1)[0]
        assert re.fullmatch(r"[0-9a-f]{32}", name), uid


def test_the_access_log_keeps_the_feed_link_without_its_secret(client, partner, in_use, place):
    place(in_use(), months=17 * 12)
    url = feed_link(client, partner).split("testserver", 1)[-1]
    secret = url.removeprefix("/agenda/").removesuffix(".ics")
    client.get(url)
    entry = AccessLogEntry.objects.get(kind=AccessKind.EXPORT)
    assert secret not in entry.path
    digest = hashlib.sha256(secret.encode()).hexdigest()
    # Traceable: the start of the digest the portal keeps of the link.
    assert entry.path == f"/agenda/sha256:{digest[:12]}.ics"
    assert CalendarFeed.objects.get(user=partner).token_hash == digest
