"""Reads of overplaatsingen: those still open, a youth's, and the locations a youth may be
proposed to. Every query starts from the access policy."""

from django.db.models import QuerySet

from kso_portal.access import Actor, get_or_404, scope
from locations.constants import Stage
from locations.models import Location
from vervolghuisvesting.constants import PlacementTransferState
from vervolghuisvesting.models import Placement, PlacementTransfer, Youth

from .occupancy import with_freshness


def _transfers(actor: Actor) -> QuerySet:
    return scope(actor, PlacementTransfer).select_related(
        "youth", "to_location__contractpartner", "from_placement__location__contractpartner"
    )


def transfers_open(*, actor: Actor) -> QuerySet:
    """The proposals the actor sees that wait for the receiving contractpartner, oldest first."""
    return (
        _transfers(actor)
        .filter(state=PlacementTransferState.VOORGESTELD)
        .order_by("proposed_at", "pk")
    )


def youth_transfers(*, actor: Actor, youth: Youth) -> QuerySet:
    return _transfers(actor).filter(youth=youth).order_by("-proposed_at", "-pk")


def transfer_get(*, actor: Actor, pk: int) -> PlacementTransfer:
    """One proposal through the policy, with what its page shows (another's: 404)."""
    transfer = get_or_404(actor, PlacementTransfer, pk=pk)
    return _transfers(actor).select_related("decided_by", "proposed_by").get(pk=transfer.pk)


def transfer_targets(*, actor: Actor, placement: Placement) -> QuerySet:
    """The locations in use of other contractpartners that the actor sees, with how many are
    placed there today: where Nidos may propose to move the youth."""
    locations = (
        scope(actor, Location)
        .filter(stage=Stage.IN_GEBRUIK, contractpartner__isnull=False)
        .exclude(contractpartner=placement.location.contractpartner_id)
        .select_related("contractpartner")
        .order_by("place", "street", "pk")
    )
    return with_freshness(locations)
