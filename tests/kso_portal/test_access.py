"""The access policy (kso_portal/access.py) against real rows: DESIGN.md §2 for the objects that
exist so far."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kso_portal.access import (
    Action,
    Actor,
    audience,
    audiences,
    can,
    can_create,
    get_or_404,
    grantable_nidos_scope,
    grantable_roles,
    scope,
)
from kso_portal.constants import AccessKind
from kso_portal.services import security_event_record
from locations.models import Location
from organisations.constants import OrganisationKind, Role
from organisations.models import (
    Gemeente,
    Membership,
    NidosRegion,
    Organisation,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
    SamenwerkingInvitation,
)
from tests.support import actor_of, born_aged, letter, running_period
from vervolghuisvesting import services as youth_services
from vervolghuisvesting.constants import Destination
from vervolghuisvesting.models import HousingRequest, Placement, Youth

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


def invite(samenwerking: RegionaleSamenwerking, code: str, by) -> SamenwerkingInvitation:
    return SamenwerkingInvitation.objects.create(
        samenwerking=samenwerking,
        gemeente=Gemeente.objects.get(code=code),
        invited_by=by,
        invited_by_organisation=by.memberships.get().organisation,
    )


def test_an_invited_gemeente_sees_its_invitation_but_not_the_samenwerking_nor_its_figures(
    make_member, make_location, beheerder, two_samenwerkingen
):
    from taakstelling.models import Quota
    from taakstelling.services import quota_import_apply, quota_import_preview

    regio, _ = two_samenwerkingen
    utrecht = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    amersfoort = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    invitation = invite(regio, "GM0307", by=utrecht)
    draft = quota_import_preview(
        actor=actor(beheerder),
        period=running_period(),
        kind="kso_plaatsen",
        upload=letter(lambda code: 1),
    )
    quota_import_apply(actor=actor(beheerder), quota_import=draft)
    make_location(gemeente_code="GM0307", street="Amersfoortseweg")
    summed = {
        who: set(scope(actor(user), Quota, Action.VIEW_SUMMARY).values_list(
            "gemeente__code", flat=True
        ))
        for who, user in (("utrecht", utrecht), ("amersfoort", amersfoort))
    }  # fmt: skip
    assert summed == {"utrecht": {"GM0344", "GM0355"}, "amersfoort": set()}
    summary = scope(actor(utrecht), Location, Action.VIEW_SUMMARY)
    assert not summary.filter(gemeente__code="GM0307").exists()
    assert not scope(actor(amersfoort), RegionaleSamenwerking).exists()
    assert list(scope(actor(amersfoort), SamenwerkingInvitation)) == [invitation]
    assert list(scope(actor(utrecht), SamenwerkingInvitation)) == [invitation]
    RegionaleSamenwerkingMember.objects.create(samenwerking=regio, gemeente=invitation.gemeente)
    assert scope(actor(amersfoort), Quota, Action.VIEW_SUMMARY).count() == 3
    assert (
        scope(actor(utrecht), Location, Action.VIEW_SUMMARY)
        .filter(gemeente__code="GM0307")
        .exists()
    )


def test_who_answers_withdraws_and_removes_in_a_samenwerking(make_member, two_samenwerkingen):
    regio, _ = two_samenwerkingen
    utrecht = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    zeist = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0355")
    amersfoort = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    lezer = make_member(OrganisationKind.GEMEENTE, role=Role.LEZER, gemeente_code="GM0307")
    nidos = make_member(OrganisationKind.NIDOS, is_national=True)
    beheer = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    invitation = invite(regio, "GM0307", by=utrecht)
    users = {"utrecht": utrecht, "zeist": zeist, "amersfoort": amersfoort, "lezer": lezer}
    users |= {"nidos": nidos, "beheer": beheer}

    def allowed(model, action, obj):
        return {who for who, user in users.items() if can(actor(user), obj, action)}

    assert allowed(SamenwerkingInvitation, Action.RESPOND, invitation) == {"amersfoort"}
    assert allowed(SamenwerkingInvitation, Action.WITHDRAW, invitation) == {"utrecht", "beheer"}
    zeist_member = regio.members.get(gemeente__code="GM0355")
    assert allowed(RegionaleSamenwerkingMember, Action.REMOVE, zeist_member) == {"zeist", "beheer"}
    assert allowed(RegionaleSamenwerkingMember, Action.VIEW, zeist_member) == {
        "utrecht",
        "zeist",
        "nidos",
        "beheer",
    }
    invitation.state, invitation.closed_at = "withdrawn", timezone.now()
    invitation.save()
    assert allowed(SamenwerkingInvitation, Action.RESPOND, invitation) == set()
    assert allowed(SamenwerkingInvitation, Action.WITHDRAW, invitation) == set()


def test_regional_nidos_sees_a_samenwerking_with_only_an_open_invitation_in_its_regions(
    make_member, reference_data
):
    regional = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    inviter = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    regio = RegionaleSamenwerking.objects.create(name="Nog zonder deelnemers")
    invitation = invite(regio, "GM0344", by=inviter)
    assert list(scope(actor(regional), RegionaleSamenwerking)) == [regio]
    invitation.state, invitation.closed_at = "declined", timezone.now()
    invitation.save()
    assert not scope(actor(regional), RegionaleSamenwerking).exists()


def test_an_invitation_is_told_to_the_invited_gemeente(make_member, two_samenwerkingen):
    regio, _ = two_samenwerkingen
    utrecht = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    amersfoort = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    invitation = invite(regio, "GM0307", by=utrecht)
    assert {m.user for m in audience(invitation)} == {amersfoort}
    assert {m.user for m in audiences([invitation])[invitation]} == {amersfoort}


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


def member_of(organisation):
    user = get_user_model().objects.create_user(username="lid@opgeheven.example")
    Membership.objects.create(user=user, organisation=organisation, role=Role.MEDEWERKER)


@pytest.fixture
def everyone(make_member):
    """A member of every kind of organisation, Nidos with every scope, and three who must never
    be told anything: an ended membership, a deactivated user, a dissolved organisation."""
    users = {
        "utrecht": make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"),
        "zeist": make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0355"),
        "eindhoven": make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0772"),
        "woningcorporatie": make_member(OrganisationKind.WONINGCORPORATIE),
        "nidos_noord_west": make_member(OrganisationKind.NIDOS, regions=("noord-west",)),
        "nidos_zuid": make_member(OrganisationKind.NIDOS, regions=("zuid",)),
        "nidos_national": make_member(OrganisationKind.NIDOS, is_national=True),
        "nidos_without_region": make_member(OrganisationKind.NIDOS),
        "beheer": make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR),
        "ended": make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"),
        "deactivated": make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"),
    }
    users["ended"].memberships.update(is_active=False)
    users["deactivated"].is_active = False
    users["deactivated"].save(update_fields=["is_active"])
    return users


@pytest.fixture
def mix(everyone, partner, in_use, make_location, place):
    """Locations, youths and housing requests in every shape the audience rules tell apart."""
    woningcorporatie = everyone["woningcorporatie"].memberships.get().organisation
    dissolved = Organisation.objects.create(
        name="Opgeheven zorgaanbieder", kind=OrganisationKind.CONTRACTPARTNER, is_active=False
    )
    member_of(dissolved)
    offered = in_use(offered_by=woningcorporatie, street="Corporatiestraat")
    eindhoven = in_use(gemeente_code="GM0772", street="Stratumseind")
    unassigned = make_location(gemeente_code="GM0772", street="Aanbodweg")
    zeist = in_use(gemeente_code="GM0355", contractpartner=dissolved, street="Slotlaan")
    placed = place(offered, months=17 * 12 + 6).youth
    moved = place(offered, started_on=timezone.localdate())
    # Moved on the day they came: of two placements started that day, the later one counts.
    youth_services.placement_move(
        actor=actor_of(partner), placement=moved, location=eindhoven, moved_on=timezone.localdate()
    )
    left = place(offered, months=17 * 12 + 6)
    youth_services.placement_end(
        actor=actor_of(partner),
        placement=left,
        ended_on=timezone.localdate(),
        destination=Destination.ANDERS,
    )
    never_placed = youth_services.youth_create(birth_on=born_aged(16 * 12))
    submitted_on = timezone.localdate() - timedelta(days=10)
    requests = [
        youth_services.housing_request_submit(
            actor=actor_of(partner), youth=youth, submitted_on=submitted_on
        )
        for youth in (placed, left.youth)
    ]
    # Handed over to Zeist: the youth's audience now names a gemeente beside their location's.
    HousingRequest.objects.filter(pk=requests[1].pk).update(
        gemeente=Gemeente.objects.get(code="GM0355")
    )
    requests[1].refresh_from_db()
    youths = [placed, moved.youth, left.youth, never_placed]
    return [offered, eindhoven, unassigned, zeist, *youths, *requests]


def test_audiences_of_many_objects_equal_the_audience_of_each(mix, everyone):
    expected = {obj: frozenset(audience(obj)) for obj in mix}
    assert audiences(mix) == expected
    # The mix tells the rules apart: the woningcorporatie hears of the property it offered but
    # not of the youths in it, Nidos by region, and no one inactive hears of anything.
    offered, youth = mix[0], mix[4]
    users = {name: user.memberships.get() for name, user in everyone.items()}
    assert users["woningcorporatie"] in expected[offered]
    assert users["woningcorporatie"] not in expected[youth]
    assert users["nidos_noord_west"] in expected[offered]
    assert users["nidos_zuid"] not in expected[offered]
    moved = mix[5]
    assert users["eindhoven"] in expected[moved]
    assert users["utrecht"] not in expected[moved]
    assert len(set(expected.values())) >= 6
    told = set().union(*expected.values())
    assert not told & {users["ended"], users["deactivated"], users["beheer"]}
    assert not any(member.organisation.is_active is False for member in told)


def test_placements_are_seen_exactly_with_their_youth(mix, everyone, partner):
    # The placement rule says first "at a location the actor works with" (a cheap test row by
    # row) before "of a youth the actor sees": the two together must be the youth rule itself.
    seen_by = {}
    for name, user in {**everyone, "contractpartner": partner}.items():
        if not user.memberships.exists():
            continue
        who = actor_of(user)
        placements = set(scope(who, Placement).values_list("pk", flat=True))
        youths = scope(who, Youth).values("pk")
        assert placements == set(
            Placement.objects.filter(youth__in=youths).values_list("pk", flat=True)
        ), name
        seen_by[name] = placements
    assert seen_by["woningcorporatie"] == seen_by["beheer"] == set()
    assert seen_by["nidos_national"] == set(Placement.objects.values_list("pk", flat=True))
    # Zeist sees the placement at Corporatiestraat of the youth handed over to it, though it
    # does not work with that location: the youth's part of the rule, not the location's.
    handed_over = mix[9].youth.placements.get()
    zeist = actor_of(everyone["zeist"])
    assert handed_over.pk in seen_by["zeist"]
    assert not scope(zeist, "locations.Location").filter(pk=handed_over.location_id).exists()


def test_audiences_take_a_fixed_number_of_queries(mix):
    with CaptureQueriesContext(connection) as few:
        audiences(mix[:1] + mix[4:5] + mix[8:9])
    with CaptureQueriesContext(connection) as many:
        audiences(mix)
    assert len(many) == len(few)


def test_audiences_of_nothing_ask_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert audiences([]) == {}


def test_audiences_of_a_model_without_an_audience_rule_are_refused(reference_data):
    with pytest.raises(ImproperlyConfigured):
        audiences([Gemeente.objects.first()])
