"""Regionale samenwerkingen: a gemeente joins only by accepting an invitation, leaves itself,
and no member removes another; at most SAMENWERKING_MAXIMUM gemeenten (issue 16)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kso_portal.access import Action, can
from notifications.models import Notification
from organisations.constants import (
    SAMENWERKING_MAXIMUM,
    OrganisationKind,
    Role,
    SamenwerkingInvitationState,
)
from organisations.models import (
    Gemeente,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
    SamenwerkingInvitation,
)
from organisations.services import (
    samenwerking_create,
    samenwerking_invitation_accept,
    samenwerking_invitation_decline,
    samenwerking_invitation_withdraw,
    samenwerking_member_remove,
    samenwerking_update,
)
from tests.support import actor_of

pytestmark = pytest.mark.django_db
State = SamenwerkingInvitationState
K = OrganisationKind
UTRECHT, ZEIST, AMERSFOORT, EINDHOVEN, DE_BILT = "GM0344", "GM0355", "GM0307", "GM0772", "GM0310"


def gemeenten(*codes: str) -> list[Gemeente]:
    return list(Gemeente.objects.filter(code__in=codes))


def codes_of(rows) -> set[str]:
    return {row.gemeente.code for row in rows}


def open_codes(samenwerking) -> set[str]:
    return codes_of(samenwerking.invitations.filter(state=State.OPEN).select_related("gemeente"))


def member_codes(samenwerking) -> set[str]:
    return codes_of(samenwerking.members.select_related("gemeente"))


@pytest.fixture
def utrecht(make_member):
    return make_member(K.GEMEENTE, gemeente_code=UTRECHT)


@pytest.fixture
def zeist(make_member):
    return make_member(K.GEMEENTE, gemeente_code=ZEIST)


@pytest.fixture
def regio(utrecht, zeist):
    """Made by Utrecht, which invited Zeist and De Bilt (no organisation in the portal)."""
    return samenwerking_create(
        actor=actor_of(utrecht), name="Regio Utrecht", gemeenten=gemeenten(ZEIST, DE_BILT)
    )


def invitation_of(samenwerking, code: str) -> SamenwerkingInvitation:
    return samenwerking.invitations.get(gemeente__code=code)


def test_the_making_gemeente_is_a_member_and_the_others_are_invited_and_told(make_member, utrecht):
    zeist_users = [make_member(K.GEMEENTE, gemeente_code=ZEIST, role=role) for role in Role]
    gone = make_member(K.GEMEENTE, gemeente_code=ZEIST)
    gone.is_active = False
    gone.save()
    regio = samenwerking_create(
        actor=actor_of(utrecht),
        name="Regio Utrecht",
        # One's own gemeente ticked as well changes nothing: it is a member.
        gemeenten=gemeenten(UTRECHT, ZEIST, DE_BILT),
    )
    assert member_codes(regio) == {UTRECHT}
    assert open_codes(regio) == {ZEIST, DE_BILT}
    invitation = invitation_of(regio, ZEIST)
    assert (invitation.invited_by, invitation.invited_by_organisation.gemeente.code) == (
        utrecht,
        UTRECHT,
    )
    told = Notification.objects.filter(kind="samenwerking")
    # Every active member of Zeist, lezer included; De Bilt has no one to tell yet.
    assert {n.recipient for n in told} == set(zeist_users)
    assert {n.url for n in told} == {
        reverse("samenwerking_invitation_detail", args=[regio.pk, invitation.pk])
    }


@pytest.mark.parametrize("maker", ["nidos", "beheer"])
def test_a_samenwerking_made_by_nidos_or_the_beheerder_has_members_only_by_acceptance(
    make_member, zeist, maker
):
    user = make_member(
        K.NIDOS if maker == "nidos" else K.BEHEER,
        role=Role.COORDINATOR,
        is_national=maker == "nidos",
    )
    regio = samenwerking_create(
        actor=actor_of(user), name="Regio Utrecht", gemeenten=gemeenten(UTRECHT, ZEIST)
    )
    assert member_codes(regio) == set()
    assert open_codes(regio) == {UTRECHT, ZEIST}
    samenwerking_invitation_accept(actor=actor_of(zeist), invitation=invitation_of(regio, ZEIST))
    assert member_codes(regio) == {ZEIST}


def test_regional_nidos_keeps_sight_of_what_it_made_before_anyone_accepted(make_member):
    nidos = make_member(K.NIDOS, regions=("noord-west",))
    regio = samenwerking_create(
        actor=actor_of(nidos), name="Regio Utrecht", gemeenten=gemeenten(UTRECHT, ZEIST)
    )
    assert can(actor_of(nidos), regio, Action.VIEW)
    assert can(actor_of(nidos), regio, Action.CHANGE)
    with pytest.raises(ValidationError, match="Nidos-regio"):
        samenwerking_create(
            actor=actor_of(nidos), name="Regio Eindhoven", gemeenten=gemeenten(EINDHOVEN, "GM0794")
        )


def test_accepting_makes_a_member_and_tells_the_inviter(regio, utrecht, zeist):
    invitation = invitation_of(regio, ZEIST)
    member = samenwerking_invitation_accept(actor=actor_of(zeist), invitation=invitation)
    assert member.gemeente.code == ZEIST
    invitation.refresh_from_db()
    assert (invitation.state, invitation.closed_by) == (State.ACCEPTED, zeist)
    assert invitation.closed_at is not None
    assert member_codes(regio) == {UTRECHT, ZEIST}
    told = Notification.objects.get(recipient=utrecht)
    assert told.title == "Zeist neemt deel aan Regio Utrecht"
    with pytest.raises(ValidationError, match="al geaccepteerd"):
        samenwerking_invitation_accept(actor=actor_of(zeist), invitation=invitation)
    assert RegionaleSamenwerkingMember.objects.filter(samenwerking=regio).count() == 2


def test_declining_adds_no_member_and_a_new_invitation_may_follow(regio, utrecht, zeist):
    invitation = invitation_of(regio, ZEIST)
    samenwerking_invitation_decline(actor=actor_of(zeist), invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.state == State.DECLINED
    assert member_codes(regio) == {UTRECHT}
    assert Notification.objects.get(recipient=utrecht).title.startswith("Zeist wees")
    with pytest.raises(ValidationError, match="al afgewezen"):
        samenwerking_invitation_accept(actor=actor_of(zeist), invitation=invitation)
    samenwerking_update(
        actor=actor_of(utrecht), samenwerking=regio, name=regio.name, gemeenten=gemeenten(ZEIST)
    )
    assert open_codes(regio) == {ZEIST, DE_BILT}


@pytest.mark.parametrize(
    "who",
    [
        pytest.param((K.GEMEENTE, Role.LEZER, ZEIST), id="lezer of the invited gemeente"),
        pytest.param((K.GEMEENTE, Role.COORDINATOR, UTRECHT), id="the inviting gemeente"),
        pytest.param((K.GEMEENTE, Role.MEDEWERKER, AMERSFOORT), id="another gemeente"),
        pytest.param((K.NIDOS, Role.COORDINATOR, None), id="national Nidos"),
        pytest.param((K.BEHEER, Role.COORDINATOR, None), id="the beheerder"),
    ],
)
def test_only_a_writer_of_the_invited_gemeente_answers(make_member, regio, who):
    kind, role, code = who
    user = make_member(kind, role=role, gemeente_code=code or UTRECHT, is_national=kind == K.NIDOS)
    invitation = invitation_of(regio, ZEIST)
    for answer in (samenwerking_invitation_accept, samenwerking_invitation_decline):
        with pytest.raises(PermissionDenied):
            answer(actor=actor_of(user), invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.state == State.OPEN
    assert member_codes(regio) == {UTRECHT}


def test_the_inviting_gemeente_withdraws_its_open_invitation(regio, utrecht, zeist):
    invitation = invitation_of(regio, DE_BILT)
    with pytest.raises(PermissionDenied):
        samenwerking_invitation_withdraw(actor=actor_of(zeist), invitation=invitation)
    samenwerking_invitation_withdraw(actor=actor_of(utrecht), invitation=invitation)
    invitation.refresh_from_db()
    assert (invitation.state, invitation.closed_by) == (State.WITHDRAWN, utrecht)
    with pytest.raises(ValidationError, match="al ingetrokken"):
        samenwerking_invitation_withdraw(actor=actor_of(utrecht), invitation=invitation)


def test_a_member_withdraws_only_the_invitations_its_own_organisation_made(
    make_member, regio, utrecht, zeist
):
    samenwerking_invitation_accept(actor=actor_of(zeist), invitation=invitation_of(regio, ZEIST))
    samenwerking_update(
        actor=actor_of(zeist), samenwerking=regio, name=regio.name, gemeenten=gemeenten(AMERSFOORT)
    )
    with pytest.raises(PermissionDenied):
        samenwerking_invitation_withdraw(
            actor=actor_of(zeist), invitation=invitation_of(regio, DE_BILT)
        )
    with pytest.raises(PermissionDenied):
        samenwerking_invitation_withdraw(
            actor=actor_of(utrecht), invitation=invitation_of(regio, AMERSFOORT)
        )
    lezer = make_member(K.GEMEENTE, role=Role.LEZER, gemeente_code=UTRECHT)
    with pytest.raises(PermissionDenied):
        samenwerking_invitation_withdraw(
            actor=actor_of(lezer), invitation=invitation_of(regio, DE_BILT)
        )
    beheerder = make_member(K.BEHEER, role=Role.COORDINATOR)
    samenwerking_invitation_withdraw(
        actor=actor_of(beheerder), invitation=invitation_of(regio, AMERSFOORT)
    )
    assert open_codes(regio) == {DE_BILT}


def test_nidos_invites_and_withdraws_its_own_invitations_but_removes_no_member(
    make_member, regio, zeist
):
    nidos = make_member(K.NIDOS, role=Role.MEDEWERKER, regions=("noord-west",))
    samenwerking_update(
        actor=actor_of(nidos), samenwerking=regio, name=regio.name, gemeenten=gemeenten(AMERSFOORT)
    )
    with pytest.raises(PermissionDenied):
        samenwerking_invitation_withdraw(
            actor=actor_of(nidos), invitation=invitation_of(regio, DE_BILT)
        )
    samenwerking_invitation_withdraw(
        actor=actor_of(nidos), invitation=invitation_of(regio, AMERSFOORT)
    )
    member = regio.members.get(gemeente__code=UTRECHT)
    with pytest.raises(PermissionDenied):
        samenwerking_member_remove(actor=actor_of(nidos), member=member)
    assert member_codes(regio) == {UTRECHT}


def test_a_gemeente_leaves_but_removes_no_other_member(make_member, regio, utrecht, zeist):
    samenwerking_invitation_accept(actor=actor_of(zeist), invitation=invitation_of(regio, ZEIST))
    utrecht_member, zeist_member = (regio.members.get(gemeente__code=c) for c in (UTRECHT, ZEIST))
    with pytest.raises(PermissionDenied):
        samenwerking_member_remove(actor=actor_of(utrecht), member=zeist_member)
    lezer = make_member(K.GEMEENTE, role=Role.LEZER, gemeente_code=UTRECHT)
    with pytest.raises(PermissionDenied):
        samenwerking_member_remove(actor=actor_of(lezer), member=utrecht_member)
    assert member_codes(regio) == {UTRECHT, ZEIST}
    samenwerking_member_remove(actor=actor_of(utrecht), member=utrecht_member)
    assert member_codes(regio) == {ZEIST}
    with pytest.raises(ValidationError, match="neemt al niet meer deel"):
        samenwerking_member_remove(actor=actor_of(utrecht), member=utrecht_member)


def test_the_beheerder_removes_any_member(make_member, regio, zeist):
    samenwerking_invitation_accept(actor=actor_of(zeist), invitation=invitation_of(regio, ZEIST))
    beheerder = make_member(K.BEHEER, role=Role.COORDINATOR)
    samenwerking_member_remove(
        actor=actor_of(beheerder), member=regio.members.get(gemeente__code=ZEIST)
    )
    assert member_codes(regio) == {UTRECHT}


def test_an_update_never_removes_a_member_nor_invites_one_twice(regio, utrecht, zeist):
    samenwerking_invitation_accept(actor=actor_of(zeist), invitation=invitation_of(regio, ZEIST))
    samenwerking_update(actor=actor_of(zeist), samenwerking=regio, name="Regio Utrecht-Zeist")
    regio.refresh_from_db()
    assert regio.name == "Regio Utrecht-Zeist"
    assert member_codes(regio) == {UTRECHT, ZEIST}
    for code in (UTRECHT, DE_BILT):
        with pytest.raises(ValidationError, match="Al deelnemer of al uitgenodigd"):
            samenwerking_update(
                actor=actor_of(zeist), samenwerking=regio, name="X", gemeenten=gemeenten(code)
            )
    regio.refresh_from_db()
    assert regio.name == "Regio Utrecht-Zeist"


def test_a_lezer_or_an_invited_gemeente_changes_nothing(make_member, regio, zeist):
    lezer = make_member(K.GEMEENTE, role=Role.LEZER, gemeente_code=UTRECHT)
    for user in (lezer, zeist):
        with pytest.raises(PermissionDenied):
            samenwerking_update(
                actor=actor_of(user), samenwerking=regio, name="X", gemeenten=gemeenten(AMERSFOORT)
            )
    regio.refresh_from_db()
    assert regio.name == "Regio Utrecht"
    assert open_codes(regio) == {ZEIST, DE_BILT}


def many(count: int, *, besides: str = UTRECHT) -> list[Gemeente]:
    return list(Gemeente.objects.exclude(code=besides).order_by("code")[:count])


def test_at_most_the_maximum_of_gemeenten_and_nothing_written_beyond(utrecht):
    assert SAMENWERKING_MAXIMUM == 40
    with pytest.raises(ValidationError) as error:
        samenwerking_create(actor=actor_of(utrecht), name="Heel Nederland", gemeenten=many(341))
    message = error.value.message_dict["gemeenten"][0]
    assert "ten hoogste 40 gemeenten" in message
    assert "dit worden er 342" in message
    assert not RegionaleSamenwerking.objects.exists()
    assert not SamenwerkingInvitation.objects.exists()
    assert not Notification.objects.exists()
    # Forty with one's own gemeente is allowed.
    regio = samenwerking_create(actor=actor_of(utrecht), name="Groot", gemeenten=many(39))
    assert len(member_codes(regio)) + len(open_codes(regio)) == 40


def test_the_maximum_counts_open_invitations_on_an_update(utrecht):
    regio = samenwerking_create(actor=actor_of(utrecht), name="Groot", gemeenten=many(38))
    more = list(Gemeente.objects.exclude(pk__in=[g.pk for g in many(38)]).exclude(code=UTRECHT))
    with pytest.raises(ValidationError, match="Kies er ten hoogste 1"):
        samenwerking_update(
            actor=actor_of(utrecht), samenwerking=regio, name="Anders", gemeenten=more[:2]
        )
    regio.refresh_from_db()
    assert (regio.name, len(open_codes(regio))) == ("Groot", 38)
    samenwerking_update(
        actor=actor_of(utrecht), samenwerking=regio, name="Groot", gemeenten=more[:1]
    )
    assert len(open_codes(regio)) == 39


def test_a_samenwerking_has_at_least_two_gemeenten(utrecht):
    with pytest.raises(ValidationError, match="ten minste twee gemeenten"):
        samenwerking_create(actor=actor_of(utrecht), name="Alleen", gemeenten=gemeenten(UTRECHT))
    assert not RegionaleSamenwerking.objects.exists()
