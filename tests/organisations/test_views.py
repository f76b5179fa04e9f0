"""The organisation, member, invitation and samenwerking pages as a person uses them."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kso_portal.access import Actor
from kso_portal.constants import AccessKind
from kso_portal.services import security_event_record
from organisations.constants import OrganisationKind, Role
from organisations.models import (
    Gemeente,
    Invitation,
    Membership,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
    SamenwerkingInvitation,
)
from organisations.services import invitation_create

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "een-lang-nieuw-wachtwoord"
# Session, user, active membership, count, rows, session save: well under issue 9's 15.
LIST_QUERY_BUDGET = 13


@pytest.fixture
def coordinator(make_member):
    return make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR)


def organisation_of(user):
    return user.memberships.get().organisation


def new_invitation(inviter, email="nieuw@gemeente.example"):
    return invitation_create(
        actor=Actor(user=inviter, membership=inviter.memberships.get()),
        organisation=organisation_of(inviter),
        email=email,
        role=Role.MEDEWERKER,
    )


def test_coordinator_invites_from_the_members_page(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    organisation = organisation_of(coordinator)
    page = client.get(reverse("organisation_list"), follow=True)
    assert page.redirect_chain[-1][0] == reverse("organisation_detail", args=[organisation.pk])
    form = client.get(reverse("invitation_create", args=[organisation.pk])).content.decode()
    assert 'value="coordinator"' not in form  # only the roles a coordinator may grant
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("invitation_create", args=[organisation.pk]),
            {"email": "nieuw@gemeente.example", "role": Role.LEZER},
            follow=True,
        )
    assert "De uitnodiging is verstuurd naar nieuw@gemeente.example" in response.content.decode()
    assert "nieuw@gemeente.example" in response.content.decode()
    assert len(mail.outbox) == 1


def test_inviting_a_role_one_may_not_grant_is_explained_on_the_form(client, coordinator):
    client.force_login(coordinator)
    organisation = organisation_of(coordinator)
    response = client.post(
        reverse("invitation_create", args=[organisation.pk]),
        {"email": "nieuw@gemeente.example", "role": Role.COORDINATOR},
    )
    assert response.status_code == 200
    assert "U kunt de rol Coördinator niet toekennen" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_is_explained_on_the_form(client, coordinator, make_member):
    colleague = make_member(OrganisationKind.GEMEENTE)
    client.force_login(coordinator)
    response = client.post(
        reverse("invitation_create", args=[organisation_of(coordinator).pk]),
        {"email": colleague.email, "role": Role.LEZER},
    )
    assert f"{colleague.email} is al lid van" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invited_person_sets_a_password_and_arrives_signed_in(client, coordinator):
    new = new_invitation(coordinator)
    page = client.get(new.url)
    assert "Kies een wachtwoord" in page.content.decode()
    response = client.post(
        new.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert response.context["user"].email == "nieuw@gemeente.example"
    assert organisation_of(coordinator).name in response.content.decode()


def test_weak_or_mismatched_passwords_are_refused_in_dutch(client, coordinator):
    new = new_invitation(coordinator)
    weak = client.post(new.url, {"password1": "12345678", "password2": "12345678"})
    assert "te kort" in weak.content.decode()
    mismatch = client.post(new.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "niet gelijk" in mismatch.content.decode()
    assert not get_user_model().objects.filter(email="nieuw@gemeente.example").exists()


def test_used_link_says_so_and_offers_sign_in(client, coordinator):
    new = new_invitation(coordinator)
    client.post(new.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    response = client.get(new.url)
    assert response.status_code == 410
    assert "Deze uitnodiging is al gebruikt" in response.content.decode()
    again = client.post(new.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert again.status_code == 410
    assert get_user_model().objects.filter(email="nieuw@gemeente.example").count() == 1


def test_expired_link_says_so_and_asks_for_a_new_one(
    client, coordinator, django_capture_on_commit_callbacks
):
    new = new_invitation(coordinator)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.get(new.url)
        assert response.status_code == 410
        assert "Deze uitnodiging is verlopen" in response.content.decode()
        assert "Vraag een nieuwe uitnodiging aan" in response.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            asked = client.post(new.url + "nieuwe-aanvragen/")
    assert "Uw verzoek is doorgestuurd" in asked.content.decode()
    assert mail.outbox[-1].to == [coordinator.email]


def test_unknown_link_answers_404_in_dutch(client, reference_data):
    response = client.get(reverse("invitation_accept", args=["bestaat-niet"]))
    assert response.status_code == 404
    assert "Deze uitnodiging bestaat niet" in response.content.decode()


def test_existing_account_is_asked_to_sign_in_then_accepts(client, coordinator, make_member):
    elsewhere = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    new = new_invitation(coordinator, email=elsewhere.email)
    assert "meld u aan" in client.get(new.url).content.decode().lower()
    client.force_login(elsewhere)
    client.post(new.url)
    assert elsewhere.memberships.filter(organisation=organisation_of(coordinator)).exists()


def test_coordinator_changes_a_role_and_deactivates_after_confirming(
    client, coordinator, make_member
):
    colleague = make_member(OrganisationKind.GEMEENTE, role=Role.LEZER)
    membership = colleague.memberships.get()
    organisation = membership.organisation
    client.force_login(coordinator)
    url = reverse("membership_update", args=[organisation.pk, membership.pk])
    client.post(url, {"role": Role.MEDEWERKER})
    membership.refresh_from_db()
    assert membership.role == Role.MEDEWERKER
    deactivate = reverse("membership_deactivate", args=[organisation.pk, membership.pk])
    assert "Weet u zeker" in client.get(deactivate).content.decode()
    membership.refresh_from_db()
    assert membership.is_active  # the confirmation page changes nothing
    client.post(deactivate)
    membership.refresh_from_db()
    colleague.refresh_from_db()
    assert not membership.is_active
    assert not colleague.is_active  # no other membership left: cannot sign in
    assert Membership.objects.filter(pk=membership.pk).exists()  # never deleted
    client.post(reverse("membership_reactivate", args=[organisation.pk, membership.pk]))
    colleague.refresh_from_db()
    assert colleague.is_active


def test_coordinator_cannot_change_another_coordinator(client, coordinator, make_member):
    other = make_member(OrganisationKind.GEMEENTE, role=Role.COORDINATOR).memberships.get()
    client.force_login(coordinator)
    url = reverse("membership_update", args=[other.organisation_id, other.pk])
    assert client.post(url, {"role": Role.LEZER}).status_code == 403
    other.refresh_from_db()
    assert other.role == Role.COORDINATOR


def test_members_page_shows_the_history_with_who_and_before_after(client, coordinator, make_member):
    colleague = make_member(OrganisationKind.GEMEENTE, role=Role.LEZER).memberships.get()
    client.force_login(coordinator)
    client.post(
        reverse("membership_update", args=[colleague.organisation_id, colleague.pk]),
        {"role": Role.MEDEWERKER},
    )
    page = client.get(reverse("organisation_detail", args=[colleague.organisation_id]))
    entry = page.context["history"][0]
    assert entry.who == coordinator.email
    assert entry.action == "gewijzigd"
    assert [(c.field, c.before, c.after) for c in entry.changes] == [("rol", "Lezer", "Medewerker")]


def samenwerking_data(name, *codes):
    pks = Gemeente.objects.filter(code__in=codes).values_list("pk", flat=True)
    return {"name": name, "description": "", "gemeenten": [str(pk) for pk in pks]}


def test_gemeente_creates_and_edits_a_samenwerking_with_history(client, make_member):
    user = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    zeist = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0355")
    client.force_login(user)
    response = client.post(
        reverse("samenwerking_create"), samenwerking_data("Regio Utrecht", "GM0355"), follow=True
    )
    samenwerking = RegionaleSamenwerking.objects.get()
    assert response.redirect_chain[-1][0] == reverse("samenwerking_detail", args=[samenwerking.pk])
    assert "Uitgenodigd: Zeist." in response.content.decode()
    client.post(
        reverse("samenwerking_update", args=[samenwerking.pk]),
        samenwerking_data("Regio Utrecht", "GM0307"),
    )
    invitation = samenwerking.invitations.get(gemeente__code="GM0355")
    client.force_login(zeist)
    client.post(reverse("samenwerking_invitation_accept", args=[samenwerking.pk, invitation.pk]))
    assert set(samenwerking.gemeenten.values_list("code", flat=True)) == {"GM0344", "GM0355"}
    history = client.get(reverse("samenwerking_detail", args=[samenwerking.pk])).context["history"]
    changes = {
        (e.who, e.subject, e.action, c.field, c.before, c.after)
        for e in history
        for c in e.changes
        if c.field in ("gemeente", "status")
    }
    assert (user.email, "deelnemende gemeente", "aangemaakt", "gemeente", "—", "Utrecht") in changes
    assert (
        user.email,
        "uitnodiging voor de samenwerking",
        "aangemaakt",
        "gemeente",
        "—",
        "Amersfoort",
    ) in changes
    assert (
        zeist.email,
        "uitnodiging voor de samenwerking",
        "gewijzigd",
        "status",
        "Open",
        "Geaccepteerd",
    ) in changes
    assert (zeist.email, "deelnemende gemeente", "aangemaakt", "gemeente", "—", "Zeist") in changes


def test_samenwerking_needs_two_gemeenten_and_offers_not_ones_own(client, make_member):
    user = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")
    client.force_login(user)
    form = client.get(reverse("samenwerking_create")).context["form"]
    assert not form.fields["gemeenten"].queryset.filter(code="GM0344").exists()
    one = client.post(reverse("samenwerking_create"), samenwerking_data("Alleen"))
    assert "ten minste twee gemeenten" in one.content.decode()
    assert not RegionaleSamenwerking.objects.exists()


def test_duplicate_samenwerking_name_is_explained(client, make_member):
    RegionaleSamenwerking.objects.create(name="Regio Utrecht")
    user = make_member(OrganisationKind.NIDOS, is_national=True)
    client.force_login(user)
    response = client.post(
        reverse("samenwerking_create"), samenwerking_data("Regio Utrecht", "GM0344", "GM0355")
    )
    assert "bestaat al" in response.content.decode()
    assert RegionaleSamenwerking.objects.count() == 1


def test_samenwerking_of_others_answers_404_on_every_url(client, make_member):
    other = RegionaleSamenwerking.objects.create(name="Regio Eindhoven")
    for code in ("GM0772", "GM0794"):
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=other, gemeente=Gemeente.objects.get(code=code)
        )
    member = other.members.first()
    client.force_login(make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344"))
    for name in ("samenwerking_detail", "samenwerking_update"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    remove = reverse("samenwerking_member_remove", args=[other.pk, member.pk])
    assert client.get(remove).status_code == 404
    assert client.post(remove).status_code == 404
    post = client.post(
        reverse("samenwerking_update", args=[other.pk]),
        samenwerking_data("Overgenomen", "GM0344", "GM0772"),
    )
    assert post.status_code == 404
    other.refresh_from_db()
    assert other.name == "Regio Eindhoven"
    assert other.members.count() == 2


LIST_PAGES = ("samenwerking_list", "organisation_list", "access_log_list")


def _query_counts(client) -> dict[str, int]:
    counts = {}
    for name in LIST_PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        counts[name] = len(queries)
    return counts


def _add_rows(make_member, gemeenten) -> None:
    utrecht = Gemeente.objects.get(code="GM0344")
    for gemeente in gemeenten:
        samenwerking = RegionaleSamenwerking.objects.create(name=f"Regio {gemeente.name}")
        for member in (gemeente, utrecht):
            RegionaleSamenwerkingMember.objects.create(samenwerking=samenwerking, gemeente=member)
        inviter = make_member(OrganisationKind.GEMEENTE, gemeente_code=gemeente.code)
        SamenwerkingInvitation.objects.create(
            samenwerking=samenwerking,
            gemeente=Gemeente.objects.get(code="GM0355"),
            invited_by=inviter,
            invited_by_organisation=organisation_of(inviter),
        )
        security_event_record(
            kind=AccessKind.SIGN_IN_FAILED, request=None, email="x@example.org", what="test"
        )


def test_list_pages_have_a_fixed_query_count(client, make_member):
    beheer = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    client.force_login(beheer)
    client.get(reverse("dashboard"))  # the first request of a session records the session
    gemeenten = list(Gemeente.objects.exclude(code="GM0344").order_by("code")[:40])
    _add_rows(make_member, gemeenten[:1])
    one = _query_counts(client)
    _add_rows(make_member, gemeenten[1:])
    many = _query_counts(client)
    assert many == one
    assert max(many.values()) <= LIST_QUERY_BUDGET


def test_coordinator_revokes_an_invitation_after_confirming(client, coordinator):
    new = new_invitation(coordinator)
    client.force_login(coordinator)
    url = reverse("invitation_revoke", args=[new.invitation.organisation_id, new.invitation.pk])
    assert "Weet u zeker" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "is ingetrokken" in response.content.decode()
    assert "Deze uitnodiging is ingetrokken" in client.get(new.url).content.decode()


def test_a_used_invitation_cannot_be_sent_again(client, coordinator):
    new = new_invitation(coordinator)
    client.post(new.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.force_login(coordinator)
    url = reverse("invitation_resend", args=[new.invitation.organisation_id, new.invitation.pk])
    response = client.post(url, follow=True)
    assert "Deze uitnodiging is al gebruikt" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_beheerder_cannot_deactivate_their_own_membership(client, make_member):
    beheer = make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)
    membership = beheer.memberships.get()
    client.force_login(beheer)
    url = reverse("membership_deactivate", args=[membership.organisation_id, membership.pk])
    response = client.post(url, follow=True)
    assert "U kunt uw eigen lidmaatschap niet deactiveren" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active


def test_invitation_for_someone_else_while_signed_in_says_so(client, coordinator, make_member):
    elsewhere = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")
    third = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0355")
    new = new_invitation(coordinator, email=elsewhere.email)
    client.force_login(third)
    response = client.post(new.url)
    assert f"u bent aangemeld als {third.email}" in response.content.decode()
    assert not elsewhere.memberships.filter(organisation=organisation_of(coordinator)).exists()


def test_regional_nidos_keeps_one_gemeente_of_its_regions_in_a_samenwerking(client, make_member):
    client.force_login(make_member(OrganisationKind.NIDOS, regions=("noord-west",)))
    response = client.post(
        reverse("samenwerking_create"), samenwerking_data("Regio Eindhoven", "GM0772", "GM0794")
    )
    assert "in uw Nidos-regio" in response.content.decode()
    assert not RegionaleSamenwerking.objects.exists()
