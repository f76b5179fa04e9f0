"""The demo locations of `make run`: made through the services, one per stage of the way."""

import pytest
from django.core.management import call_command

from locations.constants import Stage
from locations.models import Location
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_has_locations_in_every_stage_of_the_way_and_loads_once(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    stages = dict(Location.objects.values_list("street", "stage"))
    assert stages == {
        "Oudegracht": Stage.IN_GEBRUIK,
        "Biltstraat": Stage.VOORBEREIDING,
        "Kanaalstraat": Stage.IN_BEOORDELING,
        "Utrechtseweg": Stage.SCHOUW,
        "Stationsplein": Stage.AFGEWEZEN,
        "Slotlaan": Stage.AANGEBODEN,
        "Amsterdamsestraatweg": Stage.IN_GEBRUIK,
        "Soesterweg": Stage.IN_GEBRUIK,
    }
    oudegracht = Location.objects.get(street="Oudegracht")
    assert oudegracht.documents.count() == 1
    assert oudegracht.transitions.count() == 6
    assert Notification.objects.filter(recipient__email="nidos.landelijk@kso.example").exists()
    call_command("load_demo_data")
    assert Location.objects.count() == 8
