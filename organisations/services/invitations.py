"""Invitations: how a person gets an account or a further membership."""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kso_portal.access import Actor, grantable_nidos_scope, grantable_roles
from organisations.constants import OrganisationKind, Role
from organisations.models import Invitation, Membership, Organisation
from organisations.rules import (
    INVITATION_VALID_FOR,
    InvitationState,
    invitation_state,
    token_digest,
)

logger = logging.getLogger(__name__)
# A person asking again for a new link within this time sends no further e-mail.
INVITATION_RENEWAL_INTERVAL = timedelta(days=1)


class InvitationUnusable(Exception):
    """The invitation link was used, withdrawn or has expired; `state` says which."""

    def __init__(self, state: InvitationState):
        super().__init__(state)
        self.state = state


def invitation_url(token: str) -> str:
    return settings.PORTAL_URL + reverse("invitation_accept", kwargs={"token": token})


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    url: str


def grant_check(
    *, actor: Actor, organisation: Organisation, role: str, regions: QuerySet, is_national: bool
) -> None:
    errors: dict[str, str] = {}
    if role not in grantable_roles(actor, organisation):
        errors["role"] = _(
            "U kunt de rol %(role)s niet toekennen in %(organisation)s. Vraag het functioneel "
            "beheer om een coördinator aan te wijzen."
        ) % {
            "role": Role(role).label if role in Role.values else role,
            "organisation": organisation,
        }
    if organisation.kind == OrganisationKind.NIDOS:
        allowed, may_national = grantable_nidos_scope(actor)
        if is_national and not may_national:
            errors["is_national"] = _("U kunt geen landelijke toegang geven.")
        elif not is_national and not regions:
            errors["nidos_regions"] = _("Kies ten minste één Nidos-regio, of landelijk.")
        elif set(regions) - set(allowed):
            errors["nidos_regions"] = _("U kunt alleen regio's geven die u zelf hebt.")
    elif is_national or regions:
        errors["nidos_regions"] = _("Alleen een Nidos-lidmaatschap heeft regio's.")
    if errors:
        raise ValidationError(errors)


def _check_not_yet_member(*, email: str, organisation: Organisation) -> None:
    membership = Membership.objects.filter(
        user__email__iexact=email, organisation=organisation
    ).first()
    if membership is None:
        return
    if membership.is_active:
        message = _("%(email)s is al lid van %(organisation)s.")
    else:
        message = _(
            "%(email)s was lid van %(organisation)s en is gedeactiveerd; activeer het "
            "lidmaatschap opnieuw in de ledenlijst."
        )
    raise ValidationError({"email": message % {"email": email, "organisation": organisation}})


def _close_expired_or_refuse(*, email: str, organisation: Organisation, now) -> None:
    """An open invitation for the same person blocks a second one; an expired one is closed."""
    pending = Invitation.objects.select_for_update().filter(
        email__iexact=email, organisation=organisation, accepted_at=None, revoked_at=None
    )
    for invitation in pending:
        if invitation.expires_at > now:
            raise ValidationError(
                {
                    "email": _(
                        "Er staat al een uitnodiging open voor %(email)s (geldig tot "
                        "%(until)s). Verstuur die opnieuw of trek hem in."
                    )
                    % {
                        "email": email,
                        "until": timezone.localtime(invitation.expires_at).strftime(
                            "%d-%m-%Y %H:%M"
                        ),
                    }
                }
            )
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def invitation_create(
    *,
    actor: Actor,
    organisation: Organisation,
    email: str,
    role: str,
    nidos_regions: QuerySet | list | None = None,
    is_national: bool = False,
) -> NewInvitation:
    """Invite `email` to `organisation` with `role`; the e-mail goes out after commit.

    Raises ValidationError (by field) when the inviter may not grant the role or scope, when the
    person is already a member, or when an invitation for them is still open.
    """
    email = email.strip().lower()
    regions = list(nidos_regions or [])
    grant_check(
        actor=actor, organisation=organisation, role=role, regions=regions, is_national=is_national
    )
    _check_not_yet_member(email=email, organisation=organisation)
    now = timezone.now()
    _close_expired_or_refuse(email=email, organisation=organisation, now=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        organisation=organisation,
        role=role,
        is_national=is_national,
        invited_by=actor.user,
        token_hash=token_digest(token),
        expires_at=now + INVITATION_VALID_FOR,
    )
    invitation.full_clean(exclude=["token_hash"])
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        # Someone else invited the same person at the same moment.
        raise ValidationError(
            {
                "email": _("Er is zojuist al een uitnodiging voor %(email)s verstuurd.")
                % {"email": email}
            }
        ) from None
    invitation.nidos_regions.set(regions)
    url = invitation_url(token)
    transaction.on_commit(lambda: _send_invitation(invitation, url))
    return NewInvitation(invitation=invitation, url=url)


