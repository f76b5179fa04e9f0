"""The access policy (kso_portal/access.py) against real rows: DESIGN.md §2 for the objects that
exist so far."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from kso_portal.access import (
    Action,
    Actor,
    can,
    can_create,
    get_or_404,
    grantable_nidos_scope,
    grantable_roles,
    scope,
)
from kso_portal.constants import AccessKind
from kso_portal.services import security_event_record
from organisations.constants import OrganisationKind, Role
from organisations.models import (
    Gemeente,
    Membership,
    NidosRegion,
    Organisation,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
)

pytestmark = pytest.mark.django_db


def actor(user) -> Actor:
    return Actor(user=user, membership=user.memberships.get())


def samenwerking(name: str, *codes: str) -> RegionaleSamenwerking:
    result = RegionaleSamenwerking.objects.create(name=name)
    for code in codes:
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=result, gemeente=Gemeente.objects.get(code=code)
        )
    return result


@pytest.fixture
def two_samenwerkingen(reference_data):
    # Utrecht and Zeist lie in Noord-West (province Utrecht); Eindhoven and Helmond in Zuid.
    return samenwerking("Regio Utrecht", "GM0344", "GM0355"), samenwerking(
        "Regio Eindhoven", "GM0772", "GM0794"
    )


def test_gemeente_sees_only_samenwerkingen_it_takes_part_in(make_member, two_samenwerkingen):
    utrecht, eindhoven = two_samenwerkingen
    user = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0355")
    assert list(scope(actor(user), RegionaleSamenwerking)) == [utrecht]
    assert can(actor(user), utrecht, Action.CHANGE)
    assert not can(actor(user), eindhoven, Action.VIEW)


def test_lezer_sees_but_may_not_change_a_samenwerking(make_member, two_samenwerkingen):
    utrecht, _ = two_samenwerkingen
    user = make_member(OrganisationKind.GEMEENTE, role=Role.LEZER, gemeente_code="GM0344")
    assert can(actor(user), utrecht, Action.VIEW)
    assert not can(actor(user), utrecht, Action.CHANGE)
    assert not can_create(actor(user), RegionaleSamenwerking)


def test_nidos_sees_samenwerkingen_in_its_regions_and_national_sees_all(
    make_member, two_samenwerkingen
):
    utrecht, eindhoven = two_samenwerkingen
    regional = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    national = make_member(OrganisationKind.NIDOS, is_national=True)
    assert list(scope(actor(regional), RegionaleSamenwerking)) == [utrecht]
    assert set(scope(actor(national), RegionaleSamenwerking)) == {utrecht, eindhoven}


def test_contractpartner_and_woningcorporatie_see_no_samenwerking(make_member, two_samenwerkingen):
    for kind in (OrganisationKind.CONTRACTPARTNER, OrganisationKind.WONINGCORPORATIE):
        user = make_member(kind)
        assert not scope(actor(user), RegionaleSamenwerking).exists()
        assert not can_create(actor(user), RegionaleSamenwerking)


def test_coordinator_sees_own_members_and_changes_only_non_coordinators(make_member):
    coordinator = make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR)
    colleague = make_member(OrganisationKind.GEMEENTE, role=Role.MEDEWERKER)
    other_coordinator = make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR)
    elsewhere = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    seen = set(scope(actor(coordinator), Membership).values_list("user__email", flat=True))
    assert seen == {coordinator.email, colleague.email, other_coordinator.email}
    changeable = scope(actor(coordinator), Membership, Action.CHANGE)
    assert set(changeable.values_list("user__email", flat=True)) == {colleague.email}
    assert elsewhere.email not in seen


def test_medewerker_manages_no_members(make_member):
    user = make_member(OrganisationKind.GEMEENTE, role=Role.MEDEWERKER)
    assert not scope(actor(user), Membership).exists()
    assert not scope(actor(user), Organisation, Action.MANAGE_MEMBERS).exists()
    assert list(scope(actor(user), Organisation)) == [user.memberships.get().organisation]


def test_beheer_sees_and_manages_everything(make_member, two_samenwerkingen):
    make_member(OrganisationKind.GEMEENTE)
    beheer = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    assert scope(actor(beheer), Organisation, Action.MANAGE_MEMBERS).count() == 2
    assert scope(actor(beheer), RegionaleSamenwerking, Action.CHANGE).count() == 2


def test_access_log_is_for_beheer_only(make_member):
    security_event_record(
        kind=AccessKind.SIGN_IN_FAILED, request=None, email="x@example.org", what="test"
    )
    beheer = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    national = make_member(OrganisationKind.NIDOS, role=Role.COORDINATOR, is_national=True)
    assert scope(actor(beheer), "kso_portal.AccessLogEntry").count() == 1
    assert not scope(actor(national), "kso_portal.accesslogentry").exists()


def test_without_membership_or_when_deactivated_nothing_is_visible(make_member):
    user = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    assert not scope(Actor(user=user, membership=None), Organisation).exists()
    user.is_active = False
    assert not scope(actor(user), Organisation).exists()


def test_a_model_without_a_rule_is_refused_not_shown(make_member):
    user = make_member(OrganisationKind.BEHEER)
    with pytest.raises(ImproperlyConfigured):
        scope(actor(user), "auth.User")


def test_other_organisations_object_is_404_and_seen_but_not_yours_is_403(
    make_member, two_samenwerkingen
):
    utrecht, eindhoven = two_samenwerkingen
    lezer = make_member(OrganisationKind.GEMEENTE, role=Role.LEZER, gemeente_code="GM0344")
    with pytest.raises(Http404):
        get_or_404(actor(lezer), RegionaleSamenwerking, pk=eindhoven.pk)
    assert get_or_404(actor(lezer), RegionaleSamenwerking, pk=utrecht.pk) == utrecht
    with pytest.raises(PermissionDenied):
        get_or_404(actor(lezer), RegionaleSamenwerking, Action.CHANGE, pk=utrecht.pk)


def test_coordinator_grants_lezer_and_medewerker_in_own_organisation_only(make_member):
    coordinator = make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR)
    own = coordinator.memberships.get().organisation
    other = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    assert grantable_roles(actor(coordinator), own) == [Role.LEZER, Role.MEDEWERKER]
    assert grantable_roles(actor(coordinator), other.memberships.get().organisation) == []
    beheer = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    assert Role.COORDINATOR in grantable_roles(actor(beheer), own)


def test_nidos_coordinator_grants_only_the_regions_it_covers(make_member):
    regional = make_member(OrganisationKind.NIDOS, role=Role.COORDINATOR, regions=("zuid",))
    regions, may_national = grantable_nidos_scope(actor(regional))
    assert list(regions) == [NidosRegion.objects.get(code="zuid")]
    assert may_national is False
    national = make_member(OrganisationKind.NIDOS, role=Role.COORDINATOR, is_national=True)
    regions, may_national = grantable_nidos_scope(actor(national))
    assert regions.count() == 3
    assert may_national is True
