"""Every rule that exists twice, once in Python for one object and once in SQL for lists and
counts, gives the same answer over generated dates (issue 17): milestones, status, the Verlengde
Opvang groups, the housing bucket, freshness and occupancy. Each example writes its rows in a
savepoint that is rolled back, so the examples do not see one another."""

from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from locations.constants import Stage
from locations.models import Location
from organisations.constants import OrganisationKind
from organisations.models import Gemeente
from tests.support import actor_of
from vervolghuisvesting import selectors
from vervolghuisvesting.constants import DONE_STATES, Choice, Destination, HousingState
from vervolghuisvesting.models import (
    HousingRequest,
    OccupancyConfirmation,
    Placement,
    TermPolicy,
    Youth,
)
from vervolghuisvesting.rules import (
    EINDE_VERLENGDE_OPVANG_MONTHS,
    KEUZEMOMENT_MONTHS,
    MEERDERJARIG_MONTHS,
    VerlengdeOpvangGroup,
    YouthStatus,
    add_months,
    housing_bucket,
    milestones,
    new_pseudonym,
    verlengde_opvang_group,
    youth_status,
)
from vervolghuisvesting.selectors.dates import reached_by

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    # The fixtures (a location, its contractpartner) are made once per test and only read;
    # each example's own rows are rolled back.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Dates of birth around every month end, 29 February included, over two leap cycles.
births = st.dates(min_value=date(2003, 1, 1), max_value=date(2012, 12, 31))
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2033, 12, 31))
# Where a youth's placements leave them: placed now, left to another KSO location and not
# placed again, or left to outside KSO (a youth never placed is seen by no one's list).
situations = st.sampled_from(["placed", "andere_kso", "outside"])


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=AMSTERDAM)


@pytest.fixture
def world(partner, in_use):
    location = in_use(proposed_capacity=50, opening_on=date(2015, 1, 1))
    return {"location": location, "partner": partner, "actor": actor_of(partner)}


def _youth(birth_on: date, choice: str = Choice.NOG_NIET_BEKEND) -> Youth:
    return Youth.objects.create(pseudonym=new_pseudonym(), birth_on=birth_on, choice=choice)


def _placement(world, youth, started_on, ended_on=None, destination="") -> Placement:
    return Placement.objects.create(
        youth=youth,
        location=world["location"],
        started_on=started_on,
        ended_on=ended_on,
        destination=destination,
        created_by=world["partner"],
        organisation=world["location"].contractpartner,
    )


def _placed(world, youth, situation: str) -> None:
    """The placements of `situation`, all at the world's location (so the actor sees them)."""
    start = youth.birth_on + timedelta(days=16 * 365)
    if situation == "placed":
        _placement(world, youth, start)
        return
    destination = Destination.ANDERE_KSO if situation == "andere_kso" else Destination.ANDERS
    _placement(world, youth, start, start + timedelta(days=30), destination)


@EXAMPLES
@given(birth_on=births, day=days)
def test_milestones_in_sql_are_milestones_in_python(world, birth_on, day):
    with rolled_back():
        _placed(world, _youth(birth_on), "placed")
        row = selectors.youth_list(actor=world["actor"]).values(
            "keuzemoment_on", "meerderjarig_on", "einde_vo_on"
        )
        marks = milestones(birth_on)
        assert row.get() == {
            "keuzemoment_on": marks.keuzemoment,
            "meerderjarig_on": marks.meerderjarig,
            "einde_vo_on": marks.einde_verlengde_opvang,
        }
        for months in (KEUZEMOMENT_MONTHS, MEERDERJARIG_MONTHS, EINDE_VERLENGDE_OPVANG_MONTHS):
            found = Youth.objects.filter(reached_by(months, day)).exists()
            assert found == (add_months(birth_on, months) <= day), (birth_on, day, months)


