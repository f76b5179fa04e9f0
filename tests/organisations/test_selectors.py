import pytest

from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente, Membership, NidosRegion, Organisation, Province
from organisations.selectors import (
    ACTIVE_MEMBERSHIP_SESSION_KEY,
    active_membership_get,
    membership_list,
)


@pytest.fixture
def two_memberships(make_member):
    user = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    other = Organisation.objects.create(
        name="Zorggroep Test", kind=OrganisationKind.CONTRACTPARTNER
    )
    Membership.objects.create(user=user, organisation=other, role=Role.LEZER)
    return user, other


def test_active_membership_is_the_one_chosen_in_the_session(two_memberships):
    user, other = two_memberships
    chosen = Membership.objects.get(user=user, organisation=other)
    session = {ACTIVE_MEMBERSHIP_SESSION_KEY: chosen.pk}
    assert active_membership_get(user=user, session=session) == chosen


def test_active_membership_defaults_to_the_first_by_organisation_name(two_memberships):
    user, _ = two_memberships
    assert active_membership_get(user=user, session={}).organisation.name == "Gemeente Utrecht"


def test_deactivated_memberships_and_organisations_are_left_out(two_memberships):
    user, other = two_memberships
    other.is_active = False
    other.save()
    assert [m.organisation.name for m in membership_list(user=user)] == ["Gemeente Utrecht"]
    Membership.objects.filter(user=user).update(is_active=False)
    assert active_membership_get(user=user, session={}) is None


def test_reference_objects_read_as_their_names(two_memberships):
    user, _ = two_memberships
    assert str(Province.objects.get(code="PV26")) == "Utrecht"
    assert str(Gemeente.objects.get(code="GM0014")) == "Groningen"
    assert str(NidosRegion.objects.get(code="zuid")) == "Zuid"
    membership = Membership.objects.get(user=user, organisation__kind=OrganisationKind.GEMEENTE)
    assert str(membership) == f"{user} - Gemeente Utrecht (Medewerker)"
    assert str(membership.organisation) == "Gemeente Utrecht"
