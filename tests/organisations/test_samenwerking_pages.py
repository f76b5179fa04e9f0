"""The samenwerking pages as a person uses them: an invitation answered in the portal, leaving
after confirming, no removal of another member by a form, the cap on ticking (issue 16)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from organisations.constants import OrganisationKind, Role, SamenwerkingInvitationState
from organisations.models import (
    Gemeente,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
    SamenwerkingInvitation,
)
from organisations.services import samenwerking_create, samenwerking_invitation_accept
from tests.support import actor_of

pytestmark = pytest.mark.django_db
K = OrganisationKind
UTRECHT, ZEIST, AMERSFOORT = "GM0344", "GM0355", "GM0307"


def form_data(name, *codes):
    pks = Gemeente.objects.filter(code__in=codes).values_list("pk", flat=True)
    return {"name": name, "description": "", "gemeenten": [str(pk) for pk in pks]}


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def utrecht(make_member):
    return make_member(K.GEMEENTE, gemeente_code=UTRECHT)


@pytest.fixture
def zeist(make_member):
    return make_member(K.GEMEENTE, gemeente_code=ZEIST)


@pytest.fixture
def regio(utrecht, zeist):
    """Utrecht is a member; Zeist is invited."""
    return samenwerking_create(
        actor=actor_of(utrecht),
        name="Regio Utrecht",
        gemeenten=list(Gemeente.objects.filter(code=ZEIST)),
    )


def invitation_url(name: str, invitation) -> str:
    return reverse(name, args=[invitation.samenwerking_id, invitation.pk])


def test_the_invited_gemeente_finds_the_invitation_and_accepts_it(client, regio, zeist):
    client.force_login(zeist)
    # An invited gemeente does not take part yet: the samenwerking's page is not its to see.
    assert client.get(reverse("samenwerking_detail", args=[regio.pk])).status_code == 404
    listing = client.get(reverse("samenwerking_list"))
    assert "Uitnodigingen voor uw gemeente" in listing.content.decode()
    assert [i.samenwerking for i in listing.context["received"]] == [regio]
    assert list(listing.context["page"].object_list) == []
    invitation = regio.invitations.get()
    page = client.get(invitation_url("samenwerking_invitation_detail", invitation))
    assert page.context["can_respond"]
    assert "Utrecht" in page.content.decode()
    accepted = client.post(
        invitation_url("samenwerking_invitation_accept", invitation), follow=True
    )
    assert accepted.redirect_chain[-1][0] == reverse("samenwerking_detail", args=[regio.pk])
    assert "Uw gemeente neemt nu deel aan Regio Utrecht." in messages_of(accepted)
    assert [m.gemeente.code for m in accepted.context["members"]] == [UTRECHT, ZEIST]
    again = client.post(invitation_url("samenwerking_invitation_accept", invitation), follow=True)
    assert "Deze uitnodiging is al geaccepteerd." in messages_of(again)


def test_declining_sends_the_gemeente_back_to_the_list(client, regio, zeist):
    client.force_login(zeist)
    invitation = regio.invitations.get()
    declined = client.post(
        invitation_url("samenwerking_invitation_decline", invitation), follow=True
    )
    assert declined.redirect_chain[-1][0] == reverse("samenwerking_list")
    assert "afgewezen" in messages_of(declined)
    assert not RegionaleSamenwerkingMember.objects.filter(gemeente__code=ZEIST).exists()


def test_a_lezer_of_the_invited_gemeente_reads_but_cannot_answer(client, make_member, regio):
    lezer = make_member(K.GEMEENTE, role=Role.LEZER, gemeente_code=ZEIST)
    client.force_login(lezer)
    invitation = regio.invitations.get()
    page = client.get(invitation_url("samenwerking_invitation_detail", invitation))
    assert not page.context["can_respond"]
    assert "Alleen een medewerker of coördinator" in page.content.decode()
    for name in ("samenwerking_invitation_accept", "samenwerking_invitation_decline"):
        assert client.post(invitation_url(name, invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.state == SamenwerkingInvitationState.OPEN


def test_the_inviter_withdraws_from_the_samenwerking_page(client, regio, utrecht, make_member):
    invitation = regio.invitations.get()
    other_member = make_member(K.GEMEENTE, gemeente_code=AMERSFOORT)
    RegionaleSamenwerkingMember.objects.create(
        samenwerking=regio, gemeente=Gemeente.objects.get(code=AMERSFOORT)
    )
    client.force_login(other_member)
    page = client.get(reverse("samenwerking_detail", args=[regio.pk]))
    assert not page.context["invitations"][0].can_withdraw
    url = invitation_url("samenwerking_invitation_withdraw", invitation)
    assert client.post(url).status_code == 403
    client.force_login(utrecht)
    page = client.get(reverse("samenwerking_detail", args=[regio.pk]))
    assert page.context["invitations"][0].can_withdraw
    assert "hebben een melding gekregen" in page.content.decode()
    withdrawn = client.post(url, follow=True)
    assert "De uitnodiging voor Zeist is ingetrokken." in messages_of(withdrawn)
    assert withdrawn.context["invitations"] == []


def test_an_update_form_cannot_remove_a_member(client, regio, utrecht, zeist):
    samenwerking_invitation_accept(actor=actor_of(zeist), invitation=regio.invitations.get())
    client.force_login(utrecht)
    url = reverse("samenwerking_update", args=[regio.pk])
    form = client.get(url).context["form"]
    assert not form.fields["gemeenten"].queryset.filter(code__in=[UTRECHT, ZEIST]).exists()
    # Posting only one's own gemeente, as the old form did to drop Zeist, removes no one.
    refused = client.post(url, form_data("Regio Utrecht", UTRECHT))
    assert refused.status_code == 200
    assert refused.context["form"].errors["gemeenten"]
    client.post(url, form_data("Regio Utrecht", AMERSFOORT))
    assert set(regio.gemeenten.values_list("code", flat=True)) == {UTRECHT, ZEIST}
    assert regio.invitations.filter(state="open").get().gemeente.code == AMERSFOORT


def test_a_gemeente_leaves_after_confirming(client, regio, utrecht, zeist):
    samenwerking_invitation_accept(actor=actor_of(zeist), invitation=regio.invitations.get())
    own, other = (regio.members.get(gemeente__code=code) for code in (ZEIST, UTRECHT))
    client.force_login(zeist)
    page = client.get(reverse("samenwerking_detail", args=[regio.pk]))
    assert [(m.gemeente.code, m.can_remove) for m in page.context["members"]] == [
        (UTRECHT, False),
        (ZEIST, True),
    ]
    assert "Samenwerking verlaten" in page.content.decode()
    other_url = reverse("samenwerking_member_remove", args=[regio.pk, other.pk])
    assert client.get(other_url).status_code == 403
    assert client.post(other_url).status_code == 403
    url = reverse("samenwerking_member_remove", args=[regio.pk, own.pk])
    confirm = client.get(url)
    assert "Weet u zeker dat Zeist niet meer deelneemt" in confirm.content.decode()
    assert regio.members.count() == 2
    left = client.post(url, follow=True)
    assert left.redirect_chain[-1][0] == reverse("samenwerking_list")
    assert "Uw gemeente neemt niet meer deel aan Regio Utrecht." in messages_of(left)
    assert list(regio.gemeenten.values_list("code", flat=True)) == [UTRECHT]


def test_the_beheerder_removes_a_member_after_confirming(client, make_member, regio, zeist):
    samenwerking_invitation_accept(actor=actor_of(zeist), invitation=regio.invitations.get())
    client.force_login(make_member(K.BEHEER, role=Role.COORDINATOR))
    member = regio.members.get(gemeente__code=ZEIST)
    url = reverse("samenwerking_member_remove", args=[regio.pk, member.pk])
    assert (
        "Weet u zeker dat u Zeist uit Regio Utrecht verwijdert" in client.get(url).content.decode()
    )
    removed = client.post(url, follow=True)
    assert removed.redirect_chain[-1][0] == reverse("samenwerking_detail", args=[regio.pk])
    assert "Zeist neemt niet meer deel aan Regio Utrecht." in messages_of(removed)


def test_ticking_more_than_forty_gemeenten_is_refused_and_writes_nothing(client, utrecht):
    client.force_login(utrecht)
    everyone = Gemeente.objects.exclude(code=UTRECHT).values_list("code", flat=True)
    response = client.post(reverse("samenwerking_create"), form_data("Heel Nederland", *everyone))
    assert response.status_code == 200
    error = response.context["form"].errors["gemeenten"][0]
    assert "ten hoogste 40 gemeenten" in error
    assert "dit worden er 342" in error
    assert not RegionaleSamenwerking.objects.exists()
    assert not SamenwerkingInvitation.objects.exists()
    assert not Notification.objects.exists()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("samenwerking_list")).status_code == 200
    return len(queries)


def test_the_list_with_invitations_for_ones_gemeente_has_a_fixed_query_count(
    client, make_member, zeist
):
    client.force_login(zeist)
    client.get(reverse("dashboard"))  # the first request of a session records the session
    others = list(Gemeente.objects.exclude(code__in=[ZEIST, UTRECHT]).order_by("code")[:12])

    def invite_zeist(gemeenten):
        for gemeente in gemeenten:
            inviter = make_member(K.GEMEENTE, gemeente_code=gemeente.code)
            samenwerking_create(
                actor=actor_of(inviter),
                name=f"Regio {gemeente.name}",
                gemeenten=list(Gemeente.objects.filter(code__in=[ZEIST, UTRECHT])),
            )
            samenwerking_invitation_accept(
                actor=actor_of(zeist),
                invitation=SamenwerkingInvitation.objects.get(
                    samenwerking__name=f"Regio {gemeente.name}", gemeente__code=ZEIST
                ),
            )
            samenwerking_create(
                actor=actor_of(inviter),
                name=f"Open {gemeente.name}",
                gemeenten=list(Gemeente.objects.filter(code=ZEIST)),
            )

    invite_zeist(others[:1])
    one = _list_queries(client)
    invite_zeist(others[1:])
    many = _list_queries(client)
    page = client.get(reverse("samenwerking_list"))
    assert len(page.context["received"]) == 12
    assert {row.open_invitation_count for row in page.context["page"].object_list} == {1}
    assert many == one


def test_the_beheer_admin_adds_no_member_and_changes_no_invitation(client, make_member, regio):
    beheerder = make_member(K.BEHEER, role=Role.COORDINATOR, is_staff=True)
    beheerder.is_superuser = True
    beheerder.save()
    client.force_login(beheerder)
    url = reverse("admin:organisations_regionalesamenwerking_change", args=[regio.pk])
    response = client.get(url)
    assert response.status_code == 200
    members, invitations = response.context["inline_admin_formsets"]
    assert not members.has_add_permission
    assert members.has_delete_permission
    assert not invitations.has_add_permission
    assert not invitations.has_change_permission
    assert [form.original.gemeente.code for form in invitations] == [ZEIST]
