"""The reads of youths behind the dashboards and reports: milestones per month counted in the
database, and milestones found as a window of dates of birth."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from organisations.constants import OrganisationKind
from tests.support import actor_of
from vervolghuisvesting import selectors, services
from vervolghuisvesting.constants import Choice, Destination
from vervolghuisvesting.rules import add_months, milestones, month_starts
from vervolghuisvesting.selectors.dates import MILESTONE_FIELDS, first_birth_on, milestone_between

# The end of a month, so that a milestone the day before today is in this month's column too.
TODAY = date(2027, 1, 31)
NOON = datetime(2027, 1, 31, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))


def counted_in_python(actor) -> list[dict]:
    """What milestone_counts counted before it moved into the database: each youth's dates from
    rules.milestones, in the month they fall in if that is one of the coming 12, from today;
    and the choices of those who turn 18."""
    today = timezone.localdate()
    rows = {
        month: {
            "month": month,
            "keuze": 0,
            "achttien": 0,
            "eenentwintig": 0,
            "choices": dict.fromkeys(Choice, 0),
        }
        for month in month_starts(today, 12)
    }
    youths = selectors.youth_list(actor=actor).exclude(status="uitgestroomd")
    for birth_on, choice in youths.values_list("birth_on", "choice"):
        dates = milestones(birth_on)
        eighteen = dates.meerderjarig.replace(day=1)
        if eighteen in rows and dates.meerderjarig >= today:
            rows[eighteen]["choices"][Choice(choice)] += 1
        for key, day in (
            ("keuze", dates.keuzemoment),
            ("achttien", dates.meerderjarig),
            ("eenentwintig", dates.einde_verlengde_opvang),
        ):
            month = day.replace(day=1)
            if month in rows and day >= today:
                rows[month][key] += 1
    return list(rows.values())


@pytest.fixture
def youths_at_month_ends(partner, in_use, place):
    """Youths whose milestones fall on today, the day before, month ends that do not exist in
    the month (31 August + 17.5 years), the window's last day and the day after it; one who
    left to outside KSO and one who moved to another KSO location."""
    with time_machine.travel(NOON, tick=False):
        location = in_use(proposed_capacity=20)
        other = in_use(proposed_capacity=4, street="Tweede locatie")
        for birth_on in (
            date(2009, 7, 31),  # keuzemoment today
            date(2009, 7, 30),  # keuzemoment yesterday: not counted
            date(2009, 8, 31),  # keuzemoment 28 February 2027
            date(2009, 12, 31),  # 18 on 31 December 2027, the window's last day
            date(2010, 1, 1),  # 18 on 1 January 2028: only the keuzemoment counts
            date(2008, 2, 29),  # 18 on 28 February 2026, 21 in 2029: nothing in the window
        ):
            place(location, birth_on=birth_on, age_reason="Leeftijd buiten 15-18.")
        for birth_on in (date(2006, 2, 28), date(2006, 3, 31)):  # 21 within the window
            place(location, birth_on=birth_on, age_reason="In Verlengde Opvang.")
        left = place(location, birth_on=date(2009, 9, 15))  # keuzemoment 15 March 2027
        services.placement_end(
            actor=actor_of(partner),
            placement=left,
            ended_on=TODAY - timedelta(days=3),
            destination=Destination.VERVOLGHUISVESTING,
        )
        moved = place(location, birth_on=date(2009, 10, 31))  # keuzemoment 30 April 2027
        services.placement_move(
            actor=actor_of(partner), placement=moved, location=other, moved_on=TODAY
        )


def without_choices(row: dict) -> dict:
    return {key: value for key, value in row.items() if key != "choices"}


def test_milestones_per_month_are_counted_as_before_at_month_ends(
    partner, make_member, youths_at_month_ends
):
    nidos = make_member(OrganisationKind.NIDOS, regions=("noord-west",))
    with time_machine.travel(NOON, tick=False):
        for user in (partner, nidos):
            months = selectors.milestone_counts(actor=actor_of(user))
            assert months == counted_in_python(actor_of(user))
    by_month = {row["month"]: row for row in months}
    assert [row["month"] for row in months] == month_starts(TODAY, 12)
    assert without_choices(by_month[date(2027, 1, 1)]) == {
        "month": date(2027, 1, 1),
        "keuze": 1,
        "achttien": 0,
        "eenentwintig": 0,
    }
    assert by_month[date(2027, 2, 1)]["keuze"] == 1
    assert by_month[date(2027, 2, 1)]["eenentwintig"] == 1
    assert without_choices(by_month[date(2027, 3, 1)]) == {
        "month": date(2027, 3, 1),
        "keuze": 0,  # the youth who left to outside KSO is not counted
        "achttien": 0,
        "eenentwintig": 1,
    }
    assert by_month[date(2027, 4, 1)]["keuze"] == 1  # moved within KSO: still counted
    assert by_month[date(2027, 7, 1)]["keuze"] == 1
    # 18 in July: the youth whose keuzemoment is today and the one whose was yesterday.
    assert by_month[date(2027, 7, 1)]["achttien"] == 2
    assert by_month[date(2027, 12, 1)]["achttien"] == 1
    assert [sum(row[key] for row in months) for key in ("keuze", "achttien", "eenentwintig")] == [
        5,
        5,
        2,
    ]


def test_milestone_counts_take_one_query_however_many_youths(
    partner, in_use, place, django_assert_num_queries
):
    actor = actor_of(partner)
    location = in_use(proposed_capacity=40)
    place(location, months=17 * 12 + 3)
    selectors.milestone_counts(actor=actor)  # the actor's membership and organisation loaded
    with django_assert_num_queries(1):
        few = selectors.milestone_counts(actor=actor)
    for months in range(15 * 12 + 2, 15 * 12 + 32):
        place(location, months=months)
    with django_assert_num_queries(1):
        many = selectors.milestone_counts(actor=actor)
    assert sum(row["keuze"] for row in many) > sum(row["keuze"] for row in few)
    assert many == counted_in_python(actor)


@pytest.mark.parametrize("field", list(MILESTONE_FIELDS))
def test_a_milestone_window_is_exactly_a_window_of_dates_of_birth(field):
    """milestone_between finds youths by date of birth (an index can); that gives exactly the
    youths whose milestone falls in the window, at month ends and 29 February too."""
    months = MILESTONE_FIELDS[field]
    for first, last in (
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2028, 2, 1), date(2028, 2, 29)),
        (date(2027, 3, 1), date(2027, 3, 31)),
        (date(2026, 11, 30), date(2027, 11, 30)),
        (date(2028, 2, 29), date(2028, 2, 29)),
    ):
        since, before = first_birth_on(months, first), first_birth_on(months, last + timedelta(1))
        condition = milestone_between(field, first, last)
        assert dict(condition.children) == {"birth_on__gte": since, "birth_on__lt": before}
        start = add_months(first, -months) - timedelta(days=10)
        for offset in range((last - first).days + 20):
            birth_on = start + timedelta(days=offset)
            in_window = first <= add_months(birth_on, months) <= last
            assert in_window == (since <= birth_on < before), (first, last, birth_on)


def test_the_status_added_to_a_page_is_the_status_the_query_gives(
    partner, in_use, place, youths_at_month_ends
):
    # Besides the fixture's youths: ended towards another KSO location and not placed again,
    # once under 18 (still KSO) and once 18 or older (left).
    with time_machine.travel(NOON, tick=False):
        location = in_use(proposed_capacity=4, street="Derde locatie")
        for birth_on in (date(2010, 3, 1), date(2007, 3, 1)):
            placement = place(location, birth_on=birth_on, age_reason="Leeftijd buiten 15-18.")
            services.placement_end(
                actor=actor_of(partner),
                placement=placement,
                ended_on=TODAY - timedelta(days=1),
                destination=Destination.ANDERE_KSO,
            )
        actor = actor_of(partner)
        queried = dict(selectors.youth_list(actor=actor).values_list("pk", "status"))
        added = selectors.add_status(list(selectors.youth_list(actor=actor, status=False)), TODAY)
    assert {youth.pk: youth.status for youth in added} == queried
    assert set(queried.values()) == {"kso", "verlengde_opvang", "uitgestroomd"}
    assert len(queried) == 12
    assert selectors.add_status([], TODAY) == []
