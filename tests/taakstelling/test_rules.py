"""Taakstelling rules: apportionment by inhabitants, half-year periods, the KSO places as a
stock and the huisvesting vergunninghouders as a flow with carry-over."""

import csv
import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from taakstelling.rules import (
    Balance,
    Housed,
    Site,
    apportion,
    carry_over,
    counted_early,
    counts_early,
    housed,
    housing_account,
    housing_status,
    parse_period,
    period_bounds,
    period_code,
    period_of,
    places_gap,
    places_in_use,
    places_status,
    previous_period,
)

GEMEENTEN_CSV = Path(__file__).resolve().parents[2] / "organisations" / "data" / "gemeenten.csv"

cbs_codes = st.integers(min_value=0, max_value=9999).map(lambda n: f"GM{n:04d}")
populations_st = st.dictionaries(
    keys=cbs_codes,
    values=st.one_of(st.just(0), st.integers(min_value=0, max_value=1_000_000)),
    min_size=1,
    max_size=30,
)
totals_st = st.integers(min_value=0, max_value=100_000)


def exact_floor(total: int, pop: int, sum_pop: int) -> int:
    return total * pop // sum_pop


def assert_fair(total: int, populations: dict[str, int], parts: dict[str, int]) -> None:
    """The parts add up and each is the floor of its exact share or one more."""
    sum_pop = sum(populations.values())
    assert parts.keys() == populations.keys()
    assert sum(parts.values()) == total
    for code, pop in populations.items():
        floor = exact_floor(total, pop, sum_pop)
        assert floor <= parts[code] <= floor + 1, code


# --------------------------------------------------------------------------------------------
# apportion: properties
# --------------------------------------------------------------------------------------------


@settings(max_examples=200)
@given(total=totals_st, populations=populations_st)
def test_apportion_parts_add_up_and_stay_within_one_of_the_exact_share(total, populations):
    assume(sum(populations.values()) > 0)
    parts = apportion(total, populations)
    assert_fair(total, populations, parts)
    assert all(part >= 0 for part in parts.values())


@settings(max_examples=200)
@given(total=totals_st, populations=populations_st)
def test_apportion_gives_whole_shares_exactly_and_nothing_to_empty_gemeenten(total, populations):
    sum_pop = sum(populations.values())
    assume(sum_pop > 0)
    parts = apportion(total, populations)
    for code, pop in populations.items():
        if total * pop % sum_pop == 0:
            assert parts[code] == total * pop // sum_pop
        if pop == 0:
            assert parts[code] == 0


@settings(max_examples=200)
@given(total=totals_st, populations=populations_st)
def test_apportion_rounds_up_the_largest_remainders_first(total, populations):
    sum_pop = sum(populations.values())
    assume(sum_pop > 0)
    parts = apportion(total, populations)

    def rank(code):
        return (-(total * populations[code] % sum_pop), -populations[code], code)

    up = [c for c in populations if parts[c] > exact_floor(total, populations[c], sum_pop)]
    down = [c for c in populations if parts[c] == exact_floor(total, populations[c], sum_pop)]
    if up and down:
        assert max(rank(c) for c in up) < min(rank(c) for c in down)


@settings(max_examples=200)
@given(total=totals_st, populations=populations_st)
def test_apportion_is_deterministic_and_ignores_input_order(total, populations):
    assume(sum(populations.values()) > 0)
    reversed_input = dict(reversed(list(populations.items())))
    first = apportion(total, populations)
    assert apportion(total, populations) == first
    assert apportion(total, reversed_input) == first


# --------------------------------------------------------------------------------------------
# apportion: worked examples and ties
# --------------------------------------------------------------------------------------------


def test_apportion_whole_shares_need_no_rounding():
    assert apportion(10, {"GM0001": 5, "GM0002": 3, "GM0003": 2}) == {
        "GM0001": 5,
        "GM0002": 3,
        "GM0003": 2,
    }


def test_apportion_leftover_goes_to_the_largest_remainder_not_the_largest_population():
    # total 3 over 10/15/75 (sum 100): exact 0.30, 0.45, 2.25 -> floors 0, 0, 2 (sum 2);
    # the one leftover unit goes to the largest remainder 0.45, so GM0002.
    assert apportion(3, {"GM0001": 10, "GM0002": 15, "GM0003": 75}) == {
        "GM0001": 0,
        "GM0002": 1,
        "GM0003": 2,
    }


