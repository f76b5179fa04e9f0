"""The pure date and status rules of a youth's way through KSO (DESIGN.md §5)."""

import calendar
import dataclasses
import itertools
import re
from datetime import date, timedelta

import pytest

from vervolghuisvesting.rules import (
    EINDE_VERLENGDE_OPVANG_MONTHS,
    KEUZEMOMENT_MONTHS,
    MEERDERJARIG_MONTHS,
    PSEUDONYM_ALPHABET,
    PSEUDONYM_LENGTH,
    REFUSED_BELOW_AGE,
    REFUSED_FROM_AGE,
    USUAL_AGE,
    AgeCheck,
    Milestones,
    YouthStatus,
    add_months,
    age_on,
    milestones,
    month_starts,
    new_pseudonym,
    placement_age_check,
    youth_status,
)

ONE_DAY = timedelta(days=1)
AMBIGUOUS_CHARACTERS = "0O1IL2Z5S8B"


def last_day_of(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# --- constants ----------------------------------------------------------------------------------


def test_milestone_offsets_are_whole_months_of_17y6m_18y_and_21y():
    assert KEUZEMOMENT_MONTHS == 210
    assert MEERDERJARIG_MONTHS == 216
    assert EINDE_VERLENGDE_OPVANG_MONTHS == 252


def test_placement_age_limits_are_12_15_18_21():
    assert REFUSED_BELOW_AGE == 12
    assert USUAL_AGE == (15, 18)
    assert REFUSED_FROM_AGE == 21


# --- add_months ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        # Zero months changes nothing, also on a month end and on a leap day.
        (date(2024, 5, 17), 0, date(2024, 5, 17)),
        (date(2024, 1, 31), 0, date(2024, 1, 31)),
        (date(2024, 2, 29), 0, date(2024, 2, 29)),
        # A day that exists in the target month is kept.
        (date(2024, 1, 15), 1, date(2024, 2, 15)),
        (date(2024, 1, 28), 1, date(2024, 2, 28)),
        (date(2024, 3, 30), 1, date(2024, 4, 30)),
        (date(2024, 1, 31), 2, date(2024, 3, 31)),
        (date(2024, 7, 31), 1, date(2024, 8, 31)),
        (date(2024, 12, 31), 1, date(2025, 1, 31)),
    ],
)
def test_add_months_keeps_the_day_when_it_exists_in_the_target_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        # From the 31st into every 30-day month.
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 5, 31), 1, date(2025, 6, 30)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 10, 31), 1, date(2025, 11, 30)),
        (date(2025, 1, 31), 3, date(2025, 4, 30)),
        (date(2025, 12, 31), 6, date(2026, 6, 30)),
        # From the 31st into February, leap and non-leap.
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2024, 12, 31), 2, date(2025, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        # From 29 and 30 January into February, leap and non-leap.
        (date(2024, 1, 29), 1, date(2024, 2, 29)),
        (date(2025, 1, 29), 1, date(2025, 2, 28)),
        (date(2024, 1, 30), 1, date(2024, 2, 29)),
        (date(2025, 1, 30), 1, date(2025, 2, 28)),
        # Century rule: 2000 is a leap year, 2100 is not.
        (date(2000, 1, 31), 1, date(2000, 2, 29)),
        (date(2100, 1, 31), 1, date(2100, 2, 28)),
        (date(2100, 1, 29), 1, date(2100, 2, 28)),
        # A leap day to February of other years.
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 2, 29), -12, date(2023, 2, 28)),
        (date(2024, 2, 29), -48, date(2020, 2, 29)),
    ],
)
def test_add_months_takes_the_last_day_when_the_day_is_past_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 3, 30), -1, date(2024, 2, 29)),
        (date(2025, 3, 29), -1, date(2025, 2, 28)),
        (date(2025, 5, 31), -1, date(2025, 4, 30)),
        (date(2025, 7, 31), -1, date(2025, 6, 30)),
        (date(2025, 12, 31), -3, date(2025, 9, 30)),
        (date(2025, 3, 15), -2, date(2025, 1, 15)),
        (date(2025, 10, 31), -8, date(2025, 2, 28)),
    ],
)
def test_add_months_with_negative_months_goes_back_with_the_same_month_end_rule(
    day, months, expected
):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 11, 30), 2, date(2026, 1, 30)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 12, 31), 13, date(2027, 1, 31)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 1, 31), -2, date(2025, 11, 30)),
        (date(2026, 3, 31), -13, date(2025, 2, 28)),
        (date(2025, 6, 10), 12, date(2026, 6, 10)),
        (date(2025, 6, 10), -12, date(2024, 6, 10)),
        (date(2025, 6, 10), 24, date(2027, 6, 10)),
        (date(2025, 6, 10), -18, date(2023, 12, 10)),
        (date(2025, 1, 1), -1, date(2024, 12, 1)),
        (date(2024, 12, 1), 1, date(2025, 1, 1)),
    ],
)
def test_add_months_crosses_year_boundaries(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        # 210 months = 17 years 6 months (keuzemoment).
        (date(2008, 3, 15), 210, date(2025, 9, 15)),
        (date(2008, 8, 31), 210, date(2026, 2, 28)),
        (date(2006, 8, 31), 210, date(2024, 2, 29)),
        (date(2008, 12, 31), 210, date(2026, 6, 30)),
        (date(2008, 2, 29), 210, date(2025, 8, 29)),
        (date(2008, 7, 1), 210, date(2026, 1, 1)),
        # 216 months = 18 years (meerderjarig).
        (date(2008, 3, 15), 216, date(2026, 3, 15)),
        (date(2008, 2, 29), 216, date(2026, 2, 28)),
        (date(2006, 2, 28), 216, date(2024, 2, 28)),
        (date(2008, 8, 31), 216, date(2026, 8, 31)),
        # 252 months = 21 years (einde Verlengde Opvang).
        (date(2008, 3, 15), 252, date(2029, 3, 15)),
        (date(2008, 2, 29), 252, date(2029, 2, 28)),
        (date(2007, 2, 28), 252, date(2028, 2, 28)),
        (date(2008, 8, 31), 252, date(2029, 8, 31)),
        # And back again.
        (date(2026, 2, 28), -216, date(2008, 2, 28)),
        (date(2026, 8, 31), -210, date(2009, 2, 28)),
    ],
)
def test_add_months_with_large_offsets_adds_in_one_step(day, months, expected):
    assert add_months(day, months) == expected


