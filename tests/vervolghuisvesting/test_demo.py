"""The demo youths of `make run`: placed through the services at the demo location in use."""

import pytest
from django.core.management import call_command

from locations.models import Location
from vervolghuisvesting.models import Youth
from vervolghuisvesting.selectors import occupancy

pytestmark = pytest.mark.django_db


def test_demo_places_youths_once_and_shows_a_conversation_due(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    oudegracht = Location.objects.get(street="Oudegracht")
    current = occupancy(location=oudegracht)
    assert (current.capacity, current.occupied, current.in_verlengde_opvang) == (4, 3, 1)
    assert Youth.objects.count() == 4
    assert Youth.objects.filter(conversation_on__isnull=True).count() == 2
    call_command("load_demo_data")
    assert Youth.objects.count() == 4