@EXAMPLES
@given(people=st.lists(st.tuples(births, situations), min_size=1, max_size=6), day=days)
@example(people=[(date(2008, 2, 29), "placed")], day=date(2026, 2, 28))
@example(people=[(date(2005, 2, 28), "placed")], day=date(2026, 2, 28))
def test_status_in_sql_is_the_status_rule(world, people, day):
    with rolled_back(), time_machine.travel(noon(day), tick=False):
        expected = {}
        for birth_on, situation in people:
            youth = _youth(birth_on)
            _placed(world, youth, situation)
            expected[youth.pk] = youth_status(
                birth_date=birth_on,
                on=day,
                is_placed=situation == "placed",
                left_to_outside_kso=situation == "outside",
            ).value
        actor = world["actor"]
        assert dict(selectors.youth_list(actor=actor).values_list("pk", "status")) == expected
        page = selectors.add_status(list(selectors.youth_list(actor=actor, status=False)), day)
        assert {youth.pk: youth.status for youth in page} == expected
        for status in YouthStatus:
            filters = selectors.YouthFilters(status=status.value)
            found = set(selectors.youth_list(actor=actor, filters=filters).values_list("pk"))
            assert found == {(pk,) for pk, value in expected.items() if value == status}


@EXAMPLES
@given(
    people=st.lists(
        st.tuples(births, st.sampled_from(Choice.values), st.sampled_from(HousingState.values)),
        min_size=1,
        max_size=6,
    ),
    day=days,
)
def test_verlengde_opvang_counts_in_sql_are_the_groups_of_the_rule(world, people, day):
    with rolled_back(), time_machine.travel(noon(day), tick=False):
        expected = dict.fromkeys([*VerlengdeOpvangGroup, "over_21"], 0)
        for birth_on, choice, state in people:
            youth = _youth(birth_on, choice)
            _placed(world, youth, "placed")
            _request(world, youth, day, state)
            status = youth_status(
                birth_date=birth_on, on=day, is_placed=True, left_to_outside_kso=False
            )
            if status == YouthStatus.OVER_21:
                expected["over_21"] += 1
            elif status == YouthStatus.VERLENGDE_OPVANG:
                group = verlengde_opvang_group(
                    choice=choice, has_open_request=state not in DONE_STATES
                )
                expected[group] += 1
        counted = selectors.verlengde_opvang_counts(actor=world["actor"])
        assert counted == {str(key): value for key, value in expected.items()}


def _request(world, youth, submitted_on: date, state: str, deadline_on=None) -> HousingRequest:
    return HousingRequest.objects.create(
        youth=youth,
        gemeente=world["location"].gemeente,
        submitted_on=submitted_on,
        submitted_by=world["partner"],
        submitted_by_organisation=world["location"].contractpartner,
        term_policy=TermPolicy.objects.order_by("valid_from").last(),
        term_months=12,
        deadline_on=deadline_on or add_months(submitted_on, 12),
        state=state,
        state_changed_at=timezone.now(),
    )


@EXAMPLES
@given(deadline_on=days, today=days, state=st.sampled_from(HousingState.values))
def test_the_bucket_in_sql_is_the_bucket_rule(world, deadline_on, today, state):
    with rolled_back():
        youth = _youth(date(2008, 1, 1))
        request = _request(world, youth, date(2025, 1, 1), state, deadline_on)
        in_sql = selectors.with_bucket(HousingRequest.objects.filter(pk=request.pk), today)
        rule = housing_bucket(deadline=deadline_on, today=today, has_outcome=state in DONE_STATES)
        assert in_sql.get().bucket == rule.value


moments = st.one_of(st.none(), st.integers(min_value=0, max_value=24 * 60))  # hours ago