def test_add_months_design_example_born_31_august_2008_keuzemoment_28_february_2026():
    assert add_months(date(2008, 8, 31), 17 * 12 + 6) == date(2026, 2, 28)


def test_add_months_design_example_born_29_february_2008_is_18_on_28_february_2026():
    assert add_months(date(2008, 2, 29), 18 * 12) == date(2026, 2, 28)


def test_add_months_in_one_step_differs_from_adding_in_parts_on_month_ends():
    """Why the design says 'in one step': chaining passes through a short month and loses days."""
    born = date(2008, 8, 31)
    assert add_months(born, 216) == date(2026, 8, 31)
    assert add_months(add_months(born, 210), 6) == date(2026, 8, 28)


def test_add_months_returns_a_plain_date():
    assert type(add_months(date(2024, 1, 31), 1)) is date


@pytest.mark.parametrize(
    ("day", "months"),
    [(date(1, 1, 1), -1), (date(9999, 12, 31), 1), (date(9999, 1, 1), 12)],
)
def test_add_months_outside_the_date_range_raises_value_error(day, months):
    with pytest.raises(ValueError, match="year"):
        add_months(day, months)


PROPERTY_OFFSETS = (-252, -216, -210, -13, -12, -11, -1, 0, 1, 2, 6, 11, 12, 13, 210, 216, 252)


def test_add_months_property_over_every_day_of_2000_to_2030():
    """For every day and offset: right month, never a later day number, the same day when it
    exists in the target month and otherwise exactly the target month's last day."""
    day = date(2000, 1, 1)
    end = date(2030, 12, 31)
    checked = 0
    while day <= end:
        for months in PROPERTY_OFFSETS:
            result = add_months(day, months)
            assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months, (
                day,
                months,
                result,
            )
            assert result.day <= day.day, (day, months, result)
            target_last_day = last_day_of(result.year, result.month)
            if day.day <= target_last_day:
                assert result.day == day.day, (day, months, result)
            else:
                assert result.day == target_last_day, (day, months, result)
            checked += 1
        day += ONE_DAY
    assert checked == 11_323 * len(PROPERTY_OFFSETS)


