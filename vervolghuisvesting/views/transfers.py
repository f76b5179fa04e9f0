"""Answering and withdrawing a hand-over of a housing request (the offer is made on the
request's page, `housing.housing_request_transfer`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kso_portal.access import Action, get_or_404
from kso_portal.forms import service_error_text
from vervolghuisvesting import services
from vervolghuisvesting.forms import HousingTransferDeclineForm
from vervolghuisvesting.models import HousingRequest, HousingTransfer


@require_POST
def housing_transfer_accept(request, pk, transfer_pk):
    """The gemeente offered the request takes it over."""
    transfer = get_or_404(
        request.actor, HousingTransfer, Action.CHANGE, pk=transfer_pk, request_id=pk
    )
    try:
        services.housing_transfer_accept(actor=request.actor, transfer=transfer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("U hebt de aanvraag overgenomen; u bent nu verantwoordelijk."))
    return redirect("housing_request_detail", pk=pk)


@require_POST
def housing_transfer_decline(request, pk, transfer_pk):
    """The gemeente offered the request declines it, with a reason."""
    transfer = get_or_404(
        request.actor, HousingTransfer, Action.CHANGE, pk=transfer_pk, request_id=pk
    )
    form = HousingTransferDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef de reden waarom u de overdracht afwijst."))
        return redirect("housing_request_detail", pk=pk)
    try:
        services.housing_transfer_decline(
            actor=request.actor, transfer=transfer, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, service_error_text(form, error))
    else:
        messages.success(request, _("U hebt de overdracht afgewezen; de afzender krijgt bericht."))
    return redirect("housing_request_detail", pk=pk)


@require_POST
def housing_transfer_withdraw(request, pk, transfer_pk):
    """The responsible gemeente withdraws its open offer."""
    actor = request.actor
    housing = get_or_404(actor, HousingRequest, Action.CHANGE, seen=Action.VIEW_HISTORY, pk=pk)
    if actor.kind != "gemeente":
        raise PermissionDenied
    transfer = get_or_404(actor, HousingTransfer, pk=transfer_pk, request=housing)
    try:
        services.housing_transfer_withdraw(actor=actor, transfer=transfer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Het aanbod is ingetrokken."))
    return redirect("housing_request_detail", pk=pk)
