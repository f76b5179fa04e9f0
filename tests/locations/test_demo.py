"""The demo locations of `make run`: made through the services, one per stage of the way."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from locations.constants import Stage
from locations.models import ChecklistVersion, Location, PveCheck
from locations.pve import current_checklist
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
    assert ChecklistVersion.objects.count() == 2


def test_demo_stages_were_reached_before_they_were_recorded(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    today = timezone.localdate()
    oudegracht = Location.objects.get(street="Oudegracht")
    opening = oudegracht.transitions.get(to_stage=Stage.IN_GEBRUIK)
    assert oudegracht.opening_on == today - timedelta(days=30)
    assert oudegracht.stage_plans.get(stage=Stage.IN_GEBRUIK).actual_on == oudegracht.opening_on
    assert opening.happened_on == oudegracht.opening_on
    recorded = [timezone.localtime(t.at).date() for t in oudegracht.transitions.all()]
    happened = [t.happened_on for t in oudegracht.transitions.all()]
    assert recorded != happened
    assert all(on <= at for on, at in zip(happened, recorded, strict=True))
    assert happened == sorted(happened)


def test_demo_has_a_checklist_version_to_come_and_checks_kept_under_the_one_in_force(
    reference_data, settings
):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    later = ChecklistVersion.objects.get(valid_from__gt=timezone.localdate())
    assert current_checklist().number == later.number - 1
    kept = PveCheck.objects.filter(location__street="Oudegracht")
    assert set(kept.values_list("version__number", flat=True)) == {later.number - 1}
    assert kept.count() == 6