# --- milestones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "keuzemoment", "meerderjarig", "einde_verlengde_opvang"),
    [
        # Ordinary dates.
        (date(2008, 3, 15), date(2025, 9, 15), date(2026, 3, 15), date(2029, 3, 15)),
        (date(2010, 1, 1), date(2027, 7, 1), date(2028, 1, 1), date(2031, 1, 1)),
        (date(2009, 12, 31), date(2027, 6, 30), date(2027, 12, 31), date(2030, 12, 31)),
        (date(2007, 7, 20), date(2025, 1, 20), date(2025, 7, 20), date(2028, 7, 20)),
        # 29 February births.
        (date(2008, 2, 29), date(2025, 8, 29), date(2026, 2, 28), date(2029, 2, 28)),
        (date(2004, 2, 29), date(2021, 8, 29), date(2022, 2, 28), date(2025, 2, 28)),
        (date(2007, 2, 28), date(2024, 8, 28), date(2025, 2, 28), date(2028, 2, 28)),
        # Born on 28 February: never moved.
        (date(2010, 2, 28), date(2027, 8, 28), date(2028, 2, 28), date(2031, 2, 28)),
        # 31st births: keuzemoment falls in a 30-day month or in February.
        (date(2008, 8, 31), date(2026, 2, 28), date(2026, 8, 31), date(2029, 8, 31)),
        (date(2006, 8, 31), date(2024, 2, 29), date(2024, 8, 31), date(2027, 8, 31)),
        (date(2008, 10, 31), date(2026, 4, 30), date(2026, 10, 31), date(2029, 10, 31)),
        (date(2008, 12, 31), date(2026, 6, 30), date(2026, 12, 31), date(2029, 12, 31)),
        (date(2008, 3, 31), date(2025, 9, 30), date(2026, 3, 31), date(2029, 3, 31)),
        (date(2008, 5, 31), date(2025, 11, 30), date(2026, 5, 31), date(2029, 5, 31)),
        (date(2008, 1, 31), date(2025, 7, 31), date(2026, 1, 31), date(2029, 1, 31)),
        # 29 and 30 August births also reach a short February at the keuzemoment.
        (date(2008, 8, 29), date(2026, 2, 28), date(2026, 8, 29), date(2029, 8, 29)),
        (date(2008, 8, 30), date(2026, 2, 28), date(2026, 8, 30), date(2029, 8, 30)),
        (date(2006, 8, 30), date(2024, 2, 29), date(2024, 8, 30), date(2027, 8, 30)),
    ],
)
def test_milestones_are_17y6m_18y_and_21y_after_birth(
    birth_date, keuzemoment, meerderjarig, einde_verlengde_opvang
):
    assert milestones(birth_date) == Milestones(
        keuzemoment=keuzemoment,
        meerderjarig=meerderjarig,
        einde_verlengde_opvang=einde_verlengde_opvang,
    )


def test_milestones_design_examples():
    assert milestones(date(2008, 8, 31)).keuzemoment == date(2026, 2, 28)
    assert milestones(date(2008, 2, 29)).meerderjarig == date(2026, 2, 28)


def test_milestones_are_a_frozen_dataclass_of_dates():
    result = milestones(date(2008, 8, 31))
    assert isinstance(result, Milestones)
    assert dataclasses.is_dataclass(result)
    assert [field.name for field in dataclasses.fields(result)] == [
        "keuzemoment",
        "meerderjarig",
        "einde_verlengde_opvang",
    ]
    for field in dataclasses.fields(result):
        assert type(getattr(result, field.name)) is date
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.keuzemoment = date(2026, 3, 1)


def test_milestones_are_equal_and_hashable_by_value():
    assert milestones(date(2008, 8, 31)) == milestones(date(2008, 8, 31))
    assert hash(milestones(date(2008, 8, 31))) == hash(milestones(date(2008, 8, 31)))


def test_milestones_come_in_order_for_every_birth_date_of_2004_to_2012():
    birth_date = date(2004, 1, 1)
    while birth_date <= date(2012, 12, 31):
        result = milestones(birth_date)
        assert result.keuzemoment < result.meerderjarig < result.einde_verlengde_opvang
        assert result.keuzemoment == add_months(birth_date, KEUZEMOMENT_MONTHS)
        assert result.meerderjarig == add_months(birth_date, MEERDERJARIG_MONTHS)
        assert result.einde_verlengde_opvang == add_months(
            birth_date, EINDE_VERLENGDE_OPVANG_MONTHS
        )
        birth_date += ONE_DAY


