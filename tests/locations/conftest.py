"""Fixtures of the location tests: the parties of one location and a way to make locations."""

from datetime import date

import pytest
from django.utils import timezone

from kso_portal.access import Actor
from locations.constants import KsoForm, OwnerType, PropertyType, Stage
from locations.models import Location
from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente, Organisation

PROPERTY = {
    "street": "Oudegracht",
    "house_number": "12",
    "postcode": "3511 AB",
    "place": "Utrecht",
    "property_type": PropertyType.GROTER_WOONHUIS,
    "owner_type": OwnerType.GEMEENTELIJK,
    "available_from": date(2026, 1, 1),
    "intended_form": KsoForm.KWE,
    "proposed_capacity": 4,
    "single_bedrooms": 4,
    "has_living_room": True,
    "has_kitchen": True,
    "showers": 2,
    "toilets": 2,
    "isk_travel_minutes": 20,
    "has_gp": True,
}


def actor_of(user) -> Actor:
    return Actor(user=user, membership=user.memberships.get())


@pytest.fixture
def parties(make_member):
    """A gemeente (Utrecht), the Nidos accountmanager of Noord-West and a contractpartner."""

    class Parties:
        gemeente = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
        nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
        contractpartner = make_member(OrganisationKind.CONTRACTPARTNER)

    return Parties


@pytest.fixture
def make_location(reference_data):
    def make(stage=Stage.AANGEBODEN, gemeente_code="GM0344", offered_by=None, **fields):
        gemeente = Gemeente.objects.get(code=gemeente_code)
        if offered_by is None:
            offered_by, _ = Organisation.objects.get_or_create(
                gemeente=gemeente,
                defaults={"name": f"Gemeente {gemeente.name}", "kind": OrganisationKind.GEMEENTE},
            )
        values = {**PROPERTY, **fields}
        return Location.objects.create(
            gemeente=gemeente,
            offered_by=offered_by,
            stage=stage,
            stage_changed_at=timezone.now(),
            **values,
        )

    return make


@pytest.fixture
def lezer(make_member):
    return make_member(OrganisationKind.GEMEENTE, role=Role.LEZER, gemeente_code="GM0344")
