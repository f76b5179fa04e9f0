"""Pages of overplaatsingen: Nidos proposes a move to another contractpartner's location, the
receiving contractpartner accepts or declines, Nidos may withdraw. Each view: authorise through
the access policy, parse, one service or selector, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kso_portal.access import CONTRACTPARTNER, NIDOS, Action, can, can_create, get_or_404
from kso_portal.forms import apply_service_errors
from kso_portal.history import history_page
from vervolghuisvesting import selectors, services
from vervolghuisvesting.constants import PlacementTransferState
from vervolghuisvesting.forms import (
    TransferAcceptForm,
    TransferDeclineForm,
    TransferProposeForm,
    TransferWithdrawForm,
)
from vervolghuisvesting.models import Placement, PlacementTransfer

DETAIL_TEMPLATE = "vervolghuisvesting/placement_transfer_detail.html"


@require_http_methods(["GET", "POST"])
def placement_transfer_create(request, pk):
    actor = request.actor
    placement = get_or_404(actor, Placement, pk=pk, ended_on__isnull=True)
    if not can_create(actor, PlacementTransfer):
        raise PermissionDenied
    targets = selectors.transfer_targets(actor=actor, placement=placement)
    form = TransferProposeForm(
        request.POST or None, locations=targets, initial={"proposed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.placement_transfer_propose(
                actor=actor, placement=placement, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De overplaatsing is voorgesteld; %(partner)s beslist.")
                % {"partner": transfer.to_location.contractpartner},
            )
            return redirect("placement_transfer_detail", pk=transfer.pk)
    context = {"form": form, "placement": placement}
    return render(request, "vervolghuisvesting/placement_transfer_form.html", context)


def _detail(request, transfer: PlacementTransfer, **bound) -> dict:
    """The page of a proposal, with the forms of what the actor may do with it now (`bound`:
    a submitted form to show again with its errors)."""
    actor = request.actor
    is_open = transfer.state == PlacementTransferState.VOORGESTELD
    may_change = is_open and can(actor, transfer, Action.CHANGE)
    receiving = may_change and actor.kind == CONTRACTPARTNER
    today = timezone.localdate()
    return {
        "transfer": transfer,
        "accept_form": bound.get("accept")
        or (TransferAcceptForm(initial={"moved_on": today}) if receiving else None),
        "decline_form": bound.get("decline") or (TransferDeclineForm() if receiving else None),
        "withdraw_form": bound.get("withdraw")
        or (TransferWithdrawForm() if may_change and actor.kind == NIDOS else None),
        **history_page(request, obj=transfer),
    }


def placement_transfer_detail(request, pk):
    transfer = selectors.transfer_get(actor=request.actor, pk=pk)
    return render(request, DETAIL_TEMPLATE, _detail(request, transfer))


def _decision(request, pk, *, kind: str, slot: str, form_class, service, done: str):
    """A POST on a proposal: the receiving contractpartner's decision or Nidos' withdrawal.
    A refusal shows the page again with the form and its errors."""
    actor = request.actor
    get_or_404(actor, PlacementTransfer, Action.CHANGE, pk=pk)
    if actor.kind != kind:
        raise PermissionDenied
    transfer = selectors.transfer_get(actor=actor, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            result = service(actor=actor, transfer=transfer, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, done % {"youth": transfer.youth})
            if isinstance(result, Placement):
                return redirect("location_detail", pk=result.location_id)
            return redirect("placement_transfer_detail", pk=pk)
    context = _detail(request, selectors.transfer_get(actor=actor, pk=pk), **{slot: form})
    return render(request, DETAIL_TEMPLATE, context)


@require_POST
def placement_transfer_accept(request, pk):
    return _decision(
        request,
        pk,
        kind=CONTRACTPARTNER,
        slot="accept",
        form_class=TransferAcceptForm,
        service=services.placement_transfer_accept,
        done=_("%(youth)s woont nu op uw locatie."),
    )


@require_POST
def placement_transfer_decline(request, pk):
    return _decision(
        request,
        pk,
        kind=CONTRACTPARTNER,
        slot="decline",
        form_class=TransferDeclineForm,
        service=services.placement_transfer_decline,
        done=_("De overplaatsing van %(youth)s is afgewezen."),
    )


@require_POST
def placement_transfer_withdraw(request, pk):
    return _decision(
        request,
        pk,
        kind=NIDOS,
        slot="withdraw",
        form_class=TransferWithdrawForm,
        service=services.placement_transfer_withdraw,
        done=_("De overplaatsing van %(youth)s is ingetrokken."),
    )