# --- age_on -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "day", "expected"),
    [
        # Birthday itself and the day before.
        (date(2008, 3, 15), date(2026, 3, 15), 18),
        (date(2008, 3, 15), date(2026, 3, 14), 17),
        (date(2008, 3, 15), date(2026, 3, 16), 18),
        (date(2008, 12, 31), date(2026, 12, 31), 18),
        (date(2008, 12, 31), date(2026, 12, 30), 17),
        (date(2008, 1, 1), date(2026, 1, 1), 18),
        (date(2008, 1, 1), date(2025, 12, 31), 17),
        # Later months and earlier months in the same year.
        (date(2008, 6, 10), date(2026, 1, 1), 17),
        (date(2008, 6, 10), date(2026, 12, 31), 18),
        # 29 February birthdays: reached on 28 February in non-leap years.
        (date(2008, 2, 29), date(2026, 2, 28), 18),
        (date(2008, 2, 29), date(2026, 2, 27), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2009, 2, 28), 1),
        (date(2008, 2, 29), date(2009, 2, 27), 0),
        # ... and on 29 February itself in leap years (28 February is then the day before).
        (date(2008, 2, 29), date(2028, 2, 29), 20),
        (date(2008, 2, 29), date(2028, 2, 28), 19),
        (date(2008, 2, 29), date(2012, 2, 29), 4),
        (date(2008, 2, 29), date(2012, 2, 28), 3),
        # Born on 28 February: the birthday is never moved.
        (date(2007, 2, 28), date(2024, 2, 28), 17),
        (date(2007, 2, 28), date(2024, 2, 27), 16),
        # Day of birth.
        (date(2008, 3, 15), date(2008, 3, 15), 0),
        (date(2008, 3, 15), date(2009, 3, 14), 0),
        (date(2008, 3, 15), date(2009, 3, 15), 1),
    ],
)
def test_age_on_counts_whole_years_with_the_month_end_rule(birth_date, day, expected):
    assert age_on(birth_date, day) == expected


@pytest.mark.parametrize(
    ("birth_date", "day", "expected"),
    [
        (date(2008, 3, 15), date(2008, 3, 14), -1),
        (date(2008, 3, 15), date(2008, 1, 1), -1),
        (date(2008, 3, 15), date(2007, 3, 15), -1),
        (date(2008, 3, 15), date(2007, 3, 14), -2),
    ],
)
def test_age_on_before_birth_is_negative_rounded_down(birth_date, day, expected):
    assert age_on(birth_date, day) == expected


def test_age_on_turns_n_exactly_on_add_months_of_n_years_for_every_birth_date_of_2004_to_2008():
    birth_date = date(2004, 1, 1)
    while birth_date <= date(2008, 12, 31):
        for years in (1, 12, 15, 17, 18, 21):
            birthday = add_months(birth_date, years * 12)
            assert age_on(birth_date, birthday) == years, (birth_date, years)
            assert age_on(birth_date, birthday - ONE_DAY) == years - 1, (birth_date, years)
        birth_date += ONE_DAY


# --- placement_age_check ------------------------------------------------------------------------

BORN = date(2010, 6, 15)


def years_later(years: int) -> date:
    return add_months(BORN, years * 12)


@pytest.mark.parametrize(
    ("start_on", "expected"),
    [
        (BORN, AgeCheck.REFUSED),
        (years_later(5), AgeCheck.REFUSED),
        (years_later(12) - ONE_DAY, AgeCheck.REFUSED),  # 11 years 364 days
        (years_later(12), AgeCheck.CONFIRM),
        (years_later(13), AgeCheck.CONFIRM),
        (years_later(15) - ONE_DAY, AgeCheck.CONFIRM),  # 14 years 364 days
        (years_later(15), AgeCheck.OK),
        (years_later(16), AgeCheck.OK),
        (years_later(18) - ONE_DAY, AgeCheck.OK),  # 17 years 364 days
        (years_later(18), AgeCheck.CONFIRM),
        (years_later(19), AgeCheck.CONFIRM),
        (years_later(21) - ONE_DAY, AgeCheck.CONFIRM),  # 20 years 364 days
        (years_later(21), AgeCheck.REFUSED),
        (years_later(25), AgeCheck.REFUSED),
        (BORN - ONE_DAY, AgeCheck.REFUSED),  # before birth
    ],
)
def test_placement_age_check_at_every_boundary(start_on, expected):
    assert placement_age_check(BORN, start_on) is expected


