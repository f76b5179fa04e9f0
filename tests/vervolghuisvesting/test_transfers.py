"""A hand-over within a regionale samenwerking is an offer (DESIGN.md §6): the receiving
gemeente accepts or declines with a reason; until it accepts, the sender stays responsible and
the term keeps running; both keep seeing the request's history afterwards."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kso_portal.access import TRANSFER_ACCEPTED, TRANSFER_OFFERED, Action, can, scope
from notifications.models import Notification
from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente, RegionaleSamenwerking, RegionaleSamenwerkingMember
from tests.support import actor_of
from vervolghuisvesting import services
from vervolghuisvesting.constants import HousingState, TransferState
from vervolghuisvesting.models import HousingRequest
from vervolghuisvesting.reminders import reminders_run
from vervolghuisvesting.selectors import bucket_counts, housing_request_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def regio(reference_data):
    """Regio Utrecht: Utrecht, Amersfoort and Zeist."""
    samenwerking = RegionaleSamenwerking.objects.create(name="Regio Utrecht")
    for code in ("GM0344", "GM0307", "GM0355"):
        RegionaleSamenwerkingMember.objects.create(
            samenwerking=samenwerking, gemeente=Gemeente.objects.get(code=code)
        )
    return samenwerking


@pytest.fixture
def utrecht(make_member):
    return make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0344")


@pytest.fixture
def zeist(make_member):
    return make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0355")


@pytest.fixture
def amersfoort(make_member):
    return make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0307")


@pytest.fixture
def request_(partner, in_use, place, regio):
    """A request of a youth at a location in Utrecht, submitted 50 days ago."""
    youth = place(
        in_use(), months=17 * 12 + 6, started_on=timezone.localdate() - timedelta(days=80)
    ).youth
    return services.housing_request_submit(
        actor=actor_of(partner),
        youth=youth,
        submitted_on=timezone.localdate() - timedelta(days=50),
    )


def offer(user, request, code="GM0355", note="Woning in Zeist"):
    return services.housing_request_transfer(
        actor=actor_of(user), request=request, gemeente=Gemeente.objects.get(code=code), note=note
    )


def told(user, words: str) -> bool:
    return Notification.objects.filter(recipient=user, title__contains=words).exists()


def test_the_transfer_states_of_the_access_policy_are_those_stored():
    assert (TRANSFER_OFFERED, TRANSFER_ACCEPTED) == (
        TransferState.AANGEBODEN,
        TransferState.AANVAARD,
    )


def test_until_the_receiver_accepts_the_sender_stays_responsible(request_, utrecht, zeist, partner):
    deadline = request_.deadline_on
    transfer = offer(utrecht, request_)
    request_.refresh_from_db()
    assert (request_.gemeente.code, request_.deadline_on) == ("GM0344", deadline)
    assert told(zeist, "Overdracht aangeboden")
    assert not told(partner, "Overdracht aangeboden")
    # The sender keeps it in its list, counts and actions; Zeist reads its page only.
    sender, receiver = actor_of(utrecht), actor_of(zeist)
    assert list(housing_request_list(actor=sender)) == [request_]
    assert not housing_request_list(actor=receiver).exists()
    assert sum(row["count"] for row in bucket_counts(actor=receiver)) == 0
    assert can(sender, request_, Action.CHANGE)
    assert not can(receiver, request_, Action.CHANGE)
    assert scope(receiver, HousingRequest, Action.VIEW_HISTORY).filter(pk=request_.pk).exists()
    assert can(receiver, transfer, Action.CHANGE)
    assert not can(sender, transfer, Action.CHANGE)


def test_the_term_keeps_running_and_its_reminders_go_to_the_sender_until_accepted(
    request_, utrecht, zeist
):
    offer(utrecht, request_)
    # 25 days before the deadline the term is running out: the gemeente responsible is told.
    with time_machine.travel(request_.deadline_on - timedelta(days=25)):
        reminders_run(today=request_.deadline_on - timedelta(days=25))
    assert told(utrecht, "Nog 25 dagen")
    assert not told(zeist, "Nog 25 dagen")


def test_accepting_makes_the_receiver_responsible_and_both_keep_the_history(
    request_, utrecht, zeist, partner
):
    deadline = request_.deadline_on
    transfer = offer(utrecht, request_)
    services.housing_transfer_accept(actor=actor_of(zeist), transfer=transfer)
    request_.refresh_from_db()
    transfer.refresh_from_db()
    assert (request_.gemeente.code, request_.deadline_on) == ("GM0355", deadline)
    assert (transfer.state, transfer.decided_by) == (TransferState.AANVAARD, zeist)
    assert told(utrecht, "overgedragen aan Zeist")
    assert told(partner, "overgedragen aan Zeist")
    sender, receiver = actor_of(utrecht), actor_of(zeist)
    assert list(housing_request_list(actor=receiver)) == [request_]
    assert not housing_request_list(actor=sender).exists()
    assert scope(sender, HousingRequest, Action.VIEW_HISTORY).filter(pk=request_.pk).exists()
    assert not can(sender, request_, Action.CHANGE)
    with pytest.raises(ValidationError, match="al aanvaard"):
        services.housing_transfer_accept(actor=actor_of(zeist), transfer=transfer)


def test_declining_needs_a_reason_and_leaves_the_request_with_the_sender(request_, utrecht, zeist):
    transfer = offer(utrecht, request_)
    with pytest.raises(ValidationError) as no_reason:
        services.housing_transfer_decline(actor=actor_of(zeist), transfer=transfer, reason=" ")
    assert "reason" in no_reason.value.message_dict
    services.housing_transfer_decline(
        actor=actor_of(zeist), transfer=transfer, reason="Geen woning vrij in Zeist"
    )
    request_.refresh_from_db()
    transfer.refresh_from_db()
    assert request_.gemeente.code == "GM0344"
    assert (transfer.state, transfer.decline_reason) == (
        TransferState.AFGEWEZEN,
        "Geen woning vrij in Zeist",
    )
    assert Notification.objects.get(recipient=utrecht, title__contains="afgewezen").body.count(
        "Geen woning vrij in Zeist"
    )
    # Declined: Zeist no longer reads it; Utrecht may offer it to another member.
    assert not scope(actor_of(zeist), HousingRequest, Action.VIEW_HISTORY).exists()
    offer(utrecht, request_, code="GM0307", note="")


def test_only_the_receiver_answers_and_only_the_sender_withdraws(
    request_, utrecht, zeist, amersfoort
):
    transfer = offer(utrecht, request_)
    for user in (utrecht, amersfoort):
        with pytest.raises(ValidationError, match="Alleen Zeist"):
            services.housing_transfer_accept(actor=actor_of(user), transfer=transfer)
    with pytest.raises(ValidationError, match="Alleen Utrecht"):
        services.housing_transfer_withdraw(actor=actor_of(zeist), transfer=transfer)
    services.housing_transfer_withdraw(actor=actor_of(utrecht), transfer=transfer)
    assert told(zeist, "Overdracht ingetrokken")
    transfer.refresh_from_db()
    assert transfer.state == TransferState.INGETROKKEN
    with pytest.raises(ValidationError, match="al ingetrokken"):
        services.housing_transfer_accept(actor=actor_of(zeist), transfer=transfer)


def test_an_open_offer_lapses_when_the_request_is_completed(request_, utrecht, zeist):
    transfer = offer(utrecht, request_)
    services.housing_request_move(
        actor=actor_of(utrecht),
        request=request_,
        target=HousingState.OVERBRUGGING,
        outcome_on=timezone.localdate(),
    )
    transfer.refresh_from_db()
    assert transfer.state == TransferState.INGETROKKEN
    assert not scope(actor_of(zeist), HousingRequest, Action.VIEW_HISTORY).exists()


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_the_receiver_accepts_on_the_page_and_the_sender_then_reads_it_only(
    client, request_, utrecht, zeist
):
    transfer = offer(utrecht, request_)
    page_url = reverse("housing_request_detail", args=[request_.pk])
    client.force_login(zeist)
    page = client.get(page_url)
    html = page.content.decode()
    assert "U ziet deze aanvraag ter inzage: Utrecht is verantwoordelijk." in html
    assert "Aangeboden aan Zeist, wacht op antwoord." in html
    assert page.context["answer_form"] is not None
    assert not page.context["moves"]
    # Zeist sees no youth page of this youth: the pseudonym is not a link.
    assert f'href="{reverse("youth_detail", args=[request_.youth.pseudonym])}"' not in html
    declined = client.post(
        reverse("housing_transfer_decline", args=[request_.pk, transfer.pk]),
        {"reason": ""},
        follow=True,
    )
    assert "Geef de reden" in _messages(declined)
    accepted = client.post(
        reverse("housing_transfer_accept", args=[request_.pk, transfer.pk]), follow=True
    )
    assert "U hebt de aanvraag overgenomen" in _messages(accepted)
    assert accepted.context["moves"]  # Zeist's to handle now
    client.force_login(utrecht)
    former = client.get(page_url)
    text = former.content.decode()
    assert "U ziet deze aanvraag ter inzage: Zeist is verantwoordelijk." in text
    assert "Aanvaard" in text
    assert not former.context["moves"]
    assert former.context.get("transfer_form") is None


def test_answering_and_withdrawing_are_refused_to_everyone_else(
    client, request_, utrecht, zeist, make_member
):
    transfer = offer(utrecht, request_)
    args = [request_.pk, transfer.pk]
    accept = reverse("housing_transfer_accept", args=args)
    withdraw = reverse("housing_transfer_withdraw", args=args)
    eindhoven = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0772")
    zeist_lezer = make_member(OrganisationKind.GEMEENTE, role=Role.LEZER, gemeente_code="GM0355")
    expected = {
        # Another gemeente sees neither the request nor the offer.
        (eindhoven, accept): 404,
        (eindhoven, withdraw): 404,
        # The sender sees the offer but does not answer it; a reader of the receiver neither.
        (utrecht, accept): 403,
        (zeist_lezer, accept): 403,
        # The receiver does not withdraw: the request is not its own.
        (zeist, withdraw): 403,
    }
    for (user, url), status in expected.items():
        client.force_login(user)
        assert client.post(url).status_code == status, (user, url)
    transfer.refresh_from_db()
    assert transfer.state == TransferState.AANGEBODEN
    client.force_login(utrecht)
    assert client.post(withdraw).status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == TransferState.INGETROKKEN
