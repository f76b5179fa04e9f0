"""The demo youths of `make run`: placed through the services at the demo location in use."""

import pytest
from django.core.management import call_command

from locations.models import Location
from notifications.models import Notification
from vervolghuisvesting.constants import Bucket, HousingState, TransferState
from vervolghuisvesting.models import HousingRequest, HousingTransfer, Youth
from vervolghuisvesting.selectors import occupancy, with_bucket

pytestmark = pytest.mark.django_db


def test_demo_places_youths_once_and_shows_a_conversation_due(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    oudegracht = Location.objects.get(street="Oudegracht")
    current = occupancy(location=oudegracht)
    assert (current.capacity, current.occupied, current.in_verlengde_opvang) == (4, 4, 2)
    assert Youth.objects.count() == 5
    assert Youth.objects.filter(conversation_on__isnull=True).count() == 2
    buckets = dict(with_bucket(HousingRequest.objects.all()).values_list("state", "bucket"))
    assert buckets[HousingState.GEHUISVEST] == Bucket.AFGEROND
    assert set(with_bucket(HousingRequest.objects.all()).values_list("bucket", flat=True)) == {
        Bucket.AFGEROND,
        Bucket.BINNEN_30,
        Bucket.OVERSCHREDEN,
    }
    assert Notification.objects.filter(kind="reminder").exists()
    call_command("load_demo_data")
    assert Youth.objects.count() == 5


def test_demo_has_a_hand_over_waiting_for_zeist(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    waiting = HousingTransfer.objects.get(state=TransferState.AANGEBODEN)
    assert (waiting.from_gemeente.code, waiting.to_gemeente.code) == ("GM0344", "GM0355")
    assert waiting.request.gemeente.code == "GM0344"  # Utrecht's until Zeist accepts
    zeist = Notification.objects.filter(recipient__email="zeist@kso.example")
    assert zeist.filter(title__startswith="Overdracht aangeboden").exists()