@pytest.mark.parametrize(
    ("start_on", "expected"),
    [
        # 2020 is a leap year: the 12th birthday is 29 February itself.
        (date(2020, 2, 28), AgeCheck.REFUSED),
        (date(2020, 2, 29), AgeCheck.CONFIRM),
        # In other years the birthday is reached on 28 February.
        (date(2023, 2, 27), AgeCheck.CONFIRM),
        (date(2023, 2, 28), AgeCheck.OK),
        (date(2026, 2, 27), AgeCheck.OK),
        (date(2026, 2, 28), AgeCheck.CONFIRM),
        (date(2029, 2, 27), AgeCheck.CONFIRM),
        (date(2029, 2, 28), AgeCheck.REFUSED),
    ],
)
def test_placement_age_check_for_a_29_february_birth(start_on, expected):
    assert placement_age_check(date(2008, 2, 29), start_on) is expected


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (0, AgeCheck.REFUSED),
        (11, AgeCheck.REFUSED),
        (12, AgeCheck.CONFIRM),
        (13, AgeCheck.CONFIRM),
        (14, AgeCheck.CONFIRM),
        (15, AgeCheck.OK),
        (16, AgeCheck.OK),
        (17, AgeCheck.OK),
        (18, AgeCheck.CONFIRM),
        (19, AgeCheck.CONFIRM),
        (20, AgeCheck.CONFIRM),
        (21, AgeCheck.REFUSED),
        (30, AgeCheck.REFUSED),
    ],
)
def test_placement_age_check_by_whole_years_of_age(age, expected):
    assert placement_age_check(BORN, years_later(age)) is expected
    assert placement_age_check(BORN, years_later(age + 1) - ONE_DAY) is expected


def test_age_check_values_are_strings():
    assert [check.value for check in AgeCheck] == ["ok", "confirm", "refused"]
    assert AgeCheck.CONFIRM == "confirm"


# --- youth_status -------------------------------------------------------------------------------

YOUTH_BORN = date(2008, 8, 31)
EIGHTEENTH_BIRTHDAY = date(2026, 8, 31)
TWENTY_FIRST_BIRTHDAY = date(2029, 8, 31)


def status(on: date, *, is_placed: bool, left_to_outside_kso: bool, born: date = YOUTH_BORN):
    return youth_status(
        birth_date=born, on=on, is_placed=is_placed, left_to_outside_kso=left_to_outside_kso
    )


@pytest.mark.parametrize(
    "on",
    [YOUTH_BORN, date(2023, 1, 1), date(2026, 2, 28), EIGHTEENTH_BIRTHDAY - ONE_DAY],
)
@pytest.mark.parametrize("is_placed", [True, False])
def test_youth_status_is_kso_before_18_placed_or_between_placements(on, is_placed):
    assert status(on, is_placed=is_placed, left_to_outside_kso=False) is YouthStatus.KSO


@pytest.mark.parametrize(
    "on",
    [
        EIGHTEENTH_BIRTHDAY,
        EIGHTEENTH_BIRTHDAY + ONE_DAY,
        date(2028, 1, 1),
        TWENTY_FIRST_BIRTHDAY - ONE_DAY,
    ],
)
def test_youth_status_is_verlengde_opvang_from_the_18th_birthday_while_placed(on):
    assert status(on, is_placed=True, left_to_outside_kso=False) is YouthStatus.VERLENGDE_OPVANG


def test_youth_status_turns_verlengde_opvang_exactly_on_the_18th_birthday_of_a_leap_day_birth():
    born = date(2008, 2, 29)
    assert status(date(2026, 2, 27), is_placed=True, left_to_outside_kso=False, born=born) is (
        YouthStatus.KSO
    )
    assert status(date(2026, 2, 28), is_placed=True, left_to_outside_kso=False, born=born) is (
        YouthStatus.VERLENGDE_OPVANG
    )


@pytest.mark.parametrize(
    "on",
    [TWENTY_FIRST_BIRTHDAY, date(2035, 1, 1)],
)
def test_youth_status_is_over_21_from_21_while_still_placed(on):
    """Verlengde Opvang ends at 21 (DESIGN.md §5): a youth still placed from then on is
    `over_21`, a signal to Nidos, never in Verlengde Opvang (issue 17)."""
    assert status(on, is_placed=True, left_to_outside_kso=False) is YouthStatus.OVER_21
    day_before = TWENTY_FIRST_BIRTHDAY - timedelta(days=1)
    assert status(day_before, is_placed=True, left_to_outside_kso=False) is (
        YouthStatus.VERLENGDE_OPVANG
    )