@EXAMPLES
@given(
    stage=st.sampled_from([Stage.IN_GEBRUIK, Stage.BEEINDIGD, Stage.VOORBEREIDING]),
    changed=moments,
    confirmed=moments,
    # Naive, then put in Amsterdam's time below.
    now=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)),  # noqa: DTZ001
)
def test_freshness_in_sql_is_freshness_in_python(world, stage, changed, confirmed, now):
    now = now.replace(tzinfo=AMSTERDAM)
    with rolled_back(), time_machine.travel(now, tick=False):
        location = world["location"]
        Location.objects.filter(pk=location.pk).update(stage=stage)
        if changed is not None:
            placement = _placement(world, _youth(date(2009, 1, 1)), date(2020, 1, 1))
            Placement.objects.filter(pk=placement.pk).update(
                updated_at=now - timedelta(hours=changed)
            )
        if confirmed is not None:
            confirmation = OccupancyConfirmation.objects.create(
                location=location,
                confirmed_by=world["partner"],
                organisation=location.contractpartner,
            )
            OccupancyConfirmation.objects.filter(pk=confirmation.pk).update(
                confirmed_at=now - timedelta(hours=confirmed)
            )
        in_sql = selectors.with_freshness(Location.objects.filter(pk=location.pk)).get()
        in_python = selectors.add_freshness([Location.objects.get(pk=location.pk)])[0]
        assert (in_sql.occupied_today, in_sql.occupancy_at, in_sql.occupancy_stale) == (
            in_python.occupied_today,
            in_python.occupancy_at,
            in_python.occupancy_stale,
        )


stays = st.tuples(
    births,
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    st.one_of(st.none(), st.integers(min_value=0, max_value=900)),
)


@EXAMPLES
@given(placements=st.lists(stays, min_size=1, max_size=8), on=days)
# Born on 29 February: 18 on 28 February (subtracting 216 months from the day was a day late).
@example(placements=[(date(2008, 2, 29), date(2025, 1, 1), None)], on=date(2026, 2, 28))
def test_occupancy_in_sql_counts_what_the_status_rule_says(world, placements, on):
    with rolled_back():
        occupied = in_vo = 0
        for birth_on, started_on, days_placed in placements:
            ended_on = None if days_placed is None else started_on + timedelta(days=days_placed)
            destination = "" if ended_on is None else Destination.ANDERS
            _placement(world, _youth(birth_on), started_on, ended_on, destination)
            if started_on <= on and (ended_on is None or ended_on > on):
                occupied += 1
                status = youth_status(
                    birth_date=birth_on, on=on, is_placed=True, left_to_outside_kso=False
                )
                in_vo += status == YouthStatus.VERLENGDE_OPVANG
        rows = Location.objects.filter(pk=world["location"].pk)
        counted = selectors.occupancy_of(selectors.with_occupancy(rows, on=on).get())
        assert (counted.occupied, counted.in_verlengde_opvang) == (occupied, in_vo)


def test_the_generated_world_is_seen_by_its_contractpartner(world, make_member):
    """The tests above read through the access policy as the location's contractpartner; a
    gemeente elsewhere sees none of the same youths (so the policy is not what they test)."""
    with rolled_back():
        youth = _youth(date(2009, 2, 28))
        _placed(world, youth, "placed")
        assert selectors.youth_list(actor=world["actor"]).get() == youth
        elsewhere = make_member(OrganisationKind.GEMEENTE, gemeente_code="GM0772")
        assert not selectors.youth_list(actor=actor_of(elsewhere)).exists()
        assert Gemeente.objects.get(code="GM0344") == world["location"].gemeente


# Stays at one location: a start in 2026 and, for some, an end after it.
stays = st.lists(
    st.tuples(
        st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 3, 31)),
        st.one_of(st.none(), st.integers(min_value=1, max_value=60)),
    ),
    max_size=8,
)


@given(stays=stays, since=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 3, 31)))
@EXAMPLES
def test_the_peak_occupancy_is_the_highest_count_in_sql_of_any_day(world, stays, since):
    """`rules.peak_occupancy` (used to refuse a backdated placement into a full week) against
    `selectors.occupied_on` (the SQL rule of who counts on a day) asked for every day."""
    until = date(2026, 4, 30)
    with rolled_back():
        for started_on, length in stays:
            ended_on = started_on + timedelta(days=length) if length else None
            destination = Destination.ANDERS if ended_on else ""
            _placement(world, _youth(date(2010, 1, 1)), started_on, ended_on, destination)
        location = world["location"]
        peak, on = selectors.peak_occupied(location=location, since=since, until=until)
        counts = [
            selectors.occupied_on(location=location, on=since + timedelta(days=offset))
            for offset in range((until - since).days + 1)
        ]
        assert peak == max(counts)
        assert selectors.occupied_on(location=location, on=on) == peak
