"""A coordinator's or the beheerder's changes to the members of an organisation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kso_portal.access import Actor
from organisations.models import Membership

from .invitations import grant_check


@transaction.atomic
def membership_update(
    *,
    actor: Actor,
    membership: Membership,
    role: str,
    nidos_regions: QuerySet | list | None = None,
    is_national: bool = False,
) -> Membership:
    """Change a member's role (and a Nidos member's regions) within what `actor` may grant."""
    regions = list(nidos_regions or [])
    grant_check(
        actor=actor,
        organisation=membership.organisation,
        role=role,
        regions=regions,
        is_national=is_national,
    )
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.role, membership.is_national = role, is_national
    membership.full_clean()
    membership.save(update_fields=["role", "is_national"])
    if set(membership.nidos_regions.all()) != set(regions):
        membership.nidos_regions.set(regions)
    return membership


@transaction.atomic
def membership_deactivate(*, actor: Actor, membership: Membership) -> Membership:
    """End a membership without deleting it: the history keeps the name. A person left with no
    active membership can no longer sign in, and their open sessions end."""
    if membership.user_id == actor.user.pk:
        raise ValidationError(_("U kunt uw eigen lidmaatschap niet deactiveren."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    user = membership.user
    if user.is_active and not user.memberships.filter(is_active=True).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
    return membership


@transaction.atomic
def membership_reactivate(*, actor: Actor, membership: Membership) -> Membership:
    """Give a deactivated member access again, with the role they had."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    grant_check(
        actor=actor,
        organisation=membership.organisation,
        role=membership.role,
        regions=list(membership.nidos_regions.all()),
        is_national=membership.is_national,
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    if not membership.user.is_active:
        membership.user.is_active = True
        membership.user.save(update_fields=["is_active"])
    return membership
