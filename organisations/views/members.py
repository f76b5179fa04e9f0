"""Pages of organisations, their members and invitations.

Each view: authorise through the access policy, parse the input, call one service or selector,
render.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kso_portal.access import Action, can_create, get_or_404
from kso_portal.forms import apply_service_errors
from kso_portal.history import history_page
from kso_portal.paging import paginate
from organisations import selectors, services
from organisations.constants import OrganisationKind
from organisations.forms import AcceptInvitationForm, InvitationForm, MembershipForm
from organisations.models import Invitation, Membership, Organisation
from organisations.rules import InvitationState

SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def organisation_list(request):
    actor = request.actor
    if not actor.is_beheer:
        # A coordinator manages one organisation: their own.
        own = actor.organisation.pk if actor.membership else None
        organisation = get_or_404(actor, Organisation, Action.MANAGE_MEMBERS, pk=own)
        return redirect("organisation_detail", pk=organisation.pk)
    query, kind = request.GET.get("q", "").strip(), request.GET.get("soort", "")
    rows = selectors.organisation_list(actor=actor, query=query, kind=kind)
    context = paginate(request, rows.order_by("name", "pk"))
    context.update(query=query, kind=kind, kinds=OrganisationKind.choices)
    return render(request, "organisations/organisation_list.html", context)


def organisation_detail(request, pk):
    actor = request.actor
    organisation = get_or_404(actor, Organisation, Action.MANAGE_MEMBERS, pk=pk)
    context = {
        "organisation": organisation,
        "members": selectors.organisation_member_list(actor=actor, organisation=organisation),
        "invitations": selectors.invitation_list(actor=actor, organisation=organisation),
        "can_invite": can_create(actor, Invitation),
        **history_page(request, obj=organisation),
    }
    return render(request, "organisations/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
def invitation_create(request, pk):
    actor = request.actor
    organisation = get_or_404(actor, Organisation, Action.MANAGE_MEMBERS, pk=pk)
    form = InvitationForm(request.POST or None, actor=actor, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.invitation_create(
                actor=actor,
                organisation=organisation,
                email=form.cleaned_data["email"],
                **form.grant(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _announce_invitation(request, new)
            return redirect("organisation_detail", pk=organisation.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "organisations/invitation_create.html", context)


def _announce_invitation(request, new) -> None:
    messages.success(
        request,
        _("De uitnodiging is verstuurd naar %(email)s; de link is 7 dagen geldig.")
        % {"email": new.invitation.email},
    )
    if settings.DEMO_MODE:
        # The demo sends no real e-mail, so the newcomer gets the link here to try it.
        messages.info(request, _("Demo: de uitnodigingslink is %(url)s") % {"url": new.url})


@require_http_methods(["GET", "POST"])
def invitation_revoke(request, pk, invitation_pk):
    actor = request.actor
    invitation = get_or_404(actor, Invitation, Action.CHANGE, pk=invitation_pk, organisation_id=pk)
    if request.method == "POST":
        services.invitation_revoke(invitation=invitation)
        messages.success(
            request,
            _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email},
        )
        return redirect("organisation_detail", pk=pk)
    return render(request, "organisations/invitation_revoke.html", {"invitation": invitation})


@require_POST
def invitation_resend(request, pk, invitation_pk):
    actor = request.actor
    invitation = get_or_404(actor, Invitation, Action.CHANGE, pk=invitation_pk, organisation_id=pk)
    try:
        new = services.invitation_resend(actor=actor, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _announce_invitation(request, new)
    return redirect("organisation_detail", pk=pk)


@require_http_methods(["GET", "POST"])
def membership_update(request, pk, membership_pk):
    actor = request.actor
    membership = get_or_404(actor, Membership, Action.CHANGE, pk=membership_pk, organisation_id=pk)
    initial = {
        "role": membership.role,
        "nidos_regions": list(membership.nidos_regions.all()),
        "is_national": membership.is_national,
    }
    form = MembershipForm(
        request.POST or None, initial=initial, actor=actor, organisation=membership.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(actor=actor, membership=membership, **form.grant())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Het lidmaatschap van %(email)s is gewijzigd.")
                % {"email": membership.user.email},
            )
            return redirect("organisation_detail", pk=pk)
    context = {"form": form, "membership": membership}
    return render(request, "organisations/membership_update.html", context)


@require_http_methods(["GET", "POST"])
def membership_deactivate(request, pk, membership_pk):
    return _membership_toggle(request, pk, membership_pk, activate=False)


@require_http_methods(["GET", "POST"])
def membership_reactivate(request, pk, membership_pk):
    return _membership_toggle(request, pk, membership_pk, activate=True)


def _membership_toggle(request, pk, membership_pk, *, activate: bool):
    actor = request.actor
    membership = get_or_404(actor, Membership, Action.CHANGE, pk=membership_pk, organisation_id=pk)
    if request.method == "GET":
        context = {"membership": membership, "activate": activate}
        return render(request, "organisations/membership_toggle.html", context)
    service = services.membership_reactivate if activate else services.membership_deactivate
    try:
        service(actor=actor, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("%(email)s is weer actief.") if activate else _("%(email)s is gedeactiveerd.")
        messages.success(request, done % {"email": membership.user.email})
    return redirect("organisation_detail", pk=pk)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = selectors.invitation_get_by_token(token=token)
    if invitation is None:
        return render(
            request, "organisations/invitation_unusable.html", {"state": None}, status=404
        )
    state = selectors.invitation_current_state(invitation=invitation)
    if state != InvitationState.OPEN:
        context = {
            "state": state,
            "invitation": invitation,
            "token": token,
        }
        return render(request, "organisations/invitation_unusable.html", context, status=410)
    existing = selectors.active_account_for(email=invitation.email)
    if existing is not None:
        return _accept_as_signed_in(request, invitation, existing)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except services.InvitationUnusable:
            return redirect("invitation_accept", token=token)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            login(request, user, backend=SIGN_IN_BACKEND)
            messages.success(
                request,
                _("Welkom! Uw account voor %(organisation)s is klaar.")
                % {"organisation": invitation.organisation},
            )
            return redirect("dashboard")
    return render(
        request, "organisations/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def _accept_as_signed_in(request, invitation, existing):
    """Someone with an account accepts while signed in as that account."""
    signed_in_as_invitee = request.user.is_authenticated and request.user.pk == existing.pk
    if request.method == "POST" and signed_in_as_invitee:
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.InvitationUnusable:
            return redirect("invitation_accept", token=request.resolver_match.kwargs["token"])
        messages.success(
            request,
            _("U bent nu ook lid van %(organisation)s; wissel in de kop van de pagina.")
            % {"organisation": invitation.organisation},
        )
        return redirect("dashboard")
    context = {
        "invitation": invitation,
        "signed_in_as_invitee": signed_in_as_invitee,
        "login_url": reverse("account_login") + "?next=" + request.path,
    }
    return render(request, "organisations/invitation_accept_existing.html", context)


@login_not_required
@require_POST
def invitation_renewal_request(request, token):
    invitation = selectors.invitation_get_by_token(token=token)
    if invitation is None:
        return render(
            request, "organisations/invitation_unusable.html", {"state": None}, status=404
        )
    services.invitation_renewal_request(invitation=invitation)
    # The same answer whether or not an e-mail went out now, so that asking again tells nothing.
    return render(
        request, "organisations/invitation_renewal_requested.html", {"invitation": invitation}
    )
