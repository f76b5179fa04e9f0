"""Fixtures of the youth tests: a location in use with its contractpartner, and placing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from locations.constants import Stage
from organisations.constants import OrganisationKind
from tests.locations.conftest import actor_of, make_location  # noqa: F401 - shared fixture
from vervolghuisvesting import services
from vervolghuisvesting.rules import add_months


def born_aged(months: int, on: date | None = None) -> date:
    """The date of birth of someone `months` old on `on` (default today)."""
    return add_months(on or timezone.localdate(), -months)


@pytest.fixture
def partner(make_member):
    return make_member(OrganisationKind.CONTRACTPARTNER)


@pytest.fixture
def in_use(make_location, partner):
    """A KWE for 4 youths in Utrecht, opened 90 days ago, run by `partner`."""

    def make(**fields):
        defaults = {
            "stage": Stage.IN_GEBRUIK,
            "contractpartner": partner.memberships.get().organisation,
            "opening_on": timezone.localdate() - timedelta(days=90),
        }
        return make_location(**{**defaults, **fields})

    return make


@pytest.fixture
def place(partner):
    def place_youth(location, months=16 * 12, started_on=None, **extra):
        return services.placement_start(
            actor=actor_of(partner),
            location=location,
            started_on=started_on or timezone.localdate() - timedelta(days=30),
            birth_on=extra.pop("birth_on", None) or born_aged(months),
            **extra,
        )

    return place_youth
