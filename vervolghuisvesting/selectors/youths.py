"""Reads of youths, placements and occupancy. Every query starts from the access policy;
occupancy is counted from placements, for today or any past date."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    IntegerField,
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
    month_starts,
    youth_status,
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


def with_occupancy(rows: QuerySet, *, on: date) -> QuerySet:
    """Locations annotated with what `occupancy()` and `occupancy_freshness()` give, in the
    query of the locations itself (the location page reads everything in a few queries): read
    them back with `occupancy_of()` and `occupancy_at`."""
    active = Placement.objects.filter(active_on(on), location=OuterRef("pk")).order_by()
    adults = Q(youth__birth_on__lte=add_months(on, -MEERDERJARIG_MONTHS))
    counts = active.values("location").annotate(
        occupied=Count("pk"), in_vo=Count("pk", filter=adults)
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


def _left_outside() -> QuerySet:
    """The youths of every placement that ended towards a destination outside KSO."""
    return (
        Placement.objects.filter(ended_on__isnull=False)
        .exclude(destination=Destination.ANDERE_KSO)
        .values("youth")
    )


def _status_annotations(rows: QuerySet, today: date, status: bool = True) -> QuerySet:
    """Status, milestones and current location. The current placement (at most one: a unique
    index) and its location are joined, not looked up by a subquery per column; whether the
    youth left to outside KSO is one lookup in a partial index for all rows at once.

    `status=False` leaves the status out of the query (filters on it still work): that lookup
    hashes every ended placement in the country (13,000) even for a page of 50, so a list
    page adds it to its own rows afterwards (`add_status`)."""
    # Uncorrelated, so that the planner costs it as the one hash it is (a correlated EXISTS is
    # costed as a lookup per row, which over a national list passes PostgreSQL's JIT threshold).
    left_outside = _left_outside()
    rows = rows.alias(
        current=FilteredRelation("placements", condition=Q(placements__ended_on__isnull=True)),
        has_left_outside=ExpressionWrapper(Q(pk__in=left_outside), output_field=BooleanField()),
    ).annotate(
        is_placed=ExpressionWrapper(Q(current__isnull=False), output_field=BooleanField()),
        keuzemoment_on=AddMonths(F("birth_on"), KEUZEMOMENT_MONTHS),
        meerderjarig_on=AddMonths(F("birth_on"), MEERDERJARIG_MONTHS),
        einde_vo_on=AddMonths(F("birth_on"), EINDE_VERLENGDE_OPVANG_MONTHS),
        location_id_now=F("current__location_id"),
        location_now=F("current__location__street"),
        location_number_now=F("current__location__house_number"),
    )
    if not status:
        return rows
    return rows.annotate(
        status=Case(
            When(is_placed=False, has_left_outside=True, then=Value("uitgestroomd")),
            When(meerderjarig_on__gt=today, then=Value("kso")),
            When(is_placed=True, then=Value("verlengde_opvang")),
            default=Value("uitgestroomd"),
            output_field=CharField(),
        )
    )


def add_status(youths: list[Youth], today: date) -> list[Youth]:
    """The status of youths read by `youth_list(status=False)`, by the same rule
    (`rules.youth_status`), with one query for whether they left to outside KSO. It reads a
    fact about youths the actor already read through the policy, as the annotation does."""
    if not youths:
        return youths
    ids = [youth.pk for youth in youths]
    left = set(_left_outside().filter(youth__in=ids).values_list("youth", flat=True))
    for youth in youths:
        youth.status = youth_status(
            birth_date=youth.birth_on,
            on=today,
            is_placed=youth.is_placed,
            left_to_outside_kso=youth.pk in left,
        ).value
    return youths


MILESTONE_FIELDS = {
    "keuzemoment_on": KEUZEMOMENT_MONTHS,
    "meerderjarig_on": MEERDERJARIG_MONTHS,
    "einde_vo_on": EINDE_VERLENGDE_OPVANG_MONTHS,
}


def first_birth_on(months: int, day: date) -> date:
    """The earliest date of birth whose milestone `months` on falls on `day` or later. As
    `add_months` never decreases, the youths whose milestone falls in a window are those born
    in a window, which the index on birth_on finds (a milestone is no column)."""
    birth = add_months(day, -months)
    while add_months(birth, months) >= day:
        birth -= timedelta(days=1)
    while add_months(birth, months) < day:
        birth += timedelta(days=1)
    return birth


def milestone_between(field: str, first: date, last: date) -> Q:
    """The youths whose milestone `field` (an annotation of `youth_list`) falls from `first`
    to `last`, both included."""
    months = MILESTONE_FIELDS[field]
    return Q(
        birth_on__gte=first_birth_on(months, first),
        birth_on__lt=first_birth_on(months, last + timedelta(days=1)),
    )


def _status_is(status: str, today: date) -> Q:
    """The youths whose `status` annotation is `status`, written out (the same rule) with the
    date of birth instead of the 18th birthday: the planner can then estimate how many there
    are (a condition on the whole CASE it takes for 0.5 %, and picks a plan for that)."""
    adult = Q(birth_on__lt=first_birth_on(MEERDERJARIG_MONTHS, today + timedelta(days=1)))
    if status == "kso":
        return ~adult & (Q(is_placed=True) | Q(has_left_outside=False))
    if status == "verlengde_opvang":
        return adult & Q(is_placed=True)
    if status == "uitgestroomd":
        return Q(is_placed=False) & (Q(has_left_outside=True) | adult)
    return Q(pk__in=[])


def _not_uitgestroomd(today: date) -> Q:
    """`_status_is("kso") | _status_is("verlengde_opvang")`, simplified."""
    minor = Q(birth_on__gte=first_birth_on(MEERDERJARIG_MONTHS, today + timedelta(days=1)))
    return Q(is_placed=True) | (minor & Q(has_left_outside=False))


@dataclass(frozen=True)
class YouthFilters:
    query: str = ""
    location: int | None = None
    gemeente: str = ""
    status: str = ""
    choice: str = ""
    within_months: int | None = None


def youth_list(
    *, actor: Actor, filters: YouthFilters = YouthFilters(), status: bool = True
) -> QuerySet:
    """The youths the actor may see, with status (unless `status=False`: see `add_status`),
    milestones and current location."""
    today = timezone.localdate()
    rows = _status_annotations(scope(actor, Youth), today, status=status)
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
        rows = rows.filter(_status_is(filters.status, today))
    if filters.choice:
        rows = rows.filter(choice=filters.choice)
    if filters.within_months:
        until = add_months(today, filters.within_months)
        rows = rows.filter(
            reduce(or_, (milestone_between(field, today, until) for field in MILESTONE_FIELDS))
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
    """Youths placed now whose keuzemoment comes within 60 days without a conversation (no
    status: placed youths' status needs no lookup of ended placements)."""
    today = timezone.localdate()
    return (
        youth_list(actor=actor, status=False)
        .filter(
            milestone_between(
                "keuzemoment_on", today, today + timedelta(days=KEUZEGESPREK_NOTICE_DAYS)
            ),
            is_placed=True,
            conversation_on__isnull=True,
        )
        .order_by("keuzemoment_on", "pk")
    )


# The columns of `milestone_counts`: its key per milestone annotation.
MILESTONE_KEYS = {
    "keuze": "keuzemoment_on",
    "achttien": "meerderjarig_on",
    "eenentwintig": "einde_vo_on",
}


class MonthOfMilestone(Func):
    """Which month of the window a youth's milestone falls in, from the date of birth:
    PostgreSQL's width_bucket over the first dates of birth of each month (0 before the
    window, 1 to 12 in it, 13 after it)."""

    function = "width_bucket"
    output_field = IntegerField()

    def __init__(self, months: int, starts: list[date]):
        births = [first_birth_on(months, start) for start in starts]
        super().__init__(F("birth_on"), Value(births, output_field=ArrayField(DateField())))


def milestone_counts(*, actor: Actor, filters: YouthFilters = YouthFilters()) -> list[dict]:
    """Per month of the coming 12: how many of the actor's youths (not yet out of KSO; those of
    `filters`) reach 17.5, 18 and 21 (from today on). Counts only, no pseudonyms (DESIGN.md
    §9). One query counts the youths with a milestone in the window by the months their three
    milestones fall in (a few dozen groups); those are added up per month here."""
    today = timezone.localdate()
    months = month_starts(today, MILESTONE_MONTHS)
    # Where each month starts; the first from today, the last entry where the window ends.
    starts = [today, *months[1:], add_months(months[0], MILESTONE_MONTHS)]
    last = starts[-1] - timedelta(days=1)
    groups = (
        youth_list(actor=actor, filters=filters)
        .filter(_not_uitgestroomd(today))
        .filter(reduce(or_, (milestone_between(f, today, last) for f in MILESTONE_FIELDS)))
        .values(
            **{
                key: MonthOfMilestone(MILESTONE_FIELDS[field], starts)
                for key, field in MILESTONE_KEYS.items()
            }
        )
        .annotate(youths=Count("pk"))
        .order_by()
    )
    rows = [{"month": month, **dict.fromkeys(MILESTONE_KEYS, 0)} for month in months]
    for group in groups:
        for key in MILESTONE_KEYS:
            if 1 <= group[key] <= MILESTONE_MONTHS:
                rows[group[key] - 1][key] += group["youths"]
    return rows


def own_locations_occupancy(*, actor: Actor) -> QuerySet:
    """The contractpartner's locations in use with occupancy and freshness, for its dashboard."""
    return with_freshness(
        scope(actor, Location).filter(stage=Stage.IN_GEBRUIK).select_related("gemeente")
    ).order_by("street", "pk")


def counted_early(*, gemeenten: QuerySet, periods: Mapping[str, tuple[date, date]]) -> list[dict]:
    """Per gemeente, the amv's counted early in each period (a column per key of `periods`, its
    first and last day): youths whose first KSO placement, as a minor, started in the period in
    that gemeente (DESIGN.md §8; `taakstelling.rules.counted_early` is the same rule in Python).
    One query: only the placements of those days are looked at, each with an index probe for an
    earlier one."""
    if not periods:
        return []
    earlier = Placement.objects.filter(youth=OuterRef("youth")).filter(
        Q(started_on__lt=OuterRef("started_on"))
        | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk"))
    )
    since = min(first for first, _ in periods.values())
    until = max(last for _, last in periods.values())
    columns = {
        key: Count("pk", filter=Q(started_on__range=bounds)) for key, bounds in periods.items()
    }
    return list(
        Placement.objects.filter(
            started_on__range=(since, until), location__gemeente__in=gemeenten.values("pk")
        )
        .filter(started_on__lt=AddMonths(F("youth__birth_on"), MEERDERJARIG_MONTHS))
        .filter(~Exists(earlier))
        .values(gemeente_id=F("location__gemeente_id"))
        .annotate(**columns)
        .order_by()
    )