@pytest.mark.parametrize(
    "on",
    [
        date(2023, 1, 1),
        EIGHTEENTH_BIRTHDAY - ONE_DAY,
        EIGHTEENTH_BIRTHDAY,
        date(2028, 1, 1),
        TWENTY_FIRST_BIRTHDAY,
    ],
)
def test_youth_status_is_uitgestroomd_once_not_placed_and_left_outside_kso_at_any_age(on):
    assert status(on, is_placed=False, left_to_outside_kso=True) is YouthStatus.UITGESTROOMD


@pytest.mark.parametrize(
    "on", [EIGHTEENTH_BIRTHDAY, date(2028, 1, 1), TWENTY_FIRST_BIRTHDAY, date(2035, 1, 1)]
)
def test_youth_status_is_uitgestroomd_from_18_when_not_placed_even_without_leaving_outside_kso(on):
    assert status(on, is_placed=False, left_to_outside_kso=False) is YouthStatus.UITGESTROOMD


@pytest.mark.parametrize(
    "on", [date(2023, 1, 1), EIGHTEENTH_BIRTHDAY - ONE_DAY, EIGHTEENTH_BIRTHDAY, date(2030, 1, 1)]
)
def test_youth_status_while_placed_ignores_the_left_to_outside_kso_flag(on):
    """A new active placement counts, whatever the destination of an earlier placement was."""
    assert status(on, is_placed=True, left_to_outside_kso=True) is status(
        on, is_placed=True, left_to_outside_kso=False
    )


def test_youth_status_values_are_strings():
    assert [value.value for value in YouthStatus] == [
        "kso",
        "verlengde_opvang",
        "over_21",
        "uitgestroomd",
    ]


def test_youth_status_takes_keyword_arguments_only():
    with pytest.raises(TypeError):
        youth_status(YOUTH_BORN, date(2026, 1, 1), True, False)


# --- new_pseudonym ------------------------------------------------------------------------------


def test_pseudonym_alphabet_has_no_ambiguous_characters_and_no_duplicates():
    assert not set(PSEUDONYM_ALPHABET) & set(AMBIGUOUS_CHARACTERS)
    assert len(set(PSEUDONYM_ALPHABET)) == len(PSEUDONYM_ALPHABET)
    assert PSEUDONYM_ALPHABET.isupper()
    assert PSEUDONYM_ALPHABET.isalnum()
    assert PSEUDONYM_LENGTH == 6


def test_new_pseudonym_is_j_dash_and_six_characters_from_the_alphabet():
    pattern = re.compile(rf"J-[{re.escape(PSEUDONYM_ALPHABET)}]{{{PSEUDONYM_LENGTH}}}")
    for _ in range(1000):
        pseudonym = new_pseudonym()
        assert pattern.fullmatch(pseudonym), pseudonym
        assert len(pseudonym) == 8
        assert not set(pseudonym[2:]) & set(AMBIGUOUS_CHARACTERS), pseudonym


def test_new_pseudonym_varies():
    draws = [new_pseudonym() for _ in range(1000)]
    # 25**6 (about 244 million) possibilities: 1000 draws are practically all distinct.
    assert len(set(draws)) >= 995
    # And over all those characters most of the alphabet is used.
    assert len(set("".join(draw[2:] for draw in draws))) == len(PSEUDONYM_ALPHABET)


# --- month_starts -------------------------------------------------------------------------------


def test_month_starts_gives_12_first_days_from_a_mid_month_date_across_a_year_boundary():
    assert month_starts(date(2025, 8, 17), 12) == [
        date(2025, 8, 1),
        date(2025, 9, 1),
        date(2025, 10, 1),
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
        date(2026, 5, 1),
        date(2026, 6, 1),
        date(2026, 7, 1),
    ]


@pytest.mark.parametrize(
    ("first", "count", "expected"),
    [
        (date(2025, 1, 31), 3, [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]),
        (date(2024, 2, 29), 2, [date(2024, 2, 1), date(2024, 3, 1)]),
        (date(2025, 12, 31), 2, [date(2025, 12, 1), date(2026, 1, 1)]),
        (date(2025, 6, 1), 1, [date(2025, 6, 1)]),
        (date(2025, 6, 15), 0, []),
    ],
)
def test_month_starts_begins_at_the_first_of_the_month_of_first(first, count, expected):
    assert month_starts(first, count) == expected


def test_month_starts_are_consecutive_first_days():
    result = month_starts(date(2023, 11, 30), 36)
    assert len(result) == 36
    assert all(start.day == 1 for start in result)
    assert all(add_months(a, 1) == b for a, b in itertools.pairwise(result))
