"""Pages of housing requests: the buckets, one request and its actions, and submitting."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kso_portal import derived
from kso_portal.access import Action, can, get_or_404, may_see_youths, scope
from kso_portal.constants import AccessKind
from kso_portal.exports import CHUNK_SIZE, export_formats, export_response
from kso_portal.forms import apply_service_errors, service_error_text
from kso_portal.history import history_page
from kso_portal.once import AlreadySubmitted, already_submitted
from kso_portal.paging import address_of, paginate
from kso_portal.services import access_log_record
from organisations.models import Gemeente
from vervolghuisvesting import selectors, services, workflow
from vervolghuisvesting.constants import DONE_STATES, Bucket, HousingState
from vervolghuisvesting.exports import housing_request_columns, housing_request_values
from vervolghuisvesting.forms import (
    EscalationForm,
    HousingFilterForm,
    HousingMoveForm,
    HousingSubmitForm,
    HousingTransferDeclineForm,
    HousingTransferForm,
)
from vervolghuisvesting.models import HousingRequest, Youth
from vervolghuisvesting.rules import housing_bucket

from .youths import DAY

# Who submits a request (DESIGN.md §6) and who records an escalation.
SUBMITTERS = ("contractpartner", "nidos")
ESCALATORS = ("gemeente", "nidos")


def _filter_gemeenten(actor) -> list[tuple[str, str]]:
    """The gemeenten the actor's requests are addressed to, each once, found by the database."""
    addressed = scope(actor, HousingRequest).values("gemeente")
    return list(
        scope(actor, Gemeente)
        .filter(pk__in=addressed)
        .order_by("code", "name")
        .values_list("code", "name")
    )


def _filters(request) -> tuple[HousingFilterForm, selectors.HousingFilters]:
    """The filter form and the bucket chosen: the same selection for the list and its export."""
    actor = request.actor
    if not may_see_youths(actor):
        raise PermissionDenied
    gemeenten = derived.cached(
        "housing.filter_choices", derived.whose(actor), lambda: _filter_gemeenten(actor)
    )
    form = HousingFilterForm(request.GET or None, gemeenten=gemeenten)
    data = form.applied()
    filters = selectors.HousingFilters(
        bucket=data.get("bak", ""),
        state=data.get("state", ""),
        gemeente=data.get("gemeente", ""),
        query=data.get("q", ""),
    )
    return form, filters


def _displayed(requests) -> list:
    """The page's requests with what the list shows as text: labels looked up once per page,
    dates written by strftime (see `youths._rows_html`)."""
    states = {key: str(label) for key, label in HousingState.choices}
    buckets = {key: str(label) for key, label in Bucket.choices}
    requests = list(requests)
    address = address_of("housing_request_detail")
    for housing in requests:
        housing.url = address(housing.pk)
        housing.state_label = states.get(housing.state, housing.state)
        housing.bucket_label = buckets[housing.bucket]
        housing.submitted_text = housing.submitted_on.strftime(DAY)
        housing.deadline_text = housing.deadline_on.strftime(DAY)
    return requests


def housing_request_list(request):
    actor = request.actor
    form, filters = _filters(request)
    rows = selectors.housing_request_list(actor=actor, filters=filters)
    whose = derived.whose(actor)
    page_rows = selectors.housing_list_page_rows(rows)
    context = paginate(request, page_rows, counted_as=("housing", whose, filters))
    context["page"].object_list = _displayed(context["page"].object_list)
    context.update(
        form=form,
        buckets=derived.cached(
            "housing.buckets", whose, lambda: selectors.bucket_counts(actor=actor)
        ),
        bucket=filters.bucket,
        today=timezone.localdate(),
    )
    return render(request, "vervolghuisvesting/housing_request_list.html", context)


@export_formats
def housing_request_export(request, fmt):
    """Every request of the list with its bucket and filters, as CSV or XLSX; logged."""
    actor = request.actor
    _form, filters = _filters(request)
    rows = selectors.housing_request_list(actor=actor, filters=filters)
    access_log_record(
        actor=actor,
        request=request,
        kind=AccessKind.EXPORT,
        what=_("Export van de aanvragen vervolghuisvesting (%(format)s)") % {"format": fmt.upper()},
        row_count=rows.count(),
    )
    return export_response(
        fmt,
        filename="aanvragen-vervolghuisvesting",
        columns=housing_request_columns(),
        rows=housing_request_values(rows).iterator(chunk_size=CHUNK_SIZE),
        sheet_title=_("Aanvragen vervolghuisvesting"),
    )


