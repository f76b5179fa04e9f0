"""Fixtures of the location tests: the parties of one location."""

import pytest

from organisations.constants import OrganisationKind, Role


@pytest.fixture
def parties(make_member):
    """A gemeente (Utrecht), the Nidos accountmanager of Noord-West and a contractpartner."""

    class Parties:
        gemeente = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
        nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
        contractpartner = make_member(OrganisationKind.CONTRACTPARTNER)

    return Parties


@pytest.fixture
def lezer(make_member):
    return make_member(OrganisationKind.GEMEENTE, role=Role.LEZER, gemeente_code="GM0344")
