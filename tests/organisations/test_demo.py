import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from notifications.models import Notification
from organisations.constants import OrganisationKind, Role
from organisations.demo import DEMO_INVITATION_EMAIL, DEMO_INVITATION_TOKEN
from organisations.demo_accounts import DEMO_USERS, demo_password
from organisations.models import (
    Invitation,
    Membership,
    Organisation,
    RegionaleSamenwerking,
    SamenwerkingInvitation,
)


@pytest.mark.django_db
def test_demo_data_has_each_organisation_kind_and_role(reference_data, settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(OrganisationKind.values)
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    user = get_user_model().objects.get(email="gemeente@kso.example")
    assert user.check_password(demo_password())
    assert user.memberships.get().organisation.gemeente.name == "Utrecht"
    coordinator = Membership.objects.filter(user__email="gemeente.coordinator@kso.example")
    assert sorted(coordinator.values_list("organisation__name", "role")) == [
        ("Gemeente Amersfoort", Role.LEZER),
        ("Gemeente Utrecht", Role.COORDINATOR),
    ]
    national = Membership.objects.get(user__email="nidos.landelijk@kso.example")
    assert national.is_national
    regional = Membership.objects.get(user__email="nidos@kso.example")
    assert list(regional.nidos_regions.values_list("code", flat=True)) == ["noord-west"]


@pytest.mark.django_db
def test_demo_has_regio_utrecht_and_an_open_invitation_to_try(reference_data, settings, client):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    regio = RegionaleSamenwerking.objects.get(name="Regio Utrecht")
    assert sorted(regio.gemeenten.values_list("code", flat=True)) == ["GM0307", "GM0344", "GM0355"]
    assert not regio.invitations.exists()
    # Regio Amersfoort waits for Zeist, whose medewerker finds the invitation on the list.
    inviting = RegionaleSamenwerking.objects.get(name="Regio Amersfoort")
    assert list(inviting.gemeenten.values_list("code", flat=True)) == ["GM0307"]
    invitation = inviting.invitations.get()
    assert (invitation.gemeente.code, invitation.state) == ("GM0355", "open")
    client.force_login(get_user_model().objects.get(email="zeist@kso.example"))
    listing = client.get(reverse("samenwerking_list"))
    assert [i.samenwerking for i in listing.context["received"]] == [inviting]
    assert Notification.objects.filter(
        recipient__email="zeist@kso.example", kind="samenwerking"
    ).exists()
    client.logout()
    response = client.get(reverse("invitation_accept", args=[DEMO_INVITATION_TOKEN]))
    assert "Kies een wachtwoord" in response.content.decode()
    assert DEMO_INVITATION_EMAIL in response.content.decode()


@pytest.mark.django_db
def test_demo_data_loads_once(reference_data, settings, capsys):
    settings.DEMO_MODE = True
    call_command("load_demo_data")
    call_command("load_demo_data")
    assert "al geladen" in capsys.readouterr().out
    assert get_user_model().objects.count() == len(DEMO_USERS)
    assert RegionaleSamenwerking.objects.count() == 2
    assert SamenwerkingInvitation.objects.count() == 1
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_demo_data_is_refused_outside_demo_mode(reference_data, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="KSO_DEMO_MODE"):
        call_command("load_demo_data")
    assert not Organisation.objects.exists()


def test_demo_password_can_be_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("KSO_DEMO_PASSWORD", "een-ander-wachtwoord")
    assert demo_password() == "een-ander-wachtwoord"