def test_apportion_several_leftovers_go_in_order_of_remainder():
    # total 10 over 1/2/4 (sum 7): exact 10/7, 20/7, 40/7 = 1 r3, 2 r6, 5 r5 -> floors sum 8;
    # the two leftovers go to remainders 6 (GM0002) and 5 (GM0003).
    assert apportion(10, {"GM0001": 1, "GM0002": 2, "GM0003": 4}) == {
        "GM0001": 1,
        "GM0002": 3,
        "GM0003": 6,
    }


def test_apportion_remainder_tie_goes_to_the_larger_population():
    # total 2 over 1/3 (sum 4): exact 0.5 and 1.5, both remainders 1/2; one unit left.
    # GM0002 has the larger population and wins, although GM0001 is the lower code.
    assert apportion(2, {"GM0001": 1, "GM0002": 3}) == {"GM0001": 0, "GM0002": 2}


def test_apportion_remainder_and_population_tie_goes_to_the_lower_cbs_code():
    assert apportion(1, {"GM0034": 50, "GM0014": 50}) == {"GM0014": 1, "GM0034": 0}
    assert apportion(2, {"GM0003": 7, "GM0001": 7, "GM0002": 7}) == {
        "GM0001": 1,
        "GM0002": 1,
        "GM0003": 0,
    }


def test_apportion_compares_cbs_codes_as_strings():
    assert apportion(1, {"GM1000": 1, "GM0999": 1}) == {"GM0999": 1, "GM1000": 0}


def test_apportion_gives_a_gemeente_without_inhabitants_nothing():
    assert apportion(5, {"GM0001": 0, "GM0002": 1, "GM0003": 1}) == {
        "GM0001": 0,
        "GM0002": 3,
        "GM0003": 2,
    }
    # Even when it has the lowest code and every other remainder is small.
    assert apportion(1, {"GM0001": 0, "GM0002": 1, "GM0003": 999}) == {
        "GM0001": 0,
        "GM0002": 0,
        "GM0003": 1,
    }


def test_apportion_of_zero_gives_everyone_zero():
    assert apportion(0, {"GM0001": 10, "GM0002": 0}) == {"GM0001": 0, "GM0002": 0}


def test_apportion_to_a_single_gemeente_gives_it_everything():
    assert apportion(17, {"GM0363": 1}) == {"GM0363": 17}


def test_apportion_handles_totals_beyond_float_precision():
    # 10**20 * 1 / 3 is not exact in floats; integer arithmetic keeps every unit.
    parts = apportion(10**20, {"GM0001": 1, "GM0002": 1, "GM0003": 1})
    assert parts == {
        "GM0001": 33333333333333333334,
        "GM0002": 33333333333333333333,
        "GM0003": 33333333333333333333,
    }


# --------------------------------------------------------------------------------------------
# apportion: invalid input
# --------------------------------------------------------------------------------------------


def test_apportion_rejects_a_negative_total():
    with pytest.raises(ValueError, match="negatief"):
        apportion(-1, {"GM0001": 10})


def test_apportion_rejects_no_gemeenten():
    with pytest.raises(ValueError, match="geen gemeenten"):
        apportion(5, {})


def test_apportion_rejects_a_negative_population_and_names_it():
    with pytest.raises(ValueError, match="GM0002"):
        apportion(5, {"GM0001": 10, "GM0002": -1})


def test_apportion_rejects_populations_that_are_all_zero():
    with pytest.raises(ValueError, match="0"):
        apportion(5, {"GM0001": 0, "GM0002": 0})


# --------------------------------------------------------------------------------------------
# apportion: the real 342 gemeenten
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gemeente_populations() -> dict[str, int]:
    with GEMEENTEN_CSV.open(newline="", encoding="utf-8") as handle:
        return {row["code"]: int(row["inhabitants"]) for row in csv.DictReader(handle)}


def test_the_reference_file_has_342_gemeenten(gemeente_populations):
    assert len(gemeente_populations) == 342


@pytest.mark.parametrize("total", [0, 1, 341, 342, 343, 3000, 3500])
def test_apportion_over_the_real_gemeenten_adds_up_and_is_fair(gemeente_populations, total):
    parts = apportion(total, gemeente_populations)
    assert_fair(total, gemeente_populations, parts)


def test_apportion_of_one_place_goes_to_the_largest_gemeente(gemeente_populations):
    parts = apportion(1, gemeente_populations)
    largest = max(gemeente_populations, key=gemeente_populations.get)
    assert parts[largest] == 1


