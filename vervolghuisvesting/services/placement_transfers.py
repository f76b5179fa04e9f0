"""Overplaatsingen: a youth's move to a location of another contractpartner. Nidos decides and
proposes it; the receiving contractpartner accepts, and the placement moves on the date it
gives, or declines with a reason. The youth keeps one pseudonym and one history, and counts
once for the taakstelling (its first placement)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kso_portal.access import Action, Actor, audience, can, can_create, scope
from locations.constants import Stage
from locations.models import Location
from notifications.services import notify
from vervolghuisvesting.constants import Destination, PlacementTransferState
from vervolghuisvesting.models import Placement, PlacementTransfer

from .placements import _check_age, _check_capacity, _check_location, _create_placement, _end


def _tell(actor: Actor, transfer: PlacementTransfer, title: str, body: str) -> None:
    """The parties of the youth (its location's gemeente, contractpartner and Nidos) and the
    receiving contractpartner, but not the actor's own organisation."""
    receiving = audience(transfer.to_location).filter(
        organisation=transfer.to_location.contractpartner_id
    )
    members = (audience(transfer.youth) | receiving).exclude(organisation=actor.organisation)
    notify(
        recipients={member.user for member in members.select_related("user")},
        kind="youth",
        title=title,
        body=body,
        url=reverse("placement_transfer_detail", kwargs={"pk": transfer.pk}),
    )


def _check_target(placement: Placement, location: Location) -> None:
    if location.stage != Stage.IN_GEBRUIK or location.contractpartner_id is None:
        raise ValidationError(
            {"location": _("Kies een locatie die in gebruik is, met een contractpartner.")}
        )
    if location.contractpartner_id == placement.location.contractpartner_id:
        raise ValidationError(
            {"location": _("Deze locatie is van dezelfde contractpartner: die verhuist de "
                           "jongere zelf.")}
        )  # fmt: skip


@transaction.atomic
def placement_transfer_propose(
    *, actor: Actor, placement: Placement, location: Location, proposed_on: date, note: str = ""
) -> PlacementTransfer:
    """Nidos proposes to move a placed youth to a location of another contractpartner; the
    receiving contractpartner hears of it and decides. Refused: someone else than Nidos, a
    placement or location Nidos does not see, a placement that has ended, a location not in
    use or of the same contractpartner, a date before the placement, a second open proposal."""
    if not can_create(actor, PlacementTransfer) or not (
        scope(actor, Placement).filter(pk=placement.pk).exists()
        and scope(actor, Location).filter(pk=location.pk).exists()
    ):
        raise PermissionDenied
    placement = Placement.objects.select_related("location", "youth").get(pk=placement.pk)
    if placement.ended_on is not None:
        raise ValidationError(_("Deze plaatsing is al beëindigd."))
    _check_target(placement, location)
    if proposed_on < placement.started_on:
        raise ValidationError({"proposed_on": _("Deze datum ligt voor de huidige plaatsing.")})
    transfer = PlacementTransfer(
        youth=placement.youth, from_placement=placement, to_location=location,
        proposed_on=proposed_on, note=note.strip(), proposed_by=actor.user,
        proposed_by_organisation=actor.organisation,
    )  # fmt: skip
    transfer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError:
        raise ValidationError(
            _("Voor %(youth)s ligt al een overplaatsing voor.") % {"youth": placement.youth}
        ) from None
    _tell(
        actor,
        transfer,
        _("Overplaatsing van %(youth)s voorgesteld") % {"youth": placement.youth},
        _("%(organisation)s stelt voor %(youth)s te verhuizen naar %(location)s, rond %(on)s. "
          "De ontvangende contractpartner aanvaardt of wijst af.")
        % {"organisation": actor.organisation, "youth": placement.youth, "location": location,
           "on": proposed_on.strftime("%d-%m-%Y")},
    )  # fmt: skip
    return transfer


def _open(actor: Actor, transfer: PlacementTransfer, *, receiving: bool) -> PlacementTransfer:
    """The proposal, locked, if the actor may decide on it (the receiving contractpartner) or
    withdraw it (Nidos) and it is still open."""
    if not can(actor, transfer, Action.CHANGE) or receiving != (actor.kind == "contractpartner"):
        raise PermissionDenied
    transfer = (
        PlacementTransfer.objects.select_for_update()
        .select_related("youth", "from_placement", "to_location")
        .get(pk=transfer.pk)
    )
    if transfer.state != PlacementTransferState.VOORGESTELD:
        raise ValidationError(_("Over deze overplaatsing is al besloten."))
    return transfer


def _decide(actor: Actor, transfer: PlacementTransfer, state: str, reason: str = "") -> None:
    transfer.state, transfer.reason = state, reason.strip()
    transfer.decided_by, transfer.decided_at = actor.user, timezone.now()
    transfer.save()


@transaction.atomic
def placement_transfer_accept(
    *,
    actor: Actor,
    transfer: PlacementTransfer,
    moved_on: date,
    overbezetting_reason: str = "",
) -> Placement:
    """The receiving contractpartner accepts: on `moved_on` the youth's placement ends towards
    another KSO location and the new one starts at its location, the same day, in one step.
    The same checks as placing (location in use and its own, capacity, age) apply."""
    transfer = _open(actor, transfer, receiving=True)
    placement = Placement.objects.select_for_update().get(pk=transfer.from_placement_id)
    if placement.ended_on is not None:
        raise ValidationError(_("De jongere woont niet meer op de locatie van het voorstel."))
    if moved_on > timezone.localdate():
        raise ValidationError({"moved_on": _("Deze datum ligt in de toekomst.")})
    target = Location.objects.select_for_update().get(pk=transfer.to_location_id)
    _check_location(actor, target, moved_on)
    _check_age(transfer.youth, moved_on, "", is_move=True)
    _end(placement, moved_on, Destination.ANDERE_KSO)
    _check_capacity(target, moved_on, overbezetting_reason)
    new = _create_placement(
        actor, transfer.youth, target, moved_on, overbezetting_reason=overbezetting_reason.strip()
    )
    transfer.to_placement = new
    _decide(actor, transfer, PlacementTransferState.AANVAARD)
    _tell(
        actor,
        transfer,
        _("%(youth)s is overgeplaatst") % {"youth": transfer.youth},
        _("%(youth)s woont sinds %(on)s op %(location)s.")
        % {"youth": transfer.youth, "on": moved_on.strftime("%d-%m-%Y"), "location": target},
    )
    return new


@transaction.atomic
def placement_transfer_decline(
    *, actor: Actor, transfer: PlacementTransfer, reason: str
) -> PlacementTransfer:
    """The receiving contractpartner declines, with a reason; the youth stays placed."""
    transfer = _open(actor, transfer, receiving=True)
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden van de afwijzing.")})
    _decide(actor, transfer, PlacementTransferState.AFGEWEZEN, reason)
    _tell(
        actor,
        transfer,
        _("Overplaatsing van %(youth)s afgewezen") % {"youth": transfer.youth},
        reason.strip(),
    )
    return transfer


@transaction.atomic
def placement_transfer_withdraw(
    *, actor: Actor, transfer: PlacementTransfer, reason: str = ""
) -> PlacementTransfer:
    """Nidos withdraws a proposal not yet decided; the youth stays placed."""
    transfer = _open(actor, transfer, receiving=False)
    _decide(actor, transfer, PlacementTransferState.INGETROKKEN, reason)
    _tell(
        actor,
        transfer,
        _("Overplaatsing van %(youth)s ingetrokken") % {"youth": transfer.youth},
        reason.strip() or _("Zonder toelichting."),
    )
    return transfer
