"""The figures of the two taakstellingen as the portal reads them from the database (issue 18):
KSO places a stock that never counts a place twice, the vergunninghouders a flow whose balance
is carried by hand here, totals that are the sums of the gemeenten, and the SQL rules equal to
their Python twins for any data."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locations import selectors as location_selectors
from locations.constants import Stage
from locations.models import Location
from organisations.constants import OrganisationKind, Role
from organisations.models import Gemeente
from taakstelling import rules, services
from taakstelling.constants import FigureKind
from taakstelling.selectors import gemeente_history
from tests.support import actor_of, letter, running_period
from vervolghuisvesting import selectors as youth_selectors
from vervolghuisvesting.constants import Destination
from vervolghuisvesting.models import Placement, Youth
from vervolghuisvesting.rules import PSEUDONYM_ALPHABET

pytestmark = pytest.mark.django_db

UTRECHT = "GM0344"


@pytest.fixture
def beheerder(make_member):
    return make_member(OrganisationKind.BEHEER, role=Role.COORDINATOR)


def load(beheerder, period: str, kind: str, numbers: dict[str, int], default: int = 1) -> None:
    draft = services.quota_import_preview(
        actor=actor_of(beheerder),
        period=period,
        kind=kind,
        upload=letter(lambda code: numbers.get(code, default)),
    )
    services.quota_import_apply(actor=actor_of(beheerder), quota_import=draft)


def history_of(make_member, period: str) -> list:
    gemeente = make_member(OrganisationKind.GEMEENTE, gemeente_code=UTRECHT)
    return gemeente_history(
        actor=actor_of(gemeente),
        gemeente=Gemeente.objects.get(code=UTRECHT),
        period=services.period_get_or_create(code=period),
    )


# --------------------------------------------------------------------------------------------
# KSO places: a stock
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("places", "gaps"), [(10, [0, 0]), (None, [10, 10])])
def test_a_location_in_use_over_two_periods_meets_each_letter_once(
    beheerder, make_member, make_location, places, gaps
):
    # The example: letters of 10 in two periods. The same 10 places in use on both last
    # days meet both (the old carry-over did too); none at all leave 10 to realise each time,
    # not 10 and then 20.
    for period in ("2026-I", "2026-II"):
        load(beheerder, period, FigureKind.KSO_PLAATSEN, {UTRECHT: 10})
    if places:
        make_location(
            stage=Stage.IN_GEBRUIK,
            opening_on=date(2025, 6, 1),
            proposed_capacity=9,
            agreed_capacity=places,  # the agreed capacity counts, not the proposed one
        )
    history = history_of(make_member, "2026-II")
    assert [f.places.gap for f in history] == gaps
    assert all(f.places.realised == (places or 0) for f in history)


# --------------------------------------------------------------------------------------------
# Huisvesting vergunninghouders: a flow
# --------------------------------------------------------------------------------------------


def test_the_vergunninghouders_balance_is_carried_as_by_hand_over_three_periods(
    beheerder, make_member, in_use, place
):
    load(beheerder, "2025-II", FigureKind.VERGUNNINGHOUDERS, {UTRECHT: 20})
    load(beheerder, "2026-I", FigureKind.VERGUNNINGHOUDERS, {UTRECHT: 10})
    load(beheerder, "2026-II", FigureKind.VERGUNNINGHOUDERS, {UTRECHT: 12})
    load(beheerder, "2025-II", FigureKind.GEHUISVEST, {UTRECHT: 15})
    load(beheerder, "2026-II", FigureKind.GEHUISVEST, {UTRECHT: 30})
    location = in_use(opening_on=date(2025, 1, 1), proposed_capacity=6)
    with time_machine.travel(date(2026, 3, 1)):
        for months in (15 * 12 + 2, 16 * 12, 17 * 12 + 11):  # three minors: counted early
            place(location, months=months, started_on=date(2026, 2, 1))
        # First placed at 18 years and a month: housed as an adult, not counted early.
        place(location, months=18 * 12 + 1, started_on=date(2026, 2, 1), age_reason="Test")
    history = history_of(make_member, "2026-II")
    figures = [
        (
            f.housing.target,
            f.housing.carried_in,
            f.housing.effective_target,
            f.housing.housed,
            f.housing.counted_early,
            f.housing.balance,
        )
        for f in history
    ]
    assert figures == [
        # 20 to house, 15 housed per COA/TVS: 5 achterstand.
        (20, 0, 20, 15, 0, 5),
        # 10 + 5 = 15 to house; no COA/TVS count, so the 3 amv's (not the adult): 12 achterstand.
        (10, 5, 15, 3, 3, 12),
        # 12 + 12 = 24 to house, 30 housed per COA/TVS: 6 voorsprong.
        (12, 12, 24, 30, 0, -6),
    ]
    assert [f.housing.status for f in history] == ["achter", "achter", "voor"]
    # Voorlopig from the period without a COA/TVS count on: its balance is carried.
    assert [f.housing.is_provisional for f in history] == [False, True, True]
    assert [f.housing.status_text for f in history] == [
        "Achterstand",
        "Achterstand (voorlopig)",
        "Voorsprong (voorlopig)",
    ]


def test_the_account_opens_with_the_first_letter_of_vergunninghouders(
    beheerder, make_member, in_use, place
):
    services.period_get_or_create(code="2025-II")
    load(beheerder, "2026-I", FigureKind.VERGUNNINGHOUDERS, {UTRECHT: 4})
    with time_machine.travel(date(2025, 9, 1)):
        place(in_use(opening_on=date(2025, 1, 1)), started_on=date(2025, 8, 1))
    before, first = history_of(make_member, "2026-I")
    # The amv counted in 2025-II is shown, but there was nothing to carry yet.
    assert (before.housing.account, before.housing.counted_early) == (None, 1)
    assert (first.housing.carried_in, first.housing.balance) == (0, 4)


# --------------------------------------------------------------------------------------------
# Totals: the sums of the gemeenten
# --------------------------------------------------------------------------------------------


def test_the_national_gap_and_balance_are_the_sums_of_the_gemeenten(
    client, beheerder, make_member, make_location
):
    code = running_period()
    load(beheerder, code, FigureKind.KSO_PLAATSEN, {UTRECHT: 9, "GM0307": 2}, default=1)
    load(beheerder, code, FigureKind.VERGUNNINGHOUDERS, {UTRECHT: 30}, default=3)
    load(beheerder, code, FigureKind.GEHUISVEST, {UTRECHT: 10, "GM0772": 8}, default=3)
    for gemeente, places in ((UTRECHT, 4), ("GM0307", 5), ("GM0363", 12)):
        make_location(
            gemeente_code=gemeente,
            street=f"Straat {gemeente}",
            stage=Stage.IN_GEBRUIK,
            opening_on=date(2025, 1, 1),
            proposed_capacity=places,
        )
    client.force_login(make_member(OrganisationKind.NIDOS, is_national=True))
    context = client.get(reverse("period_table", args=[code])).context
    rows, total = context["rows"], context["totals"]
    assert len(rows) == 342
    assert total.places_gap == sum(row.places.gap for row in rows)
    assert total.places_gap == total.places_target - total.places_realised
    # 342 + 8 + 1 asked, 21 in use: Utrecht 5 short, Amersfoort 3 and Amsterdam 11 more than
    # asked, the 339 others 1 short each: 5 - 3 - 11 + 339 = 330.
    assert (total.places_target, total.places_realised) == (351, 21)
    assert total.places_gap == 330
    # Utrecht 30 - 10 = 20 behind, Eindhoven 3 - 8 = 5 ahead, the others on course.
    assert total.housing_balance == sum(row.housing.balance for row in rows) == 20 - 5
    for areas in (context["regions"], context["provinces"]):
        assert sum(area.places_gap for area in areas) == total.places_gap
        assert sum(area.housing_balance for area in areas) == total.housing_balance


# --------------------------------------------------------------------------------------------
# The SQL rules and their Python twins
# --------------------------------------------------------------------------------------------

HALVES = {"a": (date(2026, 1, 1), date(2026, 6, 30)), "b": (date(2026, 7, 1), date(2026, 12, 31))}
GEMEENTEN = (UTRECHT, "GM0355", "GM0307")
DB_EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def pseudonym(number: int) -> str:
    letters = []
    for _ in range(6):
        number, digit = divmod(number, len(PSEUDONYM_ALPHABET))
        letters.append(PSEUDONYM_ALPHABET[digit])
    return "J-" + "".join(letters)


placements_st = st.lists(
    st.tuples(st.integers(0, len(GEMEENTEN) - 1), st.integers(-40, 400)), max_size=3
)
youths_st = st.lists(
    # Age in days on 1 January 2026 (12 to 21 years) and placements: (gemeente, day of 2026).
    st.tuples(st.integers(12 * 365, 21 * 365), placements_st),
    max_size=8,
)


@DB_EXAMPLES
@given(youths=youths_st)
def test_counted_early_in_sql_is_its_python_rule(make_location, partner, youths):
    locations = {
        code: make_location(gemeente_code=code, street=f"Straat {code}", stage=Stage.IN_GEBRUIK)
        for code in GEMEENTEN
    }
    membership = partner.memberships.get()
    with transaction.atomic():
        start = date(2026, 1, 1)
        rows, expected_input = [], []
        for number, (age_days, placements) in enumerate(youths):
            youth = Youth.objects.create(
                pseudonym=pseudonym(number), birth_on=start - timedelta(days=age_days)
            )
            visits = [(GEMEENTEN[g], start + timedelta(days=day)) for g, day in placements]
            # One placement at a time: all but the last ended (the rule looks at starts only).
            rows += [
                Placement(
                    youth=youth,
                    location=locations[code],
                    started_on=on,
                    ended_on=None if index == len(visits) - 1 else on,
                    destination="" if index == len(visits) - 1 else Destination.ANDERE_KSO,
                    created_by=partner,
                    organisation=membership.organisation,
                )
                for index, (code, on) in enumerate(visits)
            ]
            expected_input.append((youth.birth_on, visits))
        Placement.objects.bulk_create(rows)  # in the order recorded: pk follows the list
        ids = {g.pk: g.code for g in Gemeente.objects.filter(code__in=GEMEENTEN)}
        sql = youth_selectors.counted_early(
            gemeenten=Gemeente.objects.filter(code__in=GEMEENTEN), periods=HALVES
        )
        got = {(ids[row["gemeente_id"]], key): row[key] for row in sql for key in HALVES}
        expected = rules.counted_early(expected_input, HALVES)
        assert {k: v for k, v in got.items() if v} == expected
        transaction.set_rollback(True)


sites_st = st.lists(
    st.tuples(
        st.sampled_from([Stage.IN_GEBRUIK, Stage.BEEINDIGD, Stage.VOORBEREIDING, Stage.SCHOUW]),
        st.one_of(st.none(), st.integers(-100, 400)),  # opening day of 2026
        st.one_of(st.none(), st.integers(0, 300)),  # days open before it ended
        st.integers(1, 12),
        st.one_of(st.none(), st.integers(1, 12)),  # agreed capacity
    ),
    max_size=8,
)


@DB_EXAMPLES
@given(sites=sites_st, day=st.integers(-50, 450))
def test_places_in_use_in_sql_is_its_python_rule(reference_data, make_location, sites, day):
    start = date(2026, 1, 1)
    on = start + timedelta(days=day)
    with transaction.atomic():
        expected = []
        for number, (stage, opens, lasted, proposed, agreed) in enumerate(sites):
            opening_on = None if opens is None else start + timedelta(days=opens)
            ended_on = (
                None
                if opening_on is None or lasted is None
                else opening_on + timedelta(days=lasted)
            )
            make_location(
                street=f"Straat {number}",
                stage=stage,
                opening_on=opening_on,
                ended_on=ended_on,
                proposed_capacity=proposed,
                agreed_capacity=agreed,
            )
            opened = stage in (Stage.IN_GEBRUIK, Stage.BEEINDIGD)
            expected.append(rules.Site(opened, opening_on, ended_on, agreed or proposed))
        rows = location_selectors.places_in_use(
            gemeenten=Gemeente.objects.filter(code=UTRECHT), days={"on": on}
        )
        got = sum(row["on"] for row in rows)
        assert got == rules.places_in_use(expected, on)
        assert Location.objects.count() == len(sites)
        transaction.set_rollback(True)
