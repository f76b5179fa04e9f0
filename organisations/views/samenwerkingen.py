"""Pages of regionale samenwerkingen, their invitations and their members.

Each view: authorise through the access policy, parse the input, call one service or selector,
render. Who may invite, answer, withdraw, leave or remove is the policy's (Action.CHANGE,
RESPOND, WITHDRAW, REMOVE), checked again in the services.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kso_portal.access import Action, can, can_create, get_or_404
from kso_portal.forms import apply_service_errors
from kso_portal.history import history_page
from kso_portal.paging import paginate
from organisations import selectors, services
from organisations.forms import SamenwerkingForm
from organisations.models import (
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
    SamenwerkingInvitation,
)


def samenwerking_list(request):
    actor = request.actor
    query = request.GET.get("q", "").strip()
    rows = selectors.samenwerking_list(actor=actor, query=query)
    context = paginate(request, rows.order_by("name", "pk"))
    context.update(
        query=query,
        can_create=can_create(actor, RegionaleSamenwerking),
        received=selectors.samenwerking_invitations_received(actor=actor),
    )
    return render(request, "organisations/samenwerking_list.html", context)


def samenwerking_detail(request, pk):
    actor = request.actor
    samenwerking = get_or_404(actor, RegionaleSamenwerking, pk=pk)
    context = {
        "samenwerking": samenwerking,
        "members": selectors.samenwerking_member_list(actor=actor, samenwerking=samenwerking),
        "invitations": selectors.samenwerking_invitation_list(
            actor=actor, samenwerking=samenwerking
        ),
        "can_change": can(actor, samenwerking, Action.CHANGE),
        **history_page(request, obj=samenwerking),
    }
    return render(request, "organisations/samenwerking_detail.html", context)


@require_http_methods(["GET", "POST"])
def samenwerking_create(request):
    actor = request.actor
    if not can_create(actor, RegionaleSamenwerking):
        raise PermissionDenied
    invitable = selectors.samenwerking_invitable(actor=actor)
    form = SamenwerkingForm(request.POST or None, invitable=invitable)
    if request.method == "POST" and form.is_valid():
        try:
            samenwerking = services.samenwerking_create(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("De regionale samenwerking is aangemaakt."))
            _announce_invitations(request, form)
            return redirect("samenwerking_detail", pk=samenwerking.pk)
    return render(request, "organisations/samenwerking_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def samenwerking_update(request, pk):
    actor = request.actor
    samenwerking = get_or_404(actor, RegionaleSamenwerking, Action.CHANGE, pk=pk)
    invitable = selectors.samenwerking_invitable(actor=actor, samenwerking=samenwerking)
    form = SamenwerkingForm(request.POST or None, instance=samenwerking, invitable=invitable)
    if request.method == "POST" and form.is_valid():
        try:
            services.samenwerking_update(
                actor=actor, samenwerking=samenwerking, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            _announce_invitations(request, form)
            return redirect("samenwerking_detail", pk=pk)
    context = {"form": form, "samenwerking": samenwerking}
    return render(request, "organisations/samenwerking_form.html", context)


def _announce_invitations(request, form) -> None:
    names = [gemeente.name for gemeente in form.cleaned_data["gemeenten"]]
    if names:
        messages.info(
            request,
            _(
                "Uitgenodigd: %(names)s. Hun medewerkers hebben een melding gekregen; een "
                "gemeente doet pas mee als zij de uitnodiging accepteert."
            )
            % {"names": ", ".join(names)},
        )


def samenwerking_invitation_detail(request, pk, invitation_pk):
    actor = request.actor
    invitation = get_or_404(actor, SamenwerkingInvitation, pk=invitation_pk, samenwerking_id=pk)
    samenwerking = invitation.samenwerking
    context = {
        "invitation": invitation,
        "samenwerking": samenwerking,
        "members": selectors.samenwerking_member_list(actor=actor, samenwerking=samenwerking),
        "is_invited": invitation.gemeente_id == actor.organisation.gemeente_id,
        "can_respond": can(actor, invitation, Action.RESPOND),
        "can_withdraw": can(actor, invitation, Action.WITHDRAW),
    }
    return render(request, "organisations/samenwerking_invitation_detail.html", context)


@require_POST
def samenwerking_invitation_accept(request, pk, invitation_pk):
    done = _("Uw gemeente neemt nu deel aan %(name)s.")
    return _close_invitation(
        request, pk, invitation_pk, services.samenwerking_invitation_accept, done
    )


@require_POST
def samenwerking_invitation_decline(request, pk, invitation_pk):
    done = _("U hebt de uitnodiging voor %(name)s afgewezen.")
    return _close_invitation(
        request, pk, invitation_pk, services.samenwerking_invitation_decline, done
    )


@require_POST
def samenwerking_invitation_withdraw(request, pk, invitation_pk):
    done = _("De uitnodiging voor %(gemeente)s is ingetrokken.")
    return _close_invitation(
        request, pk, invitation_pk, services.samenwerking_invitation_withdraw, done
    )


def _close_invitation(request, pk, invitation_pk, service, done: str):
    """Accept, decline or withdraw: the service checks that the invitation is still open and
    the actor's to close (403 when not)."""
    actor = request.actor
    invitation = get_or_404(actor, SamenwerkingInvitation, pk=invitation_pk, samenwerking_id=pk)
    try:
        service(actor=actor, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("samenwerking_invitation_detail", pk=pk, invitation_pk=invitation_pk)
    names = {"name": invitation.samenwerking.name, "gemeente": invitation.gemeente.name}
    messages.success(request, done % names)
    # Whoever still sees the samenwerking goes back to it; a gemeente that declined, to the list.
    if can(actor, invitation.samenwerking, Action.VIEW):
        return redirect("samenwerking_detail", pk=pk)
    return redirect("samenwerking_list")


@require_http_methods(["GET", "POST"])
def samenwerking_member_remove(request, pk, member_pk):
    """A gemeente leaves (its own row) or the beheerder removes a member, after confirming."""
    actor = request.actor
    member = get_or_404(
        actor, RegionaleSamenwerkingMember, Action.REMOVE, pk=member_pk, samenwerking_id=pk
    )
    leaving = member.gemeente_id == actor.organisation.gemeente_id
    if request.method == "GET":
        context = {"member": member, "samenwerking": member.samenwerking, "leaving": leaving}
        return render(request, "organisations/samenwerking_member_remove.html", context)
    try:
        services.samenwerking_member_remove(actor=actor, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("samenwerking_detail", pk=pk)
    names = {"gemeente": member.gemeente.name, "name": member.samenwerking.name}
    if leaving:
        messages.success(request, _("Uw gemeente neemt niet meer deel aan %(name)s.") % names)
    else:
        messages.success(request, _("%(gemeente)s neemt niet meer deel aan %(name)s.") % names)
    if can(actor, member.samenwerking, Action.VIEW):
        return redirect("samenwerking_detail", pk=pk)
    return redirect("samenwerking_list")
