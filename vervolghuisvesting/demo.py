"""Demo youths for `make run`, placed through the services at the demo location in use, so
that occupancy, milestones, the keuzegesprek list and the access log show something."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kso_portal.access import Actor
from locations.models import Location

from . import services
from .constants import Choice, Destination
from .models import Placement, Youth
from .rules import add_months

# (age in months today, choice recorded or None, leaves towards, nidos dossier number)
DEMO_YOUTHS = (
    (17 * 12 + 5, None, None, "N-2026-0142"),  # keuzemoment within 60 days, no conversation
    (18 * 12 + 6, Choice.VERLENGDE_OPVANG, None, "N-2025-0877"),  # in Verlengde Opvang
    (15 * 12 + 8, None, None, ""),
    (17 * 12 + 9, Choice.ZELFSTANDIG_WONEN, Destination.VERVOLGHUISVESTING, "N-2025-0513"),
)


def _contractpartner() -> Actor:
    user = get_user_model().objects.get(email="contractpartner@kso.example")
    return Actor(user=user, membership=user.memberships.order_by("pk").first())


@transaction.atomic
def demo_youths_load() -> bool:
    """Place the demo youths once; False when there are youths already."""
    if Youth.objects.exists():
        return False
    location = Location.objects.get(street="Oudegracht")
    actor = _contractpartner()
    today = timezone.localdate()
    started_on = location.opening_on or today
    for months, choice, leaves, dossier in DEMO_YOUTHS:
        placement = services.placement_start(
            actor=actor,
            location=location,
            started_on=started_on,
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
        if leaves:
            services.placement_end(
                actor=actor,
                placement=placement,
                ended_on=today - timedelta(days=3),
                destination=leaves,
            )
    # The list was last touched five weeks ago and never confirmed: the portal marks it.
    Placement.objects.filter(location=location).update(
        updated_at=timezone.now() - timedelta(days=35)
    )
    return True