# --------------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------------


def test_period_code_names_the_half_year():
    assert period_code(2026, 1) == "2026-I"
    assert period_code(2026, 2) == "2026-II"


def test_parse_period_reads_the_code():
    assert parse_period("2026-I") == (2026, 1)
    assert parse_period("2026-II") == (2026, 2)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "2026",
        "2026-",
        "2026-III",
        "2026-IV",
        "2026-i",
        "2026-1",
        "2026 I",
        "26-I",
        " 2026-I",
        "2026-I ",
        "2026-II\n",
        "0000-I",
        "I-2026",
    ],
)
def test_parse_period_rejects_bad_codes_in_dutch(code):
    with pytest.raises(ValueError, match="Ongeldige periode"):
        parse_period(code)


@pytest.mark.parametrize(("year", "half"), [(2026, 0), (2026, 3), (0, 1), (10_000, 2)])
def test_period_code_rejects_an_impossible_period(year, half):
    with pytest.raises(ValueError, match="Ongeldig"):
        period_code(year, half)


@settings(max_examples=200)
@given(year=st.integers(min_value=1, max_value=9999), half=st.sampled_from([1, 2]))
def test_period_code_and_parse_period_round_trip(year, half):
    assert parse_period(period_code(year, half)) == (year, half)


def test_period_bounds_are_january_to_june_and_july_to_december():
    assert period_bounds(2026, 1) == (date(2026, 1, 1), date(2026, 6, 30))
    assert period_bounds(2026, 2) == (date(2026, 7, 1), date(2026, 12, 31))


def test_period_of_splits_the_year_between_30_june_and_1_july():
    assert period_of(date(2026, 1, 1)) == (2026, 1)
    assert period_of(date(2026, 6, 30)) == (2026, 1)
    assert period_of(date(2026, 7, 1)) == (2026, 2)
    assert period_of(date(2026, 12, 31)) == (2026, 2)


