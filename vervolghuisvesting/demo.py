"""Demo youths for `make run`, placed through the services at the demo location in use, so
that occupancy, milestones, the keuzegesprek list and the access log show something."""

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

# (age in months today, choice recorded or None, leaves towards, nidos dossier number,
#  days since a housing request was submitted or None)
DEMO_YOUTHS = (
    (17 * 12 + 5, None, None, "N-2026-0142", None),  # keuzemoment within 60 days
    (18 * 12 + 6, Choice.VERLENGDE_OPVANG, None, "N-2025-0877", 340),  # term ends within 30 days
    (15 * 12 + 8, None, None, "", None),
    (17 * 12 + 9, Choice.ZELFSTANDIG_WONEN, Destination.VERVOLGHUISVESTING, "N-2025-0513", 200),
)
# A youth in Verlengde Opvang whose request is past its deadline, with an escalation.
OVERDUE = (19 * 12 + 2, Choice.ZELFSTANDIG_WONEN, None, "N-2024-0311", 380)


def _actor(email: str) -> Actor:
    user = get_user_model().objects.get(email=email)
    return Actor(user=user, membership=user.memberships.order_by("pk").first())


def _contractpartner() -> Actor:
    return _actor("contractpartner@kso.example")


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
    request = HousingRequest.objects.filter(state__in=OPEN_STATES).order_by("-deadline_on")[0]
    services.housing_request_transfer(
        actor=gemeente,
        request=request,
        gemeente=Gemeente.objects.get(code="GM0355"),
        note="In Zeist komt volgende maand een studio vrij die bij deze jongere past.",
    )


@transaction.atomic
def demo_youths_load() -> bool:
    """Place the demo youths once; False when there are youths already."""
    if Youth.objects.exists():
        return False
    location = Location.objects.get(street="Oudegracht")
    actor = _contractpartner()
    today = timezone.localdate()
    started_on = location.opening_on or today
    gemeente = _actor("gemeente@kso.example")
    for months, choice, leaves, dossier, asked in (*DEMO_YOUTHS, OVERDUE):
        placement = services.placement_start(
            actor=actor,
            location=location,
            # The overdue youth arrives the day after the departure, in the freed place.
            started_on=today - timedelta(days=2) if dossier == OVERDUE[3] else started_on,
            birth_on=add_months(today, -months),
            nidos_dossier_number=dossier,
            age_reason="Verlengde Opvang op deze locatie" if months >= 18 * 12 else "",
        )
        if choice:
            services.conversation_record(
                actor=actor,
                youth=placement.youth,
                conversation_on=today - timedelta(days=20),
                choice=choice,
            )
        if asked is not None:
            submitted_on = today - timedelta(days=asked)
            _request(actor, gemeente, placement.youth, submitted_on, housed=bool(leaves))
        if leaves:
            services.placement_end(
                actor=actor,
                placement=placement,
                ended_on=today - timedelta(days=3),
                destination=leaves,
            )
    _hand_over_waiting(gemeente)
    # What the daily job would have sent this morning is in the inboxes already.
    reminders_run()
    # The list was last touched five weeks ago and never confirmed: the portal marks it.
    Placement.objects.filter(location=location).update(
        updated_at=timezone.now() - timedelta(days=35)
    )
    return True
