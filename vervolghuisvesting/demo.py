"""Demo youths for `make run`, placed, moved and housed through the services at the demo
locations in use, so that occupancy, milestones, the keuzegesprek list, the housing requests and
the access log show something, and each youth's history is one that could have happened."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kso_portal.access import Actor
from locations.models import Location
from organisations.models import Gemeente

from . import services
from .constants import OPEN_STATES, Choice, Destination, EscalationKind, HousingState, HousingType
from .models import HousingRequest, Placement, Youth
from .reminders import reminders_run
from .rules import add_months

OUDEGRACHT, AMSTERDAMSESTRAATWEG, SOESTERWEG = "Oudegracht", "Amsterdamsestraatweg", "Soesterweg"
# The contractpartner user of each location in use.
PARTNER_OF = {
    OUDEGRACHT: "contractpartner@kso.example",
    AMSTERDAMSESTRAATWEG: "contractpartner@kso.example",
    SOESTERWEG: "nieuwthuis@kso.example",
}


@dataclass(frozen=True)
class DemoYouth:
    """A demo youth: age in months today; the locations they lived at, each from a number of
    days ago (a later one is a move); the keuzegesprek, a housing request and leaving KSO, each
    a number of days ago."""

    months: int
    stays: tuple[tuple[str, int], ...]
    dossier: str = ""
    choice: str | None = None
    conversation_days_ago: int = 0
    request_days_ago: int | None = None
    leaves: str | None = None
    age_reason: str = ""


DEMO_YOUTHS = (
    # Keuzemoment within 60 days, no conversation yet.
    DemoYouth(17 * 12 + 5, ((OUDEGRACHT, 30),), "N-2026-0142"),
    # Keuzemoment two months ago and still no conversation: overdue.
    DemoYouth(17 * 12 + 8, ((AMSTERDAMSESTRAATWEG, 300),), "N-2026-0087"),
    # Chose zelfstandig wonen; in Verlengde Opvang waiting for housing, the request overdue.
    DemoYouth(19 * 12 + 2, ((AMSTERDAMSESTRAATWEG, 790),), "N-2024-0311",
              Choice.ZELFSTANDIG_WONEN, 620, 380),
    # Chose zelfstandig wonen; waiting for housing, the term ends within 30 days.
    DemoYouth(18 * 12 + 6, ((AMSTERDAMSESTRAATWEG, 700),), "N-2025-0877",
              Choice.ZELFSTANDIG_WONEN, 400, 340),
    # Chose Verlengde Opvang.
    DemoYouth(19 * 12, ((AMSTERDAMSESTRAATWEG, 600),), "N-2025-0402",
              Choice.VERLENGDE_OPVANG, 560),
    # Housed: left KSO three days ago.
    DemoYouth(17 * 12 + 9, ((AMSTERDAMSESTRAATWEG, 400),), "N-2025-0513",
              Choice.ZELFSTANDIG_WONEN, 100, 200, Destination.VERVOLGHUISVESTING),
    # Moved from one location of the contractpartner to another.
    DemoYouth(16 * 12 + 2, ((AMSTERDAMSESTRAATWEG, 200), (OUDEGRACHT, 10))),
    # Over 21 and still placed: a signal to Nidos.
    DemoYouth(21 * 12 + 1, ((AMSTERDAMSESTRAATWEG, 790),), "N-2023-0950",
              Choice.VERLENGDE_OPVANG, 780,
              age_reason="Verlengde Opvang; kwam uit een opvanggezin van Nidos."),
    # At the location of the other contractpartner, in Amersfoort.
    DemoYouth(16 * 12, ((SOESTERWEG, 100),), "N-2026-0311"),
    # Moved from the other contractpartner in Amersfoort to Oudegracht (an overplaatsing Nidos
    # proposed and De Overstap accepted); the request after it goes to Utrecht.
    DemoYouth(17 * 12 + 4, ((SOESTERWEG, 500), (OUDEGRACHT, 20)), "N-2025-0988",
              Choice.ZELFSTANDIG_WONEN, 15, 5),
)  # fmt: skip
# Nidos proposes to move the youth who chose Verlengde Opvang to the other contractpartner,
# which has not decided yet.
OPEN_PROPOSAL = ("N-2025-0402", SOESTERWEG)


def _actor(email: str) -> Actor:
    user = get_user_model().objects.get(email=email)
    return Actor(user=user, membership=user.memberships.order_by("pk").first())


def _request(partner: Actor, gemeente: Actor, youth, submitted_on, *, housed: bool) -> None:
    """A housing request as the parties would handle it: in treatment, then housed or (when
    overdue) escalated."""
    request = services.housing_request_submit(actor=partner, youth=youth, submitted_on=submitted_on)
    services.housing_request_move(
        actor=gemeente, request=request, target=HousingState.IN_BEHANDELING
    )
    today = timezone.localdate()
    if housed:
        services.housing_request_move(
            actor=gemeente, request=request, target=HousingState.WONING_AANGEBODEN
        )
        services.housing_request_move(
            actor=gemeente,
            request=request,
            target=HousingState.GEHUISVEST,
            outcome_type=HousingType.STUDENTENWONING,
            outcome_on=today - timedelta(days=3),
        )
    elif request.deadline_on < today:
        services.escalation_record(
            actor=gemeente,
            request=request,
            kind=EscalationKind.OVERLEG_NIDOS,
            on=today - timedelta(days=5),
            note="Geen passende woning; samen met Nidos naar een overbrugging gekeken.",
        )


def _hand_over_waiting(gemeente: Actor) -> None:
    """Utrecht offers the request whose term ends within 30 days to Zeist (Regio Utrecht),
    which has not answered yet: Utrecht stays responsible meanwhile."""
    today = timezone.localdate()
    request = (
        HousingRequest.objects.filter(
            state__in=OPEN_STATES, deadline_on__range=(today, today + timedelta(days=30))
        )
        .order_by("deadline_on")
        .first()
    )
    services.housing_request_transfer(
        actor=gemeente,
        request=request,
        gemeente=Gemeente.objects.get(code="GM0355"),
        note="In Zeist komt volgende maand een studio vrij die bij deze jongere past.",
    )


def _stays(demo: DemoYouth) -> Placement:
    """Place the youth at the first location and move them along the others; the placement
    they live in (or left from) last."""
    today = timezone.localdate()
    (street, days), *moves = demo.stays
    placement = services.placement_start(
        actor=_actor(PARTNER_OF[street]),
        location=Location.objects.get(street=street),
        started_on=today - timedelta(days=days),
        birth_on=add_months(today, -demo.months),
        nidos_dossier_number=demo.dossier,
        age_reason=demo.age_reason,
    )
    for street, days in moves:
        location, moved_on = Location.objects.get(street=street), today - timedelta(days=days)
        receiving = _actor(PARTNER_OF[street])
        if receiving.organisation == placement.location.contractpartner:
            placement = services.placement_move(
                actor=receiving, placement=placement, location=location, moved_on=moved_on
            )
            continue
        transfer = services.placement_transfer_propose(
            actor=_actor("nidos@kso.example"),
            placement=placement,
            location=location,
            proposed_on=moved_on,
            note="Dichter bij de ISK en bij een broer in Utrecht.",
        )
        placement = services.placement_transfer_accept(
            actor=receiving, transfer=transfer, moved_on=moved_on
        )
    return placement


def _open_proposal() -> None:
    dossier, street = OPEN_PROPOSAL
    services.placement_transfer_propose(
        actor=_actor("nidos@kso.example"),
        placement=Placement.objects.get(youth__nidos_dossier_number=dossier, ended_on=None),
        location=Location.objects.get(street=street),
        proposed_on=timezone.localdate() + timedelta(days=14),
        note="Kleinere groep; de jongere vraagt er zelf om.",
    )


def _youth(demo: DemoYouth, gemeente: Actor) -> None:
    today = timezone.localdate()
    placement = _stays(demo)
    partner = _actor(PARTNER_OF[placement.location.street])
    if demo.choice:
        services.conversation_record(
            actor=partner,
            youth=placement.youth,
            conversation_on=today - timedelta(days=demo.conversation_days_ago),
            choice=demo.choice,
        )
    if demo.request_days_ago is not None:
        submitted_on = today - timedelta(days=demo.request_days_ago)
        _request(partner, gemeente, placement.youth, submitted_on, housed=bool(demo.leaves))
    if demo.leaves:
        services.placement_end(
            actor=partner,
            placement=placement,
            ended_on=today - timedelta(days=3),
            destination=demo.leaves,
        )


@transaction.atomic
def demo_youths_load() -> bool:
    """Place the demo youths once; False when there are youths already."""
    if Youth.objects.exists():
        return False
    gemeente = _actor("gemeente@kso.example")
    for demo in DEMO_YOUTHS:
        _youth(demo, gemeente)
    _open_proposal()
    _hand_over_waiting(gemeente)
    # What the daily job would have sent this morning is in the inboxes already.
    reminders_run()
    # Oudegracht's list was last touched five weeks ago and never confirmed: the portal marks it.
    Placement.objects.filter(location__street=OUDEGRACHT).update(
        updated_at=timezone.now() - timedelta(days=35)
    )
    return True
