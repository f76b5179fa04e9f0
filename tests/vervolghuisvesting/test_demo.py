"""The demo youths of `make run`: placed, moved and housed through the services, with what
issue 17 asks to see: a moved youth, a youth moved between contractpartners, an overdue
keuzegesprek, youths in Verlengde Opvang waiting for housing and one over 21 still placed."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from kso_portal.access import Actor
from locations.models import Location
from notifications.models import Notification
from tests.support import occupancy_on
from vervolghuisvesting import selectors
from vervolghuisvesting.constants import (
    Bucket,
    Destination,
    HousingState,
    PlacementTransferState,
    TransferState,
)
from vervolghuisvesting.models import HousingRequest, HousingTransfer, PlacementTransfer, Youth
from vervolghuisvesting.rules import age_on
from vervolghuisvesting.selectors import with_bucket

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")


def actor(email: str) -> Actor:
    user = get_user_model().objects.get(email=email)
    return Actor(user=user, membership=user.memberships.order_by("pk").first())


def test_demo_places_youths_once_and_shows_a_conversation_due(demo):
    in_use = {
        location.street: occupancy_on(location)
        for location in Location.objects.filter(placements__isnull=False).distinct()
    }
    assert {street: (o.capacity, o.occupied) for street, o in in_use.items()} == {
        "Oudegracht": (4, 3),
        "Amsterdamsestraatweg": (8, 5),
        "Soesterweg": (4, 1),
    }
    assert Youth.objects.count() == 10
    assert Youth.objects.filter(conversation_on__isnull=True).count() == 4
    buckets = dict(with_bucket(HousingRequest.objects.all()).values_list("state", "bucket"))
    assert buckets[HousingState.GEHUISVEST] == Bucket.AFGEROND
    assert set(with_bucket(HousingRequest.objects.all()).values_list("bucket", flat=True)) == {
        Bucket.AFGEROND,
        Bucket.BINNEN_30,
        Bucket.OVERSCHREDEN,
        Bucket.OP_SCHEMA,
    }
    assert Notification.objects.filter(kind="reminder").exists()
    call_command("load_demo_data")
    assert Youth.objects.count() == 10


def test_demo_has_a_hand_over_waiting_for_zeist(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    waiting = HousingTransfer.objects.get(state=TransferState.AANGEBODEN)
    assert (waiting.from_gemeente.code, waiting.to_gemeente.code) == ("GM0344", "GM0355")
    assert waiting.request.gemeente.code == "GM0344"  # Utrecht's until Zeist accepts
    zeist = Notification.objects.filter(recipient__email="zeist@kso.example")
    assert zeist.filter(title__startswith="Overdracht aangeboden").exists()


def test_the_demo_shows_what_issue_17_asks_for(demo):
    partner = actor("contractpartner@kso.example")
    due = selectors.keuzegesprek_due(actor=partner)
    assert [youth.is_overdue for youth in due] == [True, False]
    # Moved within De Overstap, and from the other contractpartner by an overplaatsing.
    moved = Youth.objects.filter(placements__destination=Destination.ANDERE_KSO)
    assert moved.count() == 2
    states = sorted(PlacementTransfer.objects.values_list("state", flat=True))
    assert states == [PlacementTransferState.AANVAARD, PlacementTransferState.VOORGESTELD]
    accepted = PlacementTransfer.objects.get(state=PlacementTransferState.AANVAARD)
    assert accepted.youth.housing_requests.get().gemeente.code == "GM0344"
    counts = selectors.verlengde_opvang_counts(actor=actor("gemeente@kso.example"))
    assert counts == {"uit_keuze": 1, "wacht_op_woonruimte": 2, "zonder_aanvraag": 0, "over_21": 1}
    waiting = selectors.transfers_open(actor=actor("nieuwthuis@kso.example"))
    assert [transfer.to_location.street for transfer in waiting] == ["Soesterweg"]


def test_every_demo_request_was_submitted_while_placed_and_from_17(demo):
    for request in HousingRequest.objects.select_related("youth"):
        first = request.youth.placements.order_by("started_on").first().started_on
        assert request.submitted_on >= first
        assert age_on(request.youth.birth_on, request.submitted_on) >= 17