@settings(max_examples=200)
@given(day=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_day_lies_within_the_bounds_of_its_period(day):
    start, end = period_bounds(*period_of(day))
    assert start <= day <= end


def test_previous_period_steps_back_half_a_year():
    assert previous_period(2026, 2) == (2026, 1)
    assert previous_period(2026, 1) == (2025, 2)


@settings(max_examples=200)
@given(year=st.integers(min_value=2, max_value=9999), half=st.sampled_from([1, 2]))
def test_previous_period_ends_the_day_before_the_period_starts(year, half):
    start, _ = period_bounds(year, half)
    _, previous_end = period_bounds(*previous_period(year, half))
    assert previous_end + timedelta(days=1) == start


def test_previous_period_rejects_an_impossible_period():
    with pytest.raises(ValueError, match="Ongeldig"):
        previous_period(2026, 3)
    with pytest.raises(ValueError, match="Ongeldig"):
        previous_period(1, 1)


# --------------------------------------------------------------------------------------------
# Carry-over and status
# --------------------------------------------------------------------------------------------


def test_carry_over_through_three_periods_with_both_signs():
    # Worked example:
    #   period 1: target 10, carried in  0 -> effective 10, realised  6 -> balance  4 (achter)
    #   period 2: target  8, carried in  4 -> effective 12, realised 15 -> balance -3 (voor)
    #   period 3: target  5, carried in -3 -> effective  2, realised  2 -> balance  0 (op koers)
    assert carry_over([(10, 6), (8, 15), (5, 2)]) == [
        Balance(target=10, carried_in=0, effective_target=10, realised=6, balance=4),
        Balance(target=8, carried_in=4, effective_target=12, realised=15, balance=-3),
        Balance(target=5, carried_in=-3, effective_target=2, realised=2, balance=0),
    ]


def test_carry_over_lets_a_large_voorsprong_make_the_effective_target_negative():
    # 0 - 9 = -9 voorsprong; next: 4 - 9 = -5 effective, nothing realised, still -5.
    balances = carry_over([(0, 9), (4, 0)])
    assert balances[1].effective_target == -5
    assert balances[1].balance == -5


def test_carry_over_of_no_periods_is_empty():
    assert carry_over([]) == []


def test_carry_over_rejects_negative_figures():
    with pytest.raises(ValueError, match="Periode 2"):
        carry_over([(1, 1), (-1, 0)])
    with pytest.raises(ValueError, match="Periode 1"):
        carry_over([(1, -1)])


def test_a_balance_cannot_be_changed():
    balance = carry_over([(3, 1)])[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        balance.balance = 0


@settings(max_examples=200)
@given(
    periods=st.lists(
        st.tuples(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500)),
        max_size=12,
    )
)
def test_carry_over_chains_balances_and_telescopes(periods):
    balances = carry_over(periods)
    assert len(balances) == len(periods)
    previous = 0
    for (target, realised), row in zip(periods, balances, strict=True):
        assert (row.target, row.realised, row.carried_in) == (target, realised, previous)
        assert row.effective_target == target + previous
        assert row.balance == row.effective_target - realised
        previous = row.balance
    assert previous == sum(t for t, _ in periods) - sum(r for _, r in periods)


@pytest.mark.parametrize(
    ("balance", "expected"),
    [(5, "achter"), (1, "achter"), (0, "op_koers"), (-1, "voor"), (-5, "voor")],
)
def test_housing_status_says_behind_on_track_or_ahead(balance, expected):
    assert housing_status(balance) == expected


def test_apportion_may_give_a_gemeente_less_when_the_total_grows_the_alabama_paradox():
    # Kept on purpose: it is what a pro-rata letter does (docs/glossary.md, the estimate page).
    populations = {"GM0001": 1, "GM0002": 3, "GM0003": 3}
    assert apportion(3, populations) == {"GM0001": 1, "GM0002": 1, "GM0003": 1}
    assert apportion(4, populations) == {"GM0001": 0, "GM0002": 2, "GM0003": 2}


# --------------------------------------------------------------------------------------------
# KSO places: a stock, nothing carried over
# --------------------------------------------------------------------------------------------


def test_the_places_gap_carries_nothing_over_between_periods():
    # The same 10 places in use on both last days meet both letters of 10: no double count
    # (the old carry-over gave balances 0, 0 here but 10, 20 for nothing realised twice).
    assert [places_gap(10, 10), places_gap(10, 10)] == [0, 0]
    assert [places_gap(10, 0), places_gap(10, 0)] == [10, 10]
    # 73 asked, 4 in use: 69 still to realise; 3 asked, 4 in use: one more than asked.
    assert (places_gap(73, 4), places_gap(3, 4)) == (69, -1)
    assert places_gap(None, 4) is None


@pytest.mark.parametrize(
    ("gap", "expected"), [(5, "tekort"), (1, "tekort"), (0, "gehaald"), (-2, "meer"), (None, None)]
)
def test_places_status_says_short_met_or_more_than_asked(gap, expected):
    assert places_status(gap) == expected


def test_places_in_use_counts_opened_locations_on_the_day_only():
    day = date(2026, 6, 30)
    sites = [
        Site(True, date(2026, 1, 5), None, 4),  # in use
        Site(True, date(2026, 6, 30), None, 5),  # opened that very day
        Site(True, date(2026, 7, 1), None, 7),  # opens the day after
        Site(True, date(2025, 1, 1), date(2026, 6, 30), 9),  # ended that day: no longer
        Site(True, date(2025, 1, 1), date(2026, 7, 1), 11),  # ends the day after: still
        Site(False, date(2026, 1, 1), None, 12),  # planned, never opened
    ]
    assert places_in_use(sites, day) == 4 + 5 + 11


# --------------------------------------------------------------------------------------------
# Huisvesting vergunninghouders: a flow with carry-over
# --------------------------------------------------------------------------------------------


def test_housed_is_the_tvs_count_when_imported_else_the_amv_count_voorlopig():
    assert housed(12, 3) == Housed(12, True)
    assert housed(0, 3) == Housed(0, True)  # an imported 0 is a count
    assert housed(None, 3) == Housed(3, False)


def test_an_achterstand_is_carried_with_and_without_a_tvs_count():
    #   period 1: target 20, carried  0 -> 20 to house; TVS 15      -> achterstand 5
    #   period 2: target 10, carried  5 -> 15 to house; no TVS, 4 amv's -> 11, voorlopig
    #   period 3: target 12, carried 11 -> 23 to house; TVS 20      -> 3, still voorlopig
    #             (the balance carried in rests on an amv count)
    account = housing_account([(20, 15, 3), (10, None, 4), (12, 20, 5)])
    assert [a.balance for a in account] == [
        Balance(target=20, carried_in=0, effective_target=20, realised=15, balance=5),
        Balance(target=10, carried_in=5, effective_target=15, realised=4, balance=11),
        Balance(target=12, carried_in=11, effective_target=23, realised=20, balance=3),
    ]
    assert [a.housed.is_official for a in account] == [True, False, True]
    assert [a.is_provisional for a in account] == [False, True, True]
    assert [housing_status(a.balance.balance) for a in account] == ["achter"] * 3


def test_a_voorsprong_is_carried_and_lowers_the_next_target():
    #   period 1: target 10, TVS 16 -> voorsprong 6
    #   period 2: target  8 - 6 = 2 to house, TVS 5 -> voorsprong 3
    #   period 3: target  6 - 3 = 3 to house, TVS 3 -> op koers
    account = housing_account([(10, 16, 2), (8, 5, 1), (6, 3, 0)])
    assert [(a.balance.carried_in, a.balance.effective_target) for a in account] == [
        (0, 10),
        (-6, 2),
        (-3, 3),
    ]
    assert [a.balance.balance for a in account] == [-6, -3, 0]
    assert [housing_status(a.balance.balance) for a in account] == ["voor", "voor", "op_koers"]
    assert not any(a.is_provisional for a in account)


def test_the_account_opens_at_the_first_target_and_a_missing_one_later_is_zero():
    account = housing_account([(None, 3, 2), (10, 4, 1), (None, None, 2)])
    assert account[0] is None  # no letter yet: nothing to carry
    assert account[1].balance == Balance(10, 0, 10, 4, 6)
    assert account[2].balance == Balance(0, 6, 6, 2, 4)
    assert account[2].is_provisional
    assert housing_account([(None, 1, 0)]) == [None]
    assert housing_account([]) == []


@settings(max_examples=200)
@given(
    periods=st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(min_value=0, max_value=500)),
            st.one_of(st.none(), st.integers(min_value=0, max_value=500)),
            st.integers(min_value=0, max_value=50),
        ),
        max_size=10,
    )
)
def test_the_housing_balance_is_the_targets_minus_the_housed_since_the_account_opened(periods):
    account = housing_account(periods)
    assert len(account) == len(periods)
    opened = [i for i, row in enumerate(account) if row is not None]
    # Open from the first period with a target to the end.
    first = next((i for i, (t, _, _) in enumerate(periods) if t is not None), len(periods))
    assert opened == list(range(first, len(periods)))
    for index in opened:
        since = periods[first : index + 1]
        numbers = [tvs if tvs is not None else early for _, tvs, early in since]
        assert account[index].balance.balance == sum(t or 0 for t, _, _ in since) - sum(numbers)
        assert account[index].is_provisional == any(tvs is None for _, tvs, _ in since)


