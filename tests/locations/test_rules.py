"""The Programma van Eisen check (DESIGN.md §4.3): every rule passing, failing and unknown."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from locations.constants import KsoForm
from locations.rules import (
    Checklist,
    PropertyData,
    PveResult,
    Requirement,
    RequirementResult,
    Suitability,
    Verdict,
    pve_check,
)

VERSION_1 = Checklist(
    number=1,
    capacity_ranges={KsoForm.KWG: (9, 12), KsoForm.KWE: (3, 5), KsoForm.KWE_PLUS: (6, 8)},
    youths_per_sanitary_facility=2,
    isk_max_minutes=30,
    min_bedroom_m2=None,
    min_living_room_m2=None,
    gebruiksmelding_above_sleepers=10,
    gebruiksmelding_weeks_before=4,
)
WITH_M2 = replace(VERSION_1, min_bedroom_m2=Decimal("8.0"), min_living_room_m2=Decimal("20.0"))

# A KWG for 10 that meets every requirement of version 1.
SUITABLE_KWG = PropertyData(
    form=KsoForm.KWG,
    capacity=10,
    capacity_deviation_reason="",
    single_bedrooms=10,
    smallest_bedroom_m2=Decimal("9.5"),
    has_living_room=True,
    living_room_m2=Decimal("30.0"),
    has_kitchen=True,
    showers=5,
    toilets=5,
    has_staff_room=True,
    isk_travel_minutes=20,
    gebruiksmelding_filed_on=None,
    planned_opening_on=None,
)
# Large enough to need a gebruiksmelding (more than 10 sleepers), and meeting the rest.
KWG_FOR_11 = replace(SUITABLE_KWG, capacity=11, single_bedrooms=11, showers=6, toilets=6)
OPENING = date(2025, 3, 29)
FOUR_WEEKS_BEFORE = date(2025, 3, 1)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def check(checklist: Checklist = VERSION_1, **changes) -> PveResult:
    return pve_check(replace(SUITABLE_KWG, **changes), checklist)


def requirement(code: Requirement, checklist: Checklist = VERSION_1, **changes):
    """The one result for `code`, or None when the requirement does not apply."""
    found = [r for r in check(checklist, **changes).requirements if r.code == code]
    assert len(found) <= 1
    return found[0] if found else None


def texts(labels) -> list[str]:
    return [str(label) for label in labels]


# The whole check


def test_suitable_kwg_meets_every_requirement_and_is_geschikt():
    result = check()
    assert [r.code for r in result.requirements] == [
        Requirement.CAPACITY,
        Requirement.BEDROOMS,
        Requirement.LIVING_ROOM,
        Requirement.KITCHEN,
        Requirement.SANITARY,
        Requirement.ISK,
        Requirement.STAFF_ROOM,
    ]
    assert {r.verdict for r in result.requirements} == {Verdict.VOLDOET}
    assert result.overall == Suitability.GESCHIKT
    assert result.missing == ()
    assert result.checklist_number == 1


def test_result_names_the_checklist_version_it_was_checked_against():
    assert check(replace(VERSION_1, number=7)).checklist_number == 7


def test_every_result_carries_its_dutch_label():
    labels = {r.code: str(r.label) for r in check().requirements}
    assert labels[Requirement.SANITARY] == "Sanitair"
    assert labels[Requirement.BEDROOMS] == "Eén slaapkamer per jongere"


@pytest.mark.parametrize(
    ("changes", "overall"),
    [
        ({}, Suitability.GESCHIKT),
        ({"has_kitchen": False}, Suitability.VOORWAARDELIJK),
        ({"showers": None}, Suitability.VOORWAARDELIJK),
        ({"has_kitchen": False, "showers": None}, Suitability.VOORWAARDELIJK),
        ({"isk_travel_minutes": 45}, Suitability.ONGESCHIKT),
        ({"isk_travel_minutes": 45, "has_kitchen": False}, Suitability.ONGESCHIKT),
        ({"has_living_room": False, "showers": None}, Suitability.ONGESCHIKT),
        ({"single_bedrooms": 9, "has_staff_room": False, "toilets": None}, Suitability.ONGESCHIKT),
    ],
    ids=[
        "all-voldoet",
        "afwijking",
        "onbekend",
        "afwijking-and-onbekend",
        "voldoet-niet",
        "voldoet-niet-outweighs-afwijking",
        "voldoet-niet-outweighs-onbekend",
        "voldoet-niet-outweighs-both",
    ],
)
def test_overall_is_the_worst_of_the_verdicts(changes, overall):
    assert check(**changes).overall == overall


@pytest.mark.parametrize(
    ("overall", "label"),
    [
        (Suitability.GESCHIKT, "Geschikt"),
        (Suitability.VOORWAARDELIJK, "Voorwaardelijk geschikt"),
        (Suitability.ONGESCHIKT, "Ongeschikt"),
    ],
)
def test_overall_verdict_reads_as_dutch_text(overall, label):
    assert str(overall.label) == label


@pytest.mark.parametrize(
    ("verdict", "label"),
    [
        (Verdict.VOLDOET, "Voldoet"),
        (Verdict.VOLDOET_NIET, "Voldoet niet"),
        (Verdict.AFWIJKING, "Afwijking"),
        (Verdict.ONBEKEND, "Onbekend"),
    ],
)
def test_verdict_reads_as_dutch_text(verdict, label):
    assert str(verdict.label) == label


# Capacity within the form's range


@pytest.mark.parametrize(
    ("form", "capacity", "verdict"),
    [
        (KsoForm.KWG, 8, Verdict.AFWIJKING),
        (KsoForm.KWG, 9, Verdict.VOLDOET),
        (KsoForm.KWG, 12, Verdict.VOLDOET),
        (KsoForm.KWG, 13, Verdict.AFWIJKING),
        (KsoForm.KWE, 2, Verdict.AFWIJKING),
        (KsoForm.KWE, 3, Verdict.VOLDOET),
        (KsoForm.KWE, 5, Verdict.VOLDOET),
        (KsoForm.KWE, 6, Verdict.AFWIJKING),
        (KsoForm.KWE_PLUS, 5, Verdict.AFWIJKING),
        (KsoForm.KWE_PLUS, 6, Verdict.VOLDOET),
        (KsoForm.KWE_PLUS, 8, Verdict.VOLDOET),
        (KsoForm.KWE_PLUS, 9, Verdict.AFWIJKING),
    ],
)
def test_capacity_inside_the_forms_range_voldoet_and_outside_is_afwijking(form, capacity, verdict):
    assert requirement(Requirement.CAPACITY, form=form, capacity=capacity).verdict == verdict


def test_capacity_range_comes_from_the_checklist():
    wider = replace(VERSION_1, capacity_ranges={**VERSION_1.capacity_ranges, KsoForm.KWG: (9, 14)})
    assert requirement(Requirement.CAPACITY, wider, capacity=14).verdict == Verdict.VOLDOET


def test_capacity_explanation_gives_the_capacity_and_the_range():
    result = requirement(Requirement.CAPACITY, form=KsoForm.KWE_PLUS, capacity=7)
    assert result.explanation == "Capaciteit 7; bij een KWE+ 6 tot en met 8."


def test_capacity_outside_the_range_without_reason_says_a_reason_is_required():
    result = requirement(Requirement.CAPACITY, capacity=13)
    assert result.verdict == Verdict.AFWIJKING
    assert result.explanation == (
        "Capaciteit 13 wijkt af: bij een KWG 9 tot en met 12. Een reden is vereist."
    )


def test_capacity_outside_the_range_with_a_reason_is_still_afwijking_with_the_reason_recorded():
    result = requirement(
        Requirement.CAPACITY, capacity=13, capacity_deviation_reason="Groot pand, afgesproken."
    )
    assert result.verdict == Verdict.AFWIJKING
    assert result.explanation.endswith("De reden is vastgelegd.")


def test_capacity_reason_of_only_spaces_counts_as_no_reason():
    result = requirement(Requirement.CAPACITY, capacity=13, capacity_deviation_reason="  \n")
    assert result.explanation.endswith("Een reden is vereist.")


def test_unknown_capacity_makes_every_rule_that_needs_it_onbekend_and_is_missing_once():
    result = check(capacity=None)
    unknown = [r.code for r in result.requirements if r.verdict == Verdict.ONBEKEND]
    assert unknown == [
        Requirement.CAPACITY,
        Requirement.BEDROOMS,
        Requirement.SANITARY,
        Requirement.GEBRUIKSMELDING,
    ]
    assert texts(result.missing) == ["capaciteit"]
    assert result.overall == Suitability.VOORWAARDELIJK


# One bedroom per youth


@pytest.mark.parametrize(
    ("single_bedrooms", "capacity", "verdict"),
    [
        (10, 10, Verdict.VOLDOET),
        (12, 10, Verdict.VOLDOET),
        (9, 10, Verdict.VOLDOET_NIET),
        (0, 10, Verdict.VOLDOET_NIET),
    ],
)
def test_one_single_bedroom_per_youth(single_bedrooms, capacity, verdict):
    result = requirement(Requirement.BEDROOMS, single_bedrooms=single_bedrooms, capacity=capacity)
    assert result.verdict == verdict


def test_bedroom_explanation_gives_rooms_and_need():
    result = requirement(Requirement.BEDROOMS, single_bedrooms=9)
    assert result.explanation == "9 eenpersoonsslaapkamers, nodig: 10 (één per jongere)."


def test_unknown_bedrooms_is_onbekend_and_missing():
    result = requirement(Requirement.BEDROOMS, single_bedrooms=None)
    assert result.verdict == Verdict.ONBEKEND
    assert texts(result.missing) == ["eenpersoonsslaapkamers"]
    assert result.explanation == "Nog niet ingevuld: eenpersoonsslaapkamers."


# Rooms that must be there: communal room, kitchen, staff room (KWG)


@pytest.mark.parametrize(
    ("field", "code", "on_failure", "label"),
    [
        (
            "has_living_room",
            Requirement.LIVING_ROOM,
            Verdict.VOLDOET_NIET,
            "gemeenschappelijke woonkamer",
        ),
        ("has_kitchen", Requirement.KITCHEN, Verdict.AFWIJKING, "keuken"),
        (
            "has_staff_room",
            Requirement.STAFF_ROOM,
            Verdict.AFWIJKING,
            "kantoor- of personeelsruimte",
        ),
    ],
)
@pytest.mark.parametrize("present", [True, False, None], ids=["present", "absent", "unknown"])
def test_room_present_voldoet_absent_fails_as_the_table_says_unknown_is_onbekend(
    field, code, on_failure, label, present
):
    result = requirement(code, **{field: present})
    expected = {True: Verdict.VOLDOET, False: on_failure, None: Verdict.ONBEKEND}[present]
    assert result.verdict == expected
    assert texts(result.missing) == ([label] if present is None else [])


@pytest.mark.parametrize("form", [KsoForm.KWE, KsoForm.KWE_PLUS])
@pytest.mark.parametrize("has_staff_room", [True, False, None])
def test_only_a_kwg_needs_a_staff_room(form, has_staff_room):
    capacity = {KsoForm.KWE: 4, KsoForm.KWE_PLUS: 7}[form]
    result = check(
        form=form, capacity=capacity, single_bedrooms=capacity, has_staff_room=has_staff_room
    )
    assert Requirement.STAFF_ROOM not in [r.code for r in result.requirements]
    assert result.overall == Suitability.GESCHIKT
    assert result.missing == ()


# Sanitary facilities: showers and toilets each at least ceil(capacity / divisor)


@pytest.mark.parametrize(
    ("capacity", "divisor", "facilities", "verdict"),
    [
        (9, 2, 5, Verdict.VOLDOET),  # ceil(4.5) = 5
        (9, 2, 4, Verdict.AFWIJKING),
        (11, 2, 6, Verdict.VOLDOET),  # ceil(5.5) = 6
        (11, 2, 5, Verdict.AFWIJKING),
        (3, 2, 2, Verdict.VOLDOET),  # ceil(1.5) = 2
        (3, 2, 1, Verdict.AFWIJKING),
        (10, 2, 5, Verdict.VOLDOET),  # even: exactly half
        (10, 2, 4, Verdict.AFWIJKING),
        (10, 3, 4, Verdict.VOLDOET),  # a changed divisor: ceil(3.33) = 4
        (10, 3, 3, Verdict.AFWIJKING),
        (12, 3, 4, Verdict.VOLDOET),  # divisible: exactly a third
        (5, 1, 5, Verdict.VOLDOET),  # one per youth
        (5, 1, 4, Verdict.AFWIJKING),
    ],
)
def test_sanitary_needs_capacity_divided_by_the_divisor_rounded_up(
    capacity, divisor, facilities, verdict
):
    checklist = replace(VERSION_1, youths_per_sanitary_facility=divisor)
    result = requirement(
        Requirement.SANITARY, checklist, capacity=capacity, showers=facilities, toilets=facilities
    )
    assert result.verdict == verdict


@pytest.mark.parametrize(("showers", "toilets"), [(4, 5), (5, 4)], ids=["showers", "toilets"])
def test_sanitary_is_afwijking_when_either_showers_or_toilets_fall_short(showers, toilets):
    result = requirement(Requirement.SANITARY, capacity=9, showers=showers, toilets=toilets)
    assert result.verdict == Verdict.AFWIJKING


def test_sanitary_explanation_gives_the_numbers():
    result = requirement(
        Requirement.SANITARY, form=KsoForm.KWE_PLUS, capacity=8, showers=3, toilets=4
    )
    assert result.explanation == (
        "3 douches en 4 toiletten, nodig: elk 4 (capaciteit 8, 1 per 2 jongeren)."
    )


def test_sanitary_explanation_speaks_of_one_in_the_singular():
    checklist = replace(VERSION_1, youths_per_sanitary_facility=1)
    result = requirement(
        Requirement.SANITARY, checklist, form=KsoForm.KWE, capacity=3, showers=1, toilets=1
    )
    assert result.explanation == "1 douche en 1 toilet, nodig: elk 3 (capaciteit 3, 1 per jongere)."


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"showers": None}, ["douches"]),
        ({"toilets": None}, ["toiletten"]),
        ({"showers": None, "toilets": None}, ["douches", "toiletten"]),
    ],
)
def test_unknown_showers_or_toilets_make_sanitary_onbekend(changes, missing):
    result = requirement(Requirement.SANITARY, **changes)
    assert result.verdict == Verdict.ONBEKEND
    assert texts(result.missing) == missing


# ISK within reach


@pytest.mark.parametrize(
    ("minutes", "verdict"),
    [
        (0, Verdict.VOLDOET),
        (29, Verdict.VOLDOET),
        (30, Verdict.VOLDOET),
        (31, Verdict.VOLDOET_NIET),
        (None, Verdict.ONBEKEND),
    ],
)
def test_isk_within_the_maximum_travel_time(minutes, verdict):
    assert requirement(Requirement.ISK, isk_travel_minutes=minutes).verdict == verdict


def test_isk_maximum_comes_from_the_checklist():
    checklist = replace(VERSION_1, isk_max_minutes=45)
    assert requirement(Requirement.ISK, checklist, isk_travel_minutes=40).verdict == Verdict.VOLDOET


def test_isk_explanation_gives_travel_time_and_maximum():
    result = requirement(Requirement.ISK, isk_travel_minutes=35)
    assert result.explanation == "Reistijd 35 minuten, ten hoogste 30."


def test_unknown_isk_travel_time_is_missing():
    result = requirement(Requirement.ISK, isk_travel_minutes=None)
    assert texts(result.missing) == ["reistijd naar de ISK (minuten)"]


# Minimum m² of bedrooms and living room: only when the checklist has a figure


def test_no_m2_requirements_when_the_checklist_has_no_figures():
    result = check(smallest_bedroom_m2=None, living_room_m2=None)
    codes = [r.code for r in result.requirements]
    assert Requirement.BEDROOM_M2 not in codes
    assert Requirement.LIVING_ROOM_M2 not in codes
    assert result.missing == ()


@pytest.mark.parametrize(
    ("field", "code", "value", "verdict"),
    [
        ("smallest_bedroom_m2", Requirement.BEDROOM_M2, Decimal("8.0"), Verdict.VOLDOET),
        ("smallest_bedroom_m2", Requirement.BEDROOM_M2, Decimal("12.5"), Verdict.VOLDOET),
        ("smallest_bedroom_m2", Requirement.BEDROOM_M2, Decimal("7.9"), Verdict.VOLDOET_NIET),
        ("smallest_bedroom_m2", Requirement.BEDROOM_M2, None, Verdict.ONBEKEND),
        ("living_room_m2", Requirement.LIVING_ROOM_M2, Decimal("20.0"), Verdict.VOLDOET),
        ("living_room_m2", Requirement.LIVING_ROOM_M2, Decimal("19.9"), Verdict.VOLDOET_NIET),
        ("living_room_m2", Requirement.LIVING_ROOM_M2, None, Verdict.ONBEKEND),
    ],
)
def test_m2_at_least_the_configured_figure(field, code, value, verdict):
    assert requirement(code, WITH_M2, **{field: value}).verdict == verdict


def test_only_the_configured_m2_figure_is_checked():
    checklist = replace(VERSION_1, min_bedroom_m2=Decimal("8.0"))
    codes = [r.code for r in check(checklist).requirements]
    assert Requirement.BEDROOM_M2 in codes
    assert Requirement.LIVING_ROOM_M2 not in codes


def test_m2_explanation_gives_dutch_numbers():
    result = requirement(Requirement.BEDROOM_M2, WITH_M2, smallest_bedroom_m2=Decimal("7.5"))
    assert result.explanation == "7,5 m², ten minste 8,0 m²."


def test_unknown_m2_is_missing_with_the_field_label():
    result = check(WITH_M2, smallest_bedroom_m2=None, living_room_m2=None)
    assert texts(result.missing) == ["kleinste slaapkamer (m²)", "woonkamer (m²)"]


def test_without_a_living_room_its_size_voldoet_niet_rather_than_missing():
    result = check(WITH_M2, has_living_room=False, living_room_m2=None)
    size = next(r for r in result.requirements if r.code == Requirement.LIVING_ROOM_M2)
    assert size.verdict == Verdict.VOLDOET_NIET
    assert result.missing == ()


# Fire safety: gebruiksmelding (Bbl) at least 4 weeks before opening above 10 sleepers


def gebruiksmelding(**changes) -> RequirementResult | None:
    checklist = changes.pop("checklist", VERSION_1)
    property_data = replace(KWG_FOR_11, **{"planned_opening_on": OPENING, **changes})
    found = [
        r
        for r in pve_check(property_data, checklist).requirements
        if r.code == Requirement.GEBRUIKSMELDING
    ]
    return found[0] if found else None


@pytest.mark.parametrize(
    ("filed_on", "verdict"),
    [
        (FOUR_WEEKS_BEFORE - timedelta(days=30), Verdict.VOLDOET),
        (FOUR_WEEKS_BEFORE, Verdict.VOLDOET),
        (FOUR_WEEKS_BEFORE + timedelta(days=1), Verdict.AFWIJKING),
        (OPENING, Verdict.AFWIJKING),
        (OPENING + timedelta(days=3), Verdict.AFWIJKING),
    ],
    ids=["well-before", "exactly-4-weeks", "one-day-late", "on-opening-day", "after-opening"],
)
def test_gebruiksmelding_filed_at_least_4_weeks_before_opening(filed_on, verdict):
    assert gebruiksmelding(gebruiksmelding_filed_on=filed_on).verdict == verdict


@pytest.mark.parametrize("filed_on", [None, FOUR_WEEKS_BEFORE + timedelta(days=1)])
def test_no_gebruiksmelding_requirement_for_10_sleepers(filed_on):
    assert gebruiksmelding(capacity=10, gebruiksmelding_filed_on=filed_on) is None


def test_gebruiksmelding_required_from_11_sleepers():
    assert gebruiksmelding(capacity=11, gebruiksmelding_filed_on=None) is not None


def test_gebruiksmelding_threshold_and_weeks_come_from_the_checklist():
    checklist = replace(VERSION_1, gebruiksmelding_above_sleepers=8, gebruiksmelding_weeks_before=6)
    six_weeks_before = OPENING - timedelta(weeks=6)
    on_time = gebruiksmelding(
        checklist=checklist, capacity=9, gebruiksmelding_filed_on=six_weeks_before
    )
    late = gebruiksmelding(
        checklist=checklist, capacity=9, gebruiksmelding_filed_on=FOUR_WEEKS_BEFORE
    )
    assert (on_time.verdict, late.verdict) == (Verdict.VOLDOET, Verdict.AFWIJKING)


def test_gebruiksmelding_explanation_gives_the_dates():
    result = gebruiksmelding(gebruiksmelding_filed_on=date(2025, 3, 2))
    assert result.explanation == (
        "Ingediend op 2 maart 2025, uiterlijk 1 maart 2025 (4 weken voor opening op 29 maart 2025)."
    )


@pytest.mark.parametrize(
    ("filed_on", "opening_on", "missing"),
    [
        (None, OPENING, ["gebruiksmelding ingediend op"]),
        (FOUR_WEEKS_BEFORE, None, ["geplande openingsdatum"]),
        (None, None, ["gebruiksmelding ingediend op", "geplande openingsdatum"]),
    ],
)
def test_unknown_filing_or_opening_date_makes_gebruiksmelding_onbekend(
    filed_on, opening_on, missing
):
    result = gebruiksmelding(gebruiksmelding_filed_on=filed_on, planned_opening_on=opening_on)
    assert result.verdict == Verdict.ONBEKEND
    assert texts(result.missing) == missing


# What is still needed to decide


def test_missing_lists_every_unknown_field_once_in_the_order_of_the_table():
    nothing_known = replace(
        KWG_FOR_11,
        single_bedrooms=None,
        smallest_bedroom_m2=None,
        has_living_room=None,
        living_room_m2=None,
        has_kitchen=None,
        showers=None,
        toilets=None,
        has_staff_room=None,
        isk_travel_minutes=None,
    )
    result = pve_check(nothing_known, WITH_M2)
    assert {r.verdict for r in result.requirements} == {Verdict.VOLDOET, Verdict.ONBEKEND}
    assert texts(result.missing) == [
        "eenpersoonsslaapkamers",
        "gemeenschappelijke woonkamer",
        "keuken",
        "douches",
        "toiletten",
        "reistijd naar de ISK (minuten)",
        "kantoor- of personeelsruimte",
        "kleinste slaapkamer (m²)",
        "woonkamer (m²)",
        "gebruiksmelding ingediend op",
        "geplande openingsdatum",
    ]
    assert result.overall == Suitability.VOORWAARDELIJK


def test_a_field_needed_by_two_rules_is_missing_once():
    result = check(capacity=None, single_bedrooms=None)
    assert texts(result.missing) == ["capaciteit", "eenpersoonsslaapkamers"]
