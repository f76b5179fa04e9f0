"""Pages of regionale samenwerkingen.

Each view: authorise through the access policy, parse the input, call one service or selector,
render.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kso_portal.access import Action, can, can_create, get_or_404
from kso_portal.forms import apply_service_errors
from kso_portal.history import history_page
from kso_portal.paging import paginate
from organisations import selectors, services
from organisations.forms import SamenwerkingForm
from organisations.models import RegionaleSamenwerking


def samenwerking_list(request):
    actor = request.actor
    query = request.GET.get("q", "").strip()
    rows = selectors.samenwerking_list(actor=actor, query=query)
    context = paginate(request, rows.order_by("name", "pk"))
    context.update(query=query, can_create=can_create(actor, RegionaleSamenwerking))
    return render(request, "organisations/samenwerking_list.html", context)


def samenwerking_detail(request, pk):
    actor = request.actor
    samenwerking = get_or_404(actor, RegionaleSamenwerking, pk=pk)
    context = {
        "samenwerking": samenwerking,
        "gemeenten": selectors.samenwerking_member_list(samenwerking=samenwerking),
        "can_change": can(actor, samenwerking, Action.CHANGE),
        "show_taakstelling": actor.kind in ("gemeente", "nidos", "beheer"),
        **history_page(request, obj=samenwerking),
    }
    return render(request, "organisations/samenwerking_detail.html", context)


@require_http_methods(["GET", "POST"])
def samenwerking_create(request):
    actor = request.actor
    if not can_create(actor, RegionaleSamenwerking):
        raise PermissionDenied
    form = SamenwerkingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            samenwerking = services.samenwerking_create(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("De regionale samenwerking is aangemaakt."))
            return redirect("samenwerking_detail", pk=samenwerking.pk)
    return render(request, "organisations/samenwerking_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def samenwerking_update(request, pk):
    actor = request.actor
    samenwerking = get_or_404(actor, RegionaleSamenwerking, Action.CHANGE, pk=pk)
    form = SamenwerkingForm(request.POST or None, instance=samenwerking)
    if request.method == "POST" and form.is_valid():
        try:
            services.samenwerking_update(
                actor=actor, samenwerking=samenwerking, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("samenwerking_detail", pk=pk)
    context = {"form": form, "samenwerking": samenwerking}
    return render(request, "organisations/samenwerking_form.html", context)
