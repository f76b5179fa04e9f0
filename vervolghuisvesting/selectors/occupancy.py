"""Reads of occupancy: counted from placements, for today or any past date, and when a
location's occupancy was last changed or confirmed (its freshness). Every query about youths
starts from the access policy."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from kso_portal.access import Actor, scope
from locations.constants import Stage
from locations.models import Location
from vervolghuisvesting.constants import OCCUPANCY_STALE_AFTER_DAYS
from vervolghuisvesting.models import OccupancyConfirmation, Placement
from vervolghuisvesting.rules import peak_occupancy
from vervolghuisvesting.selectors.dates import in_verlengde_opvang_by_age


def active_on(on: date) -> Q:
    """Placements that count on `on`: started that day or before, not yet left."""
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def occupied_on(*, location: Location, on: date) -> int:
    return Placement.objects.filter(active_on(on), location=location).count()


def peak_occupied(*, location: Location, since: date, until: date) -> tuple[int, date]:
    """The most youths at the location on one day from `since` to `until`, and that day
    (`rules.peak_occupancy` over its placements of those days, read in one query)."""
    stays = Placement.objects.filter(location=location, started_on__lte=until).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=since)
    )
    return peak_occupancy(list(stays.values_list("started_on", "ended_on")), since, until)


@dataclass(frozen=True)
class Occupancy:
    capacity: int
    occupied: int
    in_verlengde_opvang: int

    @property
    def free(self) -> int:
        return self.capacity - self.occupied


def placed_from(location: Location, day: date) -> list[str]:
    """The pseudonyms of the youths who still live at `location` on or after `day` (a youth who
    left on the day itself has gone): what keeps it from ending (locations.services). A fact
    about the location for its service, not a list shown to anyone."""
    return list(
        Placement.objects.filter(location=location)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .order_by("youth__pseudonym")
        .values_list("youth__pseudonym", flat=True)
    )


def placements_on(*, actor: Actor, location: Location, on: date | None = None) -> QuerySet:
    """The youths placed at a location on a date, as far as the actor may see youths."""
    on = on or timezone.localdate()
    return (
        scope(actor, Placement)
        .filter(active_on(on), location=location)
        .select_related("youth")
        .order_by("youth__birth_on", "pk")
    )


def with_occupancy(rows: QuerySet, *, on: date) -> QuerySet:
    """Locations annotated with their occupancy on `on` (capacity, youths placed, of whom in
    Verlengde Opvang: 18 and not yet 21) and when it was last changed or confirmed, in the
    query of the locations itself (the location page reads everything in a few queries): read
    them back with `occupancy_of()` and `occupancy_at`."""
    active = Placement.objects.filter(active_on(on), location=OuterRef("pk")).order_by()
    counts = active.values("location").annotate(
        occupied=Count("pk"),
        in_vo=Count("pk", filter=in_verlengde_opvang_by_age(on, prefix="youth__")),
    )
    last_change = Placement.objects.filter(location=OuterRef("pk")).order_by("-updated_at")
    last_confirmed = OccupancyConfirmation.objects.filter(location=OuterRef("pk")).order_by(
        "-confirmed_at"
    )
    return rows.annotate(
        occupied_on=Subquery(counts.values("occupied")),
        in_verlengde_opvang_on=Subquery(counts.values("in_vo")),
        occupancy_at=Greatest(
            Subquery(last_change.values("updated_at")[:1]),
            Subquery(last_confirmed.values("confirmed_at")[:1]),
        ),
    )


def occupancy_of(location: Location) -> Occupancy:
    """The occupancy of a location read with `with_occupancy()`."""
    return Occupancy(
        location.capacity, location.occupied_on or 0, location.in_verlengde_opvang_on or 0
    )


def with_freshness(rows: QuerySet) -> QuerySet:
    """Locations annotated with occupied (today), last change or confirmation, and whether that
    is older than 30 days (DESIGN.md §4.5, issue 5)."""
    today = timezone.localdate()
    last_change = Placement.objects.filter(location=OuterRef("pk")).order_by("-updated_at")
    last_confirmed = OccupancyConfirmation.objects.filter(location=OuterRef("pk")).order_by(
        "-confirmed_at"
    )
    occupied = (
        Placement.objects.filter(active_on(today), location=OuterRef("pk"))
        .order_by()
        .values("location")
        .annotate(n=Count("pk"))
        .values("n")
    )
    stale_before = timezone.now() - timedelta(days=OCCUPANCY_STALE_AFTER_DAYS)
    return rows.annotate(
        occupied_today=Subquery(occupied),
        occupancy_at=Greatest(
            Subquery(last_change.values("updated_at")[:1]),
            Subquery(last_confirmed.values("confirmed_at")[:1]),
        ),
    ).annotate(
        # Never changed nor confirmed counts as long ago; one comparison, so that the
        # subqueries of occupancy_at are written (and run) once more, not twice.
        occupancy_stale=Case(
            When(
                stage=Stage.IN_GEBRUIK,
                then=Coalesce(
                    ExpressionWrapper(
                        Q(occupancy_at__lt=stale_before), output_field=BooleanField()
                    ),
                    Value(True),
                ),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


@dataclass(frozen=True)
class Freshness:
    """A location's youths placed today and its last change or confirmation of occupancy."""

    occupied: int | None
    at: datetime | None

    def is_stale(self, stage: str, stale_before: datetime) -> bool:
        """In use and not changed nor confirmed since `stale_before` (never counts as long
        ago), as `with_freshness` says it."""
        return stage == Stage.IN_GEBRUIK and (self.at is None or self.at < stale_before)


NO_FRESHNESS = Freshness(None, None)


def freshness(location_ids) -> dict[int, Freshness]:
    """What `with_freshness` annotates, per location of `location_ids` (ids, or a query of
    them): two grouped queries, instead of three correlated subqueries per row of a list's
    query (which took longer to write than to run)."""
    today = timezone.localdate()
    placements = {
        row["location"]: row
        for row in Placement.objects.filter(location__in=location_ids)
        .order_by()
        .values("location")
        .annotate(occupied=Count("pk", filter=active_on(today)), changed_at=Max("updated_at"))
    }
    confirmed = dict(
        OccupancyConfirmation.objects.filter(location__in=location_ids)
        .order_by()
        .values("location")
        .annotate(at=Max("confirmed_at"))
        .values_list("location", "at")
    )
    found = {}
    for pk in placements.keys() | confirmed.keys():
        row = placements.get(pk, {})
        moments = [at for at in (row.get("changed_at"), confirmed.get(pk)) if at]
        found[pk] = Freshness(row.get("occupied"), max(moments, default=None))
    return found


def stale_before() -> datetime:
    return timezone.now() - timedelta(days=OCCUPANCY_STALE_AFTER_DAYS)


def add_freshness(locations: list[Location]) -> list[Location]:
    """The locations of one page with what `with_freshness` annotates (`freshness`)."""
    found = freshness([location.pk for location in locations])
    before = stale_before()
    for location in locations:
        fresh = found.get(location.pk, NO_FRESHNESS)
        location.occupied_today = fresh.occupied
        location.occupancy_at = fresh.at
        location.occupancy_stale = fresh.is_stale(location.stage, before)
    return locations


def own_locations_occupancy(*, actor: Actor) -> QuerySet:
    """The contractpartner's locations in use with occupancy and freshness, for its dashboard."""
    return with_freshness(
        scope(actor, Location).filter(stage=Stage.IN_GEBRUIK).select_related("gemeente")
    ).order_by("street", "pk")