# --------------------------------------------------------------------------------------------
# amv's counted early
# --------------------------------------------------------------------------------------------

HALVES = {
    "2026-I": (date(2026, 1, 1), date(2026, 6, 30)),
    "2026-II": (date(2026, 7, 1), date(2026, 12, 31)),
}


def test_a_youth_counts_once_where_and_when_first_placed_as_a_minor():
    moved = (date(2010, 5, 1), [("Utrecht", date(2026, 2, 1)), ("Zeist", date(2026, 7, 15))])
    # Turns 18 on 1 March 2026 and is first placed that day: not counted early.
    adult = (date(2008, 3, 1), [("Utrecht", date(2026, 3, 1))])
    # The day before 18: counted.
    almost = (date(2008, 3, 2), [("Zeist", date(2026, 3, 1))])
    # Two placements recorded on one day: the first recorded is the first placement.
    same_day = (date(2010, 1, 1), [("Zeist", date(2026, 8, 1)), ("Utrecht", date(2026, 8, 1))])
    # Placed before the periods: counted then, not now.
    earlier = (date(2010, 1, 1), [("Utrecht", date(2025, 12, 31)), ("Utrecht", date(2026, 1, 2))])
    never = (date(2010, 1, 1), [])
    youths = [moved, adult, almost, same_day, earlier, never]
    assert counted_early(youths, HALVES) == {
        ("Utrecht", "2026-I"): 1,
        ("Zeist", "2026-I"): 1,
        ("Zeist", "2026-II"): 1,
    }


def test_counts_early_only_before_the_eighteenth_birthday_with_the_month_end_rule():
    # Born 29 February 2008: 18 on 28 February 2026.
    assert counts_early(date(2008, 2, 29), date(2026, 2, 27))
    assert not counts_early(date(2008, 2, 29), date(2026, 2, 28))
