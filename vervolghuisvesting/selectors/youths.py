"""Reads of youths, placements and occupancy. Every query starts from the access policy;
occupancy is counted from placements, for today or any past date."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from kso_portal.access import Actor, get_or_404, scope
from locations.constants import Stage
from locations.models import Location
from vervolghuisvesting.constants import OCCUPANCY_STALE_AFTER_DAYS, Destination
from vervolghuisvesting.models import OccupancyConfirmation, Placement, Youth
from vervolghuisvesting.rules import (
    EINDE_VERLENGDE_OPVANG_MONTHS,
    KEUZEMOMENT_MONTHS,
    MEERDERJARIG_MONTHS,
    add_months,
    milestones,
    month_starts,
)

# Youths whose keuzemoment comes within this many days without a conversation are shown to the
# contractpartner (DESIGN.md §7: keuzegesprek due 60 days before).
KEUZEGESPREK_NOTICE_DAYS = 60
MILESTONE_MONTHS = 12


class AddMonths(Func):
    """PostgreSQL's date + interval, which takes the month's last day when the day does not
    exist: the same rule as `rules.add_months`."""

    output_field = DateField()

    def __init__(self, expression, months: int):
        super().__init__(
            expression, template=f"(%(expressions)s + interval '{int(months)} months')::date"
        )


def active_on(on: date) -> Q:
    """Placements that count on `on`: started that day or before, not yet left."""
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def occupied_on(*, location: Location, on: date) -> int:
    return Placement.objects.filter(active_on(on), location=location).count()


@dataclass(frozen=True)
class Occupancy:
    capacity: int
    occupied: int
    in_verlengde_opvang: int

    @property
    def free(self) -> int:
        return self.capacity - self.occupied


def occupancy(*, location: Location, on: date | None = None) -> Occupancy:
    """Capacity, occupied, free and of whom in Verlengde Opvang, on `on` (default today)."""
    on = on or timezone.localdate()
    adults = Q(youth__birth_on__lte=add_months(on, -MEERDERJARIG_MONTHS))
    counts = Placement.objects.filter(active_on(on), location=location).aggregate(
        occupied=Count("pk"), in_vo=Count("pk", filter=adults)
    )
    return Occupancy(location.capacity, counts["occupied"], counts["in_vo"])


def placements_on(*, actor: Actor, location: Location, on: date | None = None) -> QuerySet:
    """The youths placed at a location on a date, as far as the actor may see youths."""
    on = on or timezone.localdate()
    return (
        scope(actor, Placement)
        .filter(active_on(on), location=location)
        .select_related("youth")
        .order_by("youth__birth_on", "pk")
    )


def occupancy_freshness(*, location: Location) -> datetime | None:
    """When the location's occupancy was last changed or confirmed."""
    changed = location.placements.aggregate(at=Max("updated_at"))["at"]
    confirmed = location.occupancy_confirmations.aggregate(at=Max("confirmed_at"))["at"]
    moments = [moment for moment in (changed, confirmed) if moment]
    return max(moments) if moments else None


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
        occupancy_stale=Case(
            When(stage=Stage.IN_GEBRUIK, occupancy_at__isnull=True, then=Value(True)),
            When(stage=Stage.IN_GEBRUIK, occupancy_at__lt=stale_before, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _status_annotations(rows: QuerySet, today: date) -> QuerySet:
    active = Placement.objects.filter(youth=OuterRef("pk"), ended_on__isnull=True)
    left_outside = Placement.objects.filter(youth=OuterRef("pk"), ended_on__isnull=False).exclude(
        destination=Destination.ANDERE_KSO
    )
    current = active.select_related("location")
    return rows.annotate(
        is_placed=Exists(active),
        has_left_outside=Exists(left_outside),
        keuzemoment_on=AddMonths(F("birth_on"), KEUZEMOMENT_MONTHS),
        meerderjarig_on=AddMonths(F("birth_on"), MEERDERJARIG_MONTHS),
        einde_vo_on=AddMonths(F("birth_on"), EINDE_VERLENGDE_OPVANG_MONTHS),
        location_id_now=Subquery(current.values("location_id")[:1]),
        location_now=Subquery(current.values("location__street")[:1]),
        location_number_now=Subquery(current.values("location__house_number")[:1]),
    ).annotate(
        status=Case(
            When(is_placed=False, has_left_outside=True, then=Value("uitgestroomd")),
            When(meerderjarig_on__gt=today, then=Value("kso")),
            When(is_placed=True, then=Value("verlengde_opvang")),
            default=Value("uitgestroomd"),
            output_field=CharField(),
        )
    )


@dataclass(frozen=True)
class YouthFilters:
    query: str = ""
    location: int | None = None
    gemeente: str = ""
    status: str = ""
    choice: str = ""
    within_months: int | None = None


def youth_list(*, actor: Actor, filters: YouthFilters = YouthFilters()) -> QuerySet:
    """The youths the actor may see, with status, milestones and current location."""
    today = timezone.localdate()
    rows = _status_annotations(scope(actor, Youth), today)
    if filters.query:
        rows = rows.filter(pseudonym__icontains=filters.query.strip())
    if filters.location:
        rows = rows.filter(location_id_now=filters.location)
    if filters.gemeente:
        rows = rows.filter(
            pk__in=Placement.objects.filter(
                ended_on__isnull=True, location__gemeente__code=filters.gemeente
            ).values("youth")
        )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.choice:
        rows = rows.filter(choice=filters.choice)
    if filters.within_months:
        until = add_months(today, filters.within_months)
        rows = rows.filter(
            Q(keuzemoment_on__range=(today, until))
            | Q(meerderjarig_on__range=(today, until))
            | Q(einde_vo_on__range=(today, until))
        )
    return rows.order_by("birth_on", "pk")


def youth_get(*, actor: Actor, pseudonym: str) -> Youth:
    """One youth through the policy (another organisation's: 404), with status annotations."""
    youth = get_or_404(actor, Youth, pseudonym=pseudonym)
    return _status_annotations(Youth.objects.filter(pk=youth.pk), timezone.localdate()).get()


def youth_placements(*, actor: Actor, youth: Youth) -> QuerySet:
    return (
        scope(actor, Placement)
        .filter(youth=youth)
        .select_related("location__gemeente", "location__contractpartner")
        .order_by("-started_on", "-pk")
    )


def keuzegesprek_due(*, actor: Actor) -> QuerySet:
    """Youths placed now whose keuzemoment comes within 60 days without a conversation."""
    today = timezone.localdate()
    return (
        youth_list(actor=actor)
        .filter(
            is_placed=True,
            conversation_on__isnull=True,
            keuzemoment_on__range=(today, today + timedelta(days=KEUZEGESPREK_NOTICE_DAYS)),
        )
        .order_by("keuzemoment_on")
    )


def milestone_counts(*, actor: Actor, filters: YouthFilters = YouthFilters()) -> list[dict]:
    """Per month of the coming 12: how many of the actor's youths (not yet out of KSO; those of
    `filters`) reach 17.5, 18 and 21. Counts only, no pseudonyms (DESIGN.md §9)."""
    today = timezone.localdate()
    months = month_starts(today, MILESTONE_MONTHS)
    rows = {
        month: {"month": month, "keuze": 0, "achttien": 0, "eenentwintig": 0} for month in months
    }
    birth_dates = (
        youth_list(actor=actor, filters=filters)
        .exclude(status="uitgestroomd")
        .values_list("birth_on", flat=True)
    )
    for birth_on in birth_dates:
        dates = milestones(birth_on)
        for key, day in (
            ("keuze", dates.keuzemoment),
            ("achttien", dates.meerderjarig),
            ("eenentwintig", dates.einde_verlengde_opvang),
        ):
            month = day.replace(day=1)
            if month in rows and day >= today:
                rows[month][key] += 1
    return list(rows.values())


def own_locations_occupancy(*, actor: Actor) -> QuerySet:
    """The contractpartner's locations in use with occupancy and freshness, for its dashboard."""
    return with_freshness(
        scope(actor, Location).filter(stage=Stage.IN_GEBRUIK).select_related("gemeente")
    ).order_by("street", "pk")


def first_placements(*, gemeenten: QuerySet) -> QuerySet:
    """(gemeente id, start date) of every youth's first KSO placement in `gemeenten`: the count
    of amv's counted early (DESIGN.md §8). One query."""
    first = Placement.objects.filter(youth=OuterRef("youth")).order_by("started_on", "pk")
    return (
        Placement.objects.annotate(first_pk=Subquery(first.values("pk")[:1]))
        .filter(pk=F("first_pk"), location__gemeente__in=gemeenten.values("pk"))
        .values_list("location__gemeente_id", "started_on")
    )
