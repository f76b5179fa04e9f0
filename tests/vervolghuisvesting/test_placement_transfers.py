"""Overplaatsingen (issue 17): a youth moves to a location of another contractpartner as one
youth, with one pseudonym and one history, counted once. Nidos proposes, the receiving
contractpartner accepts or declines; until then the youth stays placed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from organisations.constants import OrganisationKind
from organisations.models import Gemeente, Organisation
from tests.support import actor_of
from vervolghuisvesting import selectors, services
from vervolghuisvesting.constants import Destination, PlacementTransferState
from vervolghuisvesting.models import Placement, PlacementTransfer, Youth

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def receiver(make_member):
    """A user of a second contractpartner, Zorggroep Nieuw Thuis."""
    user = make_member(OrganisationKind.CONTRACTPARTNER)
    membership = user.memberships.get()
    membership.organisation = Organisation.objects.create(
        name="Zorggroep Nieuw Thuis", kind=OrganisationKind.CONTRACTPARTNER
    )
    membership.save()
    return user


@pytest.fixture
def nidos(make_member):
    return make_member(OrganisationKind.NIDOS, regions=("noord-west",))


@pytest.fixture
def move(in_use, place, receiver):
    """A youth of 16 placed in Amersfoort by `partner`, and a location in Utrecht of the
    receiving contractpartner with room."""
    source = in_use(gemeente_code="GM0307", street="Soesterweg")
    placement = place(source, started_on=TODAY() - timedelta(days=60))
    target = in_use(street="Biltstraat", contractpartner=receiver.memberships.get().organisation)
    return placement, target


def propose(nidos, placement, target, on=None):
    return services.placement_transfer_propose(
        actor=actor_of(nidos), placement=placement, location=target, proposed_on=on or TODAY()
    )


def test_nidos_proposes_the_receiver_accepts_and_the_youth_keeps_one_history(
    nidos, partner, receiver, move, make_member
):
    placement, target = move
    youth = placement.youth
    assert not selectors.youth_list(actor=actor_of(receiver)).exists()
    transfer = propose(nidos, placement, target)
    # Until the receiver decides, the youth stays where they are; the receiver sees them.
    placement.refresh_from_db()
    assert placement.ended_on is None
    assert list(selectors.youth_list(actor=actor_of(receiver))) == [youth]
    assert Notification.objects.filter(recipient=receiver, kind="youth").exists()
    assert Notification.objects.filter(recipient=partner, kind="youth").exists()

    new = services.placement_transfer_accept(
        actor=actor_of(receiver), transfer=transfer, moved_on=TODAY()
    )
    placement.refresh_from_db()
    assert (placement.ended_on, placement.destination) == (TODAY(), Destination.ANDERE_KSO)
    assert (new.youth, new.location, new.started_on) == (youth, target, TODAY())
    assert new.organisation == receiver.memberships.get().organisation
    assert Youth.objects.count() == 1
    transfer.refresh_from_db()
    assert (transfer.state, transfer.to_placement, transfer.decided_by) == (
        PlacementTransferState.AANVAARD,
        new,
        receiver,
    )
    # One continuous history, seen by both contractpartners.
    for user in (partner, receiver):
        history = selectors.youth_placements(actor=actor_of(user), youth=youth)
        assert [p.pk for p in history] == [new.pk, placement.pk]
    # Counted once for the taakstelling: the first placement, in Amersfoort.
    counted = selectors.counted_early(
        gemeenten=Gemeente.objects.all(),
        periods={"jaar": (TODAY() - timedelta(days=365), TODAY())},
    )
    assert counted == [{"gemeente_id": Gemeente.objects.get(code="GM0307").pk, "jaar": 1}]
    # A request now goes to the gemeente of the new location.
    request = services.housing_request_submit(
        actor=actor_of(nidos), youth=youth, submitted_on=TODAY(), early_reason="Broer in Utrecht"
    )
    assert request.gemeente.code == "GM0344"


def test_the_receiver_declines_with_a_reason_and_the_youth_stays(nidos, receiver, move, client):
    placement, target = move
    transfer = propose(nidos, placement, target)
    with pytest.raises(ValidationError) as no_reason:
        services.placement_transfer_decline(actor=actor_of(receiver), transfer=transfer, reason="")
    assert "reden" in no_reason.value.message_dict["reason"][0]
    services.placement_transfer_decline(
        actor=actor_of(receiver), transfer=transfer, reason="Geen plek voor 24-uursbegeleiding"
    )
    transfer.refresh_from_db()
    placement.refresh_from_db()
    assert (transfer.state, transfer.reason) == (
        PlacementTransferState.AFGEWEZEN,
        "Geen plek voor 24-uursbegeleiding",
    )
    assert placement.ended_on is None
    # Declined: the receiver no longer sees the youth.
    client.force_login(receiver)
    youth_page = reverse("youth_detail", args=[placement.youth.pseudonym])
    assert client.get(youth_page).status_code == 404
    with pytest.raises(ValidationError):
        services.placement_transfer_accept(
            actor=actor_of(receiver), transfer=transfer, moved_on=TODAY()
        )


def test_only_nidos_proposes_and_only_the_receiver_decides(
    nidos, partner, receiver, move, gemeente_user
):
    placement, target = move
    for user in (partner, receiver, gemeente_user):
        with pytest.raises(PermissionDenied):
            propose(user, placement, target)
    transfer = propose(nidos, placement, target)
    for user in (partner, nidos, gemeente_user):
        with pytest.raises(PermissionDenied):
            services.placement_transfer_accept(
                actor=actor_of(user), transfer=transfer, moved_on=TODAY()
            )
    with pytest.raises(PermissionDenied):
        services.placement_transfer_withdraw(actor=actor_of(receiver), transfer=transfer)
    assert Placement.objects.count() == 1  # nothing moved


def test_a_proposal_within_one_contractpartner_or_twice_is_refused(
    nidos, move, in_use, make_location
):
    placement, target = move
    with pytest.raises(ValidationError) as same:
        propose(nidos, placement, in_use(street="Eigen locatie"))
    assert "dezelfde contractpartner" in same.value.message_dict["location"][0]
    with pytest.raises(ValidationError) as not_in_use:
        propose(nidos, placement, make_location(street="Nog niet open"))
    assert "in gebruik" in not_in_use.value.message_dict["location"][0]
    with pytest.raises(ValidationError) as before:
        propose(nidos, placement, target, on=placement.started_on - timedelta(days=1))
    assert "voor de huidige plaatsing" in before.value.message_dict["proposed_on"][0]
    propose(nidos, placement, target)
    with pytest.raises(ValidationError) as twice:
        propose(nidos, placement, target)
    assert "ligt al een overplaatsing voor" in twice.value.messages[0]
    assert PlacementTransfer.objects.count() == 1


def test_accepting_checks_the_date_and_a_full_location_as_placing_does(
    nidos, receiver, move, place
):
    placement, target = move
    transfer = propose(nidos, placement, target)
    actor = actor_of(receiver)
    with pytest.raises(ValidationError) as future:
        services.placement_transfer_accept(
            actor=actor, transfer=transfer, moved_on=TODAY() + timedelta(days=1)
        )
    assert "toekomst" in future.value.message_dict["moved_on"][0]
    for _number in range(target.capacity):
        services.placement_start(
            actor=actor, location=target, started_on=TODAY(), birth_on=placement.youth.birth_on
        )
    with pytest.raises(ValidationError) as full:
        services.placement_transfer_accept(actor=actor, transfer=transfer, moved_on=TODAY())
    assert "overbezetting" in full.value.message_dict["overbezetting_reason"][0]
    placement.refresh_from_db()
    assert placement.ended_on is None  # nothing half-written
    services.placement_transfer_accept(
        actor=actor, transfer=transfer, moved_on=TODAY(), overbezetting_reason="Broers samen"
    )
    assert PlacementTransfer.objects.get().state == PlacementTransferState.AANVAARD


def test_nidos_withdraws_and_ending_the_placement_lets_a_proposal_lapse(nidos, partner, move):
    placement, target = move
    first = propose(nidos, placement, target)
    services.placement_transfer_withdraw(actor=actor_of(nidos), transfer=first, reason="Toch niet")
    first.refresh_from_db()
    assert (first.state, first.reason) == (PlacementTransferState.INGETROKKEN, "Toch niet")
    second = propose(nidos, placement, target)
    services.placement_end(
        actor=actor_of(partner),
        placement=placement,
        ended_on=TODAY(),
        destination=Destination.GEZINSHERENIGING,
    )
    second.refresh_from_db()
    assert second.state == PlacementTransferState.INGETROKKEN
    assert "Vervallen" in second.reason


# --- Through the pages --------------------------------------------------------------------------


def test_nidos_proposes_on_the_page_and_the_receiver_accepts_on_the_proposal_page(
    client, nidos, receiver, move
):
    placement, target = move
    client.force_login(nidos)
    youth_page = client.get(reverse("youth_detail", args=[placement.youth.pseudonym]))
    create = reverse("placement_transfer_create", args=[placement.pk])
    assert create in youth_page.content.decode()
    form = client.get(create)
    assert "Biltstraat 12, Utrecht, Zorggroep Nieuw Thuis (0 van 4 bezet)" in (
        form.content.decode()
    )
    done = client.post(
        create,
        {"location": target.pk, "proposed_on": TODAY().isoformat(), "note": "Dichter bij school"},
        follow=True,
    )
    transfer = PlacementTransfer.objects.get()
    assert done.redirect_chain[-1][0] == reverse("placement_transfer_detail", args=[transfer.pk])
    assert "Zorggroep Nieuw Thuis beslist" in done.content.decode()
    assert done.context["withdraw_form"] is not None

    client.force_login(receiver)
    dashboard = client.get(reverse("dashboard"))
    assert [t.pk for t in dashboard.context["transfers"]] == [transfer.pk]
    assert "uw beslissing" in dashboard.content.decode()
    page = client.get(reverse("placement_transfer_detail", args=[transfer.pk]))
    assert page.context["accept_form"] is not None
    accept = reverse("placement_transfer_accept", args=[transfer.pk])
    refused = client.post(accept, {"moved_on": (TODAY() + timedelta(days=3)).isoformat()})
    assert refused.status_code == 200
    assert "toekomst" in refused.content.decode()
    accepted = client.post(accept, {"moved_on": TODAY().isoformat()}, follow=True)
    assert accepted.redirect_chain[-1][0] == reverse("location_detail", args=[target.pk])
    assert f"{placement.youth.pseudonym} woont nu op uw locatie" in accepted.content.decode()


def test_the_end_form_offers_another_kso_location_and_leads_to_moving(client, partner, move):
    placement, _target = move
    client.force_login(partner)
    url = reverse("placement_end", args=[placement.pk])
    assert "Naar een andere KSO-locatie (verhuizen)" in client.get(url).content.decode()
    response = client.post(
        url, {"ended_on": TODAY().isoformat(), "destination": Destination.ANDERE_KSO}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("placement_move", args=[placement.pk])
    assert "Dat besluit Nidos" in response.content.decode()
    placement.refresh_from_db()
    assert placement.ended_on is None


def test_a_contractpartner_cannot_withdraw_nor_nidos_accept_on_the_pages(
    client, nidos, receiver, partner, move
):
    placement, target = move
    transfer = propose(nidos, placement, target)
    client.force_login(receiver)
    assert (
        client.post(reverse("placement_transfer_withdraw", args=[transfer.pk])).status_code == 403
    )
    client.force_login(nidos)
    accept = reverse("placement_transfer_accept", args=[transfer.pk])
    assert client.post(accept, {"moved_on": TODAY().isoformat()}).status_code == 403
    client.force_login(partner)  # the sending contractpartner sees it, decides nothing
    assert client.get(reverse("placement_transfer_detail", args=[transfer.pk])).status_code == 200
    assert client.post(accept, {"moved_on": TODAY().isoformat()}).status_code == 403
    assert PlacementTransfer.objects.get().state == PlacementTransferState.VOORGESTELD
