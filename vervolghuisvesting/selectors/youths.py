"""Reads of youths: the list with status and milestones, one youth, the keuzegesprekken due,
milestones per month, and the first placements the taakstelling counts. Every query starts from
the access policy."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
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
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from kso_portal.access import Actor, get_or_404, scope
from organisations.models import Gemeente
from vervolghuisvesting.constants import OPEN_STATES, Choice, Destination
from vervolghuisvesting.models import HousingRequest, Placement, Youth
from vervolghuisvesting.rules import (
    EINDE_VERLENGDE_OPVANG_MONTHS,
    KEUZEMOMENT_MONTHS,
    MEERDERJARIG_MONTHS,
    add_months,
    month_starts,
    youth_status,
)
from vervolghuisvesting.selectors.dates import (
    MILESTONE_FIELDS,
    AddMonths,
    first_birth_on,
    milestone_between,
    reached_by,
)

MILESTONE_MONTHS = 12


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
            When(is_placed=False, then=Value("uitgestroomd")),
            When(einde_vo_on__gt=today, then=Value("verlengde_opvang")),
            default=Value("over_21"),
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


def _status_is(status: str, today: date) -> Q:
    """The youths whose `status` annotation is `status`, written out (the same rule) with the
    date of birth instead of the 18th and 21st birthdays: the planner can then estimate how many
    there are (a condition on the whole CASE it takes for 0.5 %, and picks a plan for that)."""
    adult = reached_by(MEERDERJARIG_MONTHS, today)
    over_21 = reached_by(EINDE_VERLENGDE_OPVANG_MONTHS, today)
    if status == "kso":
        return ~adult & (Q(is_placed=True) | Q(has_left_outside=False))
    if status == "verlengde_opvang":
        return adult & ~over_21 & Q(is_placed=True)
    if status == "over_21":
        return over_21 & Q(is_placed=True)
    if status == "uitgestroomd":
        return Q(is_placed=False) & (Q(has_left_outside=True) | adult)
    return Q(pk__in=[])


def _not_uitgestroomd(today: date) -> Q:
    """Every status but `uitgestroomd` (`kso`, `verlengde_opvang`, `over_21`), simplified."""
    return Q(is_placed=True) | (~reached_by(MEERDERJARIG_MONTHS, today) & Q(has_left_outside=False))


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
    `filters`) reach 17.5, 18 and 21 (from today on), and of those who turn 18, how many chose
    what (`choices`: the outflow the gemeente prepares, issue 17). Counts only, no pseudonyms
    (DESIGN.md §9). One query counts the youths with a milestone in the window by the months
    their three milestones fall in and their choice (a few dozen groups); those are added up
    per month here."""
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
            },
            chose=F("choice"),
        )
        .annotate(youths=Count("pk"))
        .order_by()
    )
    rows = [
        {"month": month, **dict.fromkeys(MILESTONE_KEYS, 0), "choices": dict.fromkeys(Choice, 0)}
        for month in months
    ]
    for group in groups:
        for key in MILESTONE_KEYS:
            if 1 <= group[key] <= MILESTONE_MONTHS:
                rows[group[key] - 1][key] += group["youths"]
        if 1 <= group["achttien"] <= MILESTONE_MONTHS:
            rows[group["achttien"] - 1]["choices"][Choice(group["chose"])] += group["youths"]
    return rows


def verlengde_opvang_counts(
    *, actor: Actor, filters: YouthFilters = YouthFilters()
) -> dict[str, int]:
    """How many of the actor's youths (those of `filters`) are in Verlengde Opvang, by why
    (`rules.verlengde_opvang_group`: by choice, waiting for housing, no request yet), and how
    many are 21 or older and still placed (a signal to Nidos): counts only, one query."""
    today = timezone.localdate()
    over_21 = reached_by(EINDE_VERLENGDE_OPVANG_MONTHS, today)
    waiting = Q(has_open_request=True)
    in_vo = ~over_21 & ~waiting
    return (
        youth_list(actor=actor, filters=filters, status=False)
        .filter(reached_by(MEERDERJARIG_MONTHS, today), is_placed=True)
        .alias(
            has_open_request=Exists(
                HousingRequest.objects.filter(youth=OuterRef("pk"), state__in=OPEN_STATES)
            )
        )
        .order_by()
        .aggregate(
            uit_keuze=Count("pk", filter=in_vo & Q(choice=Choice.VERLENGDE_OPVANG)),
            wacht_op_woonruimte=Count("pk", filter=~over_21 & waiting),
            zonder_aanvraag=Count("pk", filter=in_vo & ~Q(choice=Choice.VERLENGDE_OPVANG)),
            over_21=Count("pk", filter=over_21),
        )
    )


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


def responsible_gemeente(*, youth: Youth) -> Gemeente | None:
    """The gemeente of the youth's current, else last, KSO location (DESIGN.md §6): the
    placement that has not ended (PostgreSQL sorts NULL last in ascending order, so it is asked
    for first explicitly), else the one that ended last; None for a youth never placed."""
    placement = (
        Placement.objects.filter(youth=youth)
        .select_related("location__gemeente")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
        .first()
    )
    return placement.location.gemeente if placement else None
