"""Plain helpers shared by the tests: property data, an actor for a user, a date of birth."""

from datetime import date

from django.utils import timezone

from kso_portal.access import Actor
from locations.constants import KsoForm, OwnerType, PropertyType
from vervolghuisvesting.rules import add_months

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
    """The actor of a user with one membership, as request.actor would be."""
    return Actor(user=user, membership=user.memberships.get())


def born_aged(months: int, on: date | None = None) -> date:
    """The date of birth of someone `months` old on `on` (default today)."""
    return add_months(on or timezone.localdate(), -months)
