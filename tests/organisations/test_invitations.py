"""Invitations: create, accept once within 7 days, and every way a link can fail."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from kso_portal.access import Actor
from organisations.constants import OrganisationKind, Role
from organisations.models import Invitation, Membership, NidosRegion
from organisations.rules import InvitationState, invitation_state
from organisations.selectors import invitation_get_by_token
from organisations.services import (
    InvitationUnusable,
    invitation_accept,
    invitation_create,
    invitation_renewal_request,
    invitation_resend,
)

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "een-lang-nieuw-wachtwoord"


def actor(user) -> Actor:
    return Actor(user=user, membership=user.memberships.get())


@pytest.fixture
def coordinator(make_member):
    return make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR)


def invite(inviter, email="nieuw@gemeente.example", role=Role.MEDEWERKER, **kwargs):
    membership = inviter.memberships.get()
    return invitation_create(
        actor=actor(inviter),
        organisation=kwargs.pop("organisation", membership.organisation),
        email=email,
        role=role,
        **kwargs,
    )


def token_of(new) -> str:
    return new.url.rstrip("/").rsplit("/", 1)[-1]


def test_invitation_sends_one_dutch_email_with_a_single_use_link(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = invite(coordinator, email="Nieuw@Gemeente.Example")
    assert new.invitation.email == "nieuw@gemeente.example"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@gemeente.example"]
    assert "Uitnodiging voor het KSO-portaal" in message.subject
    assert new.url in message.body
    assert "werkt één keer" in message.body
    # Only a digest of the secret is stored.
    assert token_of(new) not in new.invitation.token_hash
    assert invitation_get_by_token(token=token_of(new)) == new.invitation


def test_accepting_creates_the_account_and_membership_once(coordinator):
    new = invite(coordinator)
    user = invitation_accept(invitation=new.invitation, password=NEW_PASSWORD)
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (
        coordinator.memberships.get().organisation,
        Role.MEDEWERKER,
    )
    with pytest.raises(InvitationUnusable) as used:
        invitation_accept(invitation=new.invitation, password="een-ander-wachtwoord-1")
    assert used.value.state == InvitationState.ACCEPTED
    assert get_user_model().objects.filter(email=user.email).count() == 1


def test_link_expires_after_seven_days(coordinator):
    new = invite(coordinator)
    later = timezone.now() + timedelta(days=7, seconds=1)
    with time_machine.travel(later), pytest.raises(InvitationUnusable) as expired:
        invitation_accept(invitation=new.invitation, password=NEW_PASSWORD)
    assert expired.value.state == InvitationState.EXPIRED
    assert not get_user_model().objects.filter(email="nieuw@gemeente.example").exists()


def test_invitation_state_rule():
    now = timezone.now()
    later = now + timedelta(days=1)
    assert invitation_state(expires_at=later, accepted_at=None, revoked_at=None, now=now) == "open"
    assert invitation_state(expires_at=now, accepted_at=None, revoked_at=None, now=now) == (
        "expired"
    )
    assert invitation_state(expires_at=now, accepted_at=now, revoked_at=None, now=later) == (
        "accepted"
    )
    assert invitation_state(expires_at=later, accepted_at=None, revoked_at=now, now=now) == (
        "revoked"
    )


def test_second_invitation_for_a_member_is_refused_and_changes_nothing(coordinator, make_member):
    colleague = make_member(OrganisationKind.GEMEENTE)
    with pytest.raises(ValidationError) as refused:
        invite(coordinator, email=colleague.email.upper())
    assert "is al lid van" in refused.value.message_dict["email"][0]
    assert not Invitation.objects.exists()


def test_second_open_invitation_is_refused_but_an_expired_one_is_replaced(coordinator):
    first = invite(coordinator)
    with pytest.raises(ValidationError) as refused:
        invite(coordinator)
    assert "staat al een uitnodiging open" in refused.value.message_dict["email"][0]
    assert Invitation.objects.count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        second = invite(coordinator)
    first.invitation.refresh_from_db()
    assert first.invitation.revoked_at is not None
    assert second.invitation.pk != first.invitation.pk


def test_coordinator_may_not_grant_coordinator(coordinator):
    with pytest.raises(ValidationError) as refused:
        invite(coordinator, role=Role.COORDINATOR)
    assert "niet toekennen" in refused.value.message_dict["role"][0]
    assert not Invitation.objects.exists()


def test_coordinator_may_not_invite_for_another_organisation(coordinator, make_member):
    other = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307").memberships.get()
    with pytest.raises(ValidationError):
        invite(coordinator, organisation=other.organisation)
    assert not Invitation.objects.exists()


def test_regional_nidos_coordinator_may_not_grant_national_or_other_regions(make_member):
    regional = make_member(OrganisationKind.NIDOS, role=Role.COORDINATOR, regions=("zuid",))
    with pytest.raises(ValidationError) as national:
        invite(regional, is_national=True)
    assert "landelijke" in national.value.message_dict["is_national"][0]
    with pytest.raises(ValidationError) as other_region:
        invite(regional, nidos_regions=[NidosRegion.objects.get(code="noord-west")])
    assert "zelf hebt" in other_region.value.message_dict["nidos_regions"][0]
    new = invite(regional, nidos_regions=[NidosRegion.objects.get(code="zuid")])
    user = invitation_accept(invitation=new.invitation, password=NEW_PASSWORD)
    assert list(user.memberships.get().nidos_regions.values_list("code", flat=True)) == ["zuid"]


def test_existing_account_accepts_as_itself_and_gains_a_membership(coordinator, make_member):
    elsewhere = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    new = invite(coordinator, email=elsewhere.email, role=Role.LEZER)
    with pytest.raises(ValidationError):
        invitation_accept(invitation=new.invitation, password=NEW_PASSWORD)
    invitation_accept(invitation=new.invitation, user=elsewhere)
    assert elsewhere.memberships.count() == 2


def test_invitation_reopens_a_deactivated_account_with_the_new_password(coordinator):
    user = get_user_model().objects.create_user(
        username="oud@gemeente.example", email="oud@gemeente.example", is_active=False
    )
    new = invite(coordinator, email=user.email)
    invitation_accept(invitation=new.invitation, password=NEW_PASSWORD)
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(NEW_PASSWORD)


def test_resending_makes_a_new_link_and_the_old_one_stops(coordinator):
    old = invite(coordinator)
    new = invitation_resend(actor=actor(coordinator), invitation=old.invitation)
    assert new.url != old.url
    with pytest.raises(InvitationUnusable) as revoked:
        invitation_accept(invitation=old.invitation, password=NEW_PASSWORD)
    assert revoked.value.state == InvitationState.REVOKED
    invitation_accept(invitation=new.invitation, password=NEW_PASSWORD)


def test_asking_for_a_new_invitation_mails_the_coordinators_once_a_day(
    coordinator, make_member, django_capture_on_commit_callbacks
):
    second = make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR)
    new = invite(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_renewal_request(invitation=new.invitation)
        assert not invitation_renewal_request(invitation=new.invitation)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([coordinator.email, second.email])
    assert "vraagt om een nieuwe uitnodiging" in mail.outbox[0].subject
