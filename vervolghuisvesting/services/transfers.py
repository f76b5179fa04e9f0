"""Hand-overs of housing requests within a regionale samenwerking (DESIGN.md §6).

A hand-over is an offer: the request stays addressed to the sender, and its term keeps
running, until the receiving gemeente accepts; the receiver may decline with a reason, the
sender may withdraw the offer. The receiver hears of the offer, the sender of the answer.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kso_portal.access import Actor, gemeente_audience
from notifications.services import notify
from organisations.models import Gemeente, RegionaleSamenwerkingMember
from vervolghuisvesting.constants import OPEN_STATES, TransferState
from vervolghuisvesting.models import HousingRequest, HousingTransfer

from .housing import _tell


def partner_gemeenten(gemeente: Gemeente) -> QuerySet:
    """The gemeenten a request of `gemeente` may be offered to: those that share a regionale
    samenwerking with it. The one place that reads the samenwerking's members for this."""
    shared = RegionaleSamenwerkingMember.objects.filter(gemeente=gemeente).values("samenwerking")
    return (
        Gemeente.objects.filter(
            pk__in=RegionaleSamenwerkingMember.objects.filter(samenwerking__in=shared).values(
                "gemeente"
            )
        )
        .exclude(pk=gemeente.pk)
        .order_by("sort_name")
    )


def _tell_gemeente(gemeente: Gemeente, request: HousingRequest, title: str, body: str) -> None:
    members = gemeente_audience(gemeente.pk).select_related("user")
    notify(
        recipients={m.user for m in members},
        kind="housing_request",
        title=title,
        body=body,
        url=reverse("housing_request_detail", kwargs={"pk": request.pk}),
    )


@transaction.atomic
def housing_request_transfer(
    *, actor: Actor, request: HousingRequest, gemeente: Gemeente, note: str = ""
) -> HousingTransfer:
    """Offer a request to another member gemeente of a shared regionale samenwerking. The
    request stays with the sender until the receiver accepts; the receiver is told."""
    request = HousingRequest.objects.select_for_update().get(pk=request.pk)
    if request.state not in OPEN_STATES:
        raise ValidationError(_("Een afgeronde aanvraag wordt niet meer overgedragen."))
    if not partner_gemeenten(request.gemeente).filter(pk=gemeente.pk).exists():
        raise ValidationError(
            {"gemeente": _("%(gemeente)s hoort niet bij een regionale samenwerking van "
                           "%(own)s.") % {"gemeente": gemeente, "own": request.gemeente}}
        )  # fmt: skip
    waiting = request.transfers.filter(state=TransferState.AANGEBODEN).first()
    if waiting is not None:
        raise ValidationError(
            _("De aanvraag is al aangeboden aan %(gemeente)s; trek dat aanbod eerst in.")
            % {"gemeente": waiting.to_gemeente}
        )
    transfer = HousingTransfer(
        request=request, from_gemeente=request.gemeente, to_gemeente=gemeente, by=actor.user,
        note=note.strip(), state=TransferState.AANGEBODEN,
    )  # fmt: skip
    transfer.full_clean()
    transfer.save()
    _tell_gemeente(
        gemeente,
        request,
        _("Overdracht aangeboden: aanvraag voor %(youth)s") % {"youth": request.youth},
        _("%(gemeente)s biedt u de aanvraag aan; aanvaard of wijs af met een reden. Tot u "
          "aanvaardt, blijft %(gemeente)s verantwoordelijk.%(note)s")
        % {"gemeente": request.gemeente, "note": f"\n\n{transfer.note}" if transfer.note else ""},
    )  # fmt: skip
    return transfer


def _open_offer(transfer: HousingTransfer, actor: Actor, *, side: str) -> HousingTransfer:
    """The transfer locked, refused when it is no longer an open offer of an open request or
    when the actor is not the gemeente on its `side` ("to_gemeente" answers, "from_gemeente"
    withdraws)."""
    transfer = (
        HousingTransfer.objects.select_for_update()
        .select_related("request__youth", "from_gemeente", "to_gemeente")
        .get(pk=transfer.pk)
    )
    if actor.organisation.gemeente_id != getattr(transfer, f"{side}_id"):
        raise ValidationError(
            _("Alleen %(gemeente)s kan dit doen.") % {"gemeente": getattr(transfer, side)}
        )
    if transfer.state != TransferState.AANGEBODEN:
        raise ValidationError(
            _("Dit aanbod is al %(state)s.")
            % {"state": TransferState(transfer.state).label.lower()}
        )
    if transfer.request.state not in OPEN_STATES:
        raise ValidationError(_("De aanvraag is intussen afgerond; er valt niets over te dragen."))
    return transfer


def _decide(transfer: HousingTransfer, actor: Actor, state: str, reason: str = "") -> None:
    transfer.state, transfer.decline_reason = state, reason
    transfer.decided_by, transfer.decided_at = actor.user, timezone.now()
    transfer.full_clean()
    transfer.save()


@transaction.atomic
def housing_transfer_accept(*, actor: Actor, transfer: HousingTransfer) -> HousingTransfer:
    """The receiving gemeente accepts: the request is its own from now, with the same term
    and deadline. The sender hears of it, and so do the request's other parties."""
    transfer = _open_offer(transfer, actor, side="to_gemeente")
    request = HousingRequest.objects.select_for_update().get(pk=transfer.request_id)
    _decide(transfer, actor, TransferState.AANVAARD)
    request.gemeente = transfer.to_gemeente
    request.save(update_fields=["gemeente", "updated_at"])
    title = _("Aanvraag voor %(youth)s overgedragen aan %(gemeente)s") % {
        "youth": request.youth,
        "gemeente": transfer.to_gemeente,
    }
    body = _("%(gemeente)s heeft de overdracht aanvaard en is nu verantwoordelijk.") % {
        "gemeente": transfer.to_gemeente
    }
    _tell_gemeente(transfer.from_gemeente, request, title, body)
    _tell(actor, request, title, body)
    return transfer


@transaction.atomic
def housing_transfer_decline(
    *, actor: Actor, transfer: HousingTransfer, reason: str
) -> HousingTransfer:
    """The receiving gemeente declines with a reason; the request stays with the sender, who
    is told why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden waarom u de overdracht afwijst.")})
    transfer = _open_offer(transfer, actor, side="to_gemeente")
    _decide(transfer, actor, TransferState.AFGEWEZEN, reason.strip())
    _tell_gemeente(
        transfer.from_gemeente,
        transfer.request,
        _("Overdracht afgewezen: aanvraag voor %(youth)s") % {"youth": transfer.request.youth},
        _("%(gemeente)s neemt de aanvraag niet over: %(reason)s\n\nDe aanvraag blijft bij u.")
        % {"gemeente": transfer.to_gemeente, "reason": transfer.decline_reason},
    )
    return transfer


@transaction.atomic
def housing_transfer_withdraw(*, actor: Actor, transfer: HousingTransfer) -> HousingTransfer:
    """The sender withdraws an open offer; the gemeente it was offered to is told."""
    transfer = _open_offer(transfer, actor, side="from_gemeente")
    _decide(transfer, actor, TransferState.INGETROKKEN)
    _tell_gemeente(
        transfer.to_gemeente,
        transfer.request,
        _("Overdracht ingetrokken: aanvraag voor %(youth)s") % {"youth": transfer.request.youth},
        _("%(gemeente)s heeft het aanbod ingetrokken.") % {"gemeente": transfer.from_gemeente},
    )
    return transfer