def housing_request_detail(request, pk):
    actor = request.actor
    housing = selectors.housing_request_get(actor=actor, pk=pk)
    # One request: the bucket by the rule itself, the same as the list's (with_bucket, in SQL).
    housing.bucket = housing_bucket(
        deadline=housing.deadline_on,
        today=timezone.localdate(),
        has_outcome=housing.state in DONE_STATES,
    ).value
    detail = selectors.housing_request_detail(request=housing)
    may_change = can(actor, housing, Action.CHANGE)
    moves = workflow.allowed_moves(housing.state, kind=actor.kind) if may_change else []
    context = {
        "housing": housing,
        # A gemeente that handed the request over, or is offered it, reads it only.
        "is_responsible": can(actor, housing, Action.VIEW),
        "may_see_youth": can(actor, housing.youth, Action.VIEW),
        "moves": [(move, HousingMoveForm(move=move)) for move in moves],
        **_transfer_forms(actor, housing, may_change, detail["open_offer"]),
        "escalation_form": EscalationForm(initial={"on": timezone.localdate()})
        if may_change and actor.kind in ESCALATORS
        else None,
        **history_page(request, obj=housing),
        "today": timezone.localdate(),
        **detail,
    }
    return render(request, "vervolghuisvesting/housing_request_detail.html", context)


def _transfer_forms(actor, housing, may_change: bool, offer) -> dict:
    """What the page offers about a hand-over: to the responsible gemeente a new offer (none is
    open) or withdrawing the open one; to the gemeente offered it, accepting or declining."""
    if actor.kind != "gemeente":
        return {}
    if offer is not None:
        return {
            "may_withdraw": may_change,
            "answer_form": HousingTransferDeclineForm()
            if can(actor, offer, Action.CHANGE)
            else None,
        }
    if not (may_change and housing.state in workflow.OPEN):
        return {}
    partners = services.partner_gemeenten(housing.gemeente)
    return {"transfer_form": HousingTransferForm(gemeenten=partners) if partners.exists() else None}


@require_http_methods(["GET", "POST"])
def housing_request_submit(request, pseudonym):
    actor = request.actor
    if actor.kind not in SUBMITTERS or not actor.can_write:
        raise PermissionDenied
    youth = get_or_404(actor, Youth, pseudonym=pseudonym)
    form = HousingSubmitForm(
        request.POST or None,
        initial={"submitted_on": timezone.localdate()},
        may_submit_early=actor.kind == "nidos",
    )
    if request.method == "POST" and form.is_valid():
        try:
            housing = services.housing_request_submit(actor=actor, youth=youth, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De aanvraag is ingediend bij %(gemeente)s; uiterste datum %(deadline)s.")
                % {
                    "gemeente": housing.gemeente,
                    "deadline": housing.deadline_on.strftime("%d-%m-%Y"),
                },
            )
            return redirect("housing_request_detail", pk=housing.pk)
    context = {"form": form, "youth": youth}
    return render(request, "vervolghuisvesting/housing_request_submit.html", context)


@require_POST
def housing_request_move(request, pk, target):
    actor = request.actor
    housing = get_or_404(actor, HousingRequest, Action.CHANGE, seen=Action.VIEW_HISTORY, pk=pk)
    move = workflow.move_get(housing.state, target)
    if move is None or actor.kind not in move.by:
        raise PermissionDenied
    form = HousingMoveForm(request.POST, move=move)
    if not form.is_valid():
        raise Http404
    try:
        services.housing_request_move(
            actor=actor, request=housing, target=target, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, service_error_text(form, error))
    else:
        messages.success(request, _("De aanvraag is bijgewerkt."))
    return redirect("housing_request_detail", pk=pk)


@require_POST
def housing_request_transfer(request, pk):
    actor = request.actor
    housing = get_or_404(actor, HousingRequest, Action.CHANGE, seen=Action.VIEW_HISTORY, pk=pk)
    if actor.kind != "gemeente":
        raise PermissionDenied
    form = HousingTransferForm(request.POST, gemeenten=services.partner_gemeenten(housing.gemeente))
    if form.is_valid():
        try:
            transfer = services.housing_request_transfer(
                actor=actor, request=housing, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, service_error_text(form, error))
        else:
            messages.success(
                request,
                _(
                    "De aanvraag is aangeboden aan %(gemeente)s. Tot die gemeente aanvaardt, "
                    "blijft u verantwoordelijk."
                )
                % {"gemeente": transfer.to_gemeente},
            )
    else:
        messages.error(request, _("Kies een gemeente uit de regionale samenwerking."))
    return redirect("housing_request_detail", pk=pk)


@require_POST
def escalation_add(request, pk):
    actor = request.actor
    housing = get_or_404(actor, HousingRequest, Action.CHANGE, seen=Action.VIEW_HISTORY, pk=pk)
    if actor.kind not in ESCALATORS:
        raise PermissionDenied
    form = EscalationForm(request.POST)
    if form.is_valid():
        try:
            services.escalation_record(actor=actor, request=housing, **form.cleaned_data)
        except AlreadySubmitted as error:
            return already_submitted(
                request, error, fallback=reverse("housing_request_detail", args=[pk])
            )
        except ValidationError as error:
            messages.error(request, service_error_text(form, error))
        else:
            messages.success(request, _("De escalatie is vastgelegd."))
    else:
        messages.error(request, _("Vul een geldige soort en datum in."))
    return redirect("housing_request_detail", pk=pk)