def _send_invitation(invitation: Invitation, url: str) -> None:
    context = {
        "invitation": invitation,
        "url": url,
        "inviter": invitation.invited_by.email,
        "expires_at": timezone.localtime(invitation.expires_at),
    }
    send_mail(
        subject=render_to_string("organisations/email/invitation_subject.txt", context).strip(),
        message=render_to_string("organisations/email/invitation_body.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    """Withdraw an open invitation; its link then says so. A used one stays as it is."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def invitation_resend(*, actor: Actor, invitation: Invitation) -> NewInvitation:
    """A new link for the same person and role, valid 7 days; the old link stops working."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("Deze uitnodiging is al gebruikt."))
    invitation_revoke(invitation=invitation)
    return invitation_create(
        actor=actor,
        organisation=invitation.organisation,
        email=invitation.email,
        role=invitation.role,
        nidos_regions=invitation.nidos_regions.all(),
        is_national=invitation.is_national,
    )


def _state(invitation: Invitation) -> InvitationState:
    return invitation_state(
        expires_at=invitation.expires_at,
        accepted_at=invitation.accepted_at,
        revoked_at=invitation.revoked_at,
        now=timezone.now(),
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user=None, password: str | None = None):
    """Use the invitation: with `password` it creates the account (or reopens a deactivated
    one), with `user` (signed in, same e-mail) it adds the membership. Returns the user.

    Raises InvitationUnusable when the link was used, withdrawn or expired, also when two
    tabs accept at the same moment: the second finds it used.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = _state(invitation)
    if state != InvitationState.OPEN:
        raise InvitationUnusable(state)
    if user is None:
        user = _account_for(invitation.email, password)
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "is_national": invitation.is_national},
    )
    membership.role, membership.is_national, membership.is_active = (
        invitation.role,
        invitation.is_national,
        True,
    )
    membership.save()
    membership.nidos_regions.set(invitation.nidos_regions.all())
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def _account_for(email: str, password: str | None):
    users = get_user_model().objects
    user = users.filter(email__iexact=email).first()
    if user is not None and user.is_active:
        raise ValidationError(
            _(
                "Er bestaat al een account voor %(email)s: meld u aan om de uitnodiging "
                "te accepteren."
            )
            % {"email": email}
        )
    if user is None:
        user = users.create_user(username=email, email=email, password=password)
    else:
        # A deactivated account comes back with the new password the person just chose.
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    return user


@transaction.atomic
def invitation_renewal_request(*, invitation: Invitation) -> bool:
    """The invitee asks for a new link; the inviter and the organisation's coordinators get an
    e-mail. Asked again within a day, nothing more is sent. Returns whether it was sent."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    if invitation.accepted_at is not None:
        return False
    asked = invitation.renewal_requested_at
    if asked is not None and now - asked < INVITATION_RENEWAL_INTERVAL:
        return False
    invitation.renewal_requested_at = now
    invitation.save(update_fields=["renewal_requested_at"])
    recipients = _renewal_recipients(invitation)
    context = {
        "invitation": invitation,
        "url": settings.PORTAL_URL
        + reverse("organisation_detail", kwargs={"pk": invitation.organisation_id}),
    }
    transaction.on_commit(
        lambda: send_mail(
            subject=render_to_string("organisations/email/renewal_subject.txt", context).strip(),
            message=render_to_string("organisations/email/renewal_body.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
    )
    return True


def _renewal_recipients(invitation: Invitation) -> list[str]:
    coordinators = Membership.objects.filter(
        organisation=invitation.organisation,
        role=Role.COORDINATOR,
        is_active=True,
        user__is_active=True,
    ).values_list("user__email", flat=True)
    recipients = set(coordinators)
    if invitation.invited_by.is_active:
        recipients.add(invitation.invited_by.email)
    if not recipients:
        recipients = set(
            Membership.objects.filter(
                organisation__kind=OrganisationKind.BEHEER, is_active=True, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    return sorted(recipients)
