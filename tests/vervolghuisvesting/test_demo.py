"""The demo youths of `make run`: placed, moved and housed through the services."""

import pytest
from django.core.management import call_command

from locations.models import Location
from notifications.models import Notification
from tests.support import occupancy_on
from vervolghuisvesting.constants import Bucket, Destination, HousingState
from vervolghuisvesting.models import HousingRequest, Placement, Youth
from vervolghuisvesting.rules import age_on
from vervolghuisvesting.selectors import with_bucket

pytestmark = pytest.mark.django_db


def test_demo_places_youths_once_and_shows_a_conversation_due(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    in_use = {
        location.street: occupancy_on(location)
        for location in Location.objects.filter(placements__isnull=False).distinct()
    }
    assert {street: (o.capacity, o.occupied) for street, o in in_use.items()} == {
        "Oudegracht": (4, 2),
        "Amsterdamsestraatweg": (8, 5),
        "Soesterweg": (4, 1),
    }
    assert Youth.objects.count() == 9
    assert Youth.objects.filter(conversation_on__isnull=True).count() == 4
    buckets = dict(with_bucket(HousingRequest.objects.all()).values_list("state", "bucket"))
    assert buckets[HousingState.GEHUISVEST] == Bucket.AFGEROND
    assert set(with_bucket(HousingRequest.objects.all()).values_list("bucket", flat=True)) == {
        Bucket.AFGEROND,
        Bucket.BINNEN_30,
        Bucket.OVERSCHREDEN,
    }
    assert Placement.objects.filter(destination=Destination.ANDERE_KSO).count() == 1
    assert Notification.objects.filter(kind="reminder").exists()
    call_command("load_demo_data")
    assert Youth.objects.count() == 9


def test_every_demo_request_was_submitted_while_placed_and_from_17(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    for request in HousingRequest.objects.select_related("youth"):
        first = request.youth.placements.order_by("started_on").first().started_on
        assert request.submitted_on >= first
        assert age_on(request.youth.birth_on, request.submitted_on) >= 17
