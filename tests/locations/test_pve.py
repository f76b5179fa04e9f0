"""The PvE check's adapters from the models, the first checklist version and the page part."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from locations.constants import KsoForm, OwnerType, PropertyType
from locations.models import ChecklistVersion, Location
from locations.pve import (
    checklist_from,
    checklist_in_force,
    checklist_read,
    current_checklist,
    property_data_from,
)
from locations.rules import (
    Checklist,
    PropertyData,
    Requirement,
    Suitability,
    Verdict,
    pve_check,
)
from organisations.constants import OrganisationKind
from organisations.models import Gemeente, Organisation


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def kwg_location(reference_data) -> Location:
    """A KWG for 10 in Utrecht that meets every requirement of checklist version 1."""
    gemeente = Gemeente.objects.get(code="GM0344")
    offered_by = Organisation.objects.create(
        name="Gemeente Utrecht", kind=OrganisationKind.GEMEENTE, gemeente=gemeente
    )
    return Location.objects.create(
        street="Oudegracht",
        house_number="12",
        postcode="3511 AB",
        place="Utrecht",
        gemeente=gemeente,
        property_type=PropertyType.GROTER_WOONHUIS,
        owner_type=OwnerType.GEMEENTELIJK,
        offered_by=offered_by,
        available_from=date(2026, 1, 1),
        intended_form=KsoForm.KWG,
        proposed_capacity=10,
        single_bedrooms=10,
        smallest_bedroom_m2=Decimal("9.5"),
        has_living_room=True,
        living_room_m2=Decimal("32.0"),
        has_kitchen=True,
        showers=5,
        toilets=5,
        has_staff_room=True,
        isk_travel_minutes=20,
        stage_changed_at=timezone.now(),
    )


def make_version(number: int, **parameters) -> ChecklistVersion:
    return ChecklistVersion.objects.create(number=number, valid_from=date(2026, 1, 1), **parameters)


# The checklist


@pytest.mark.django_db
def test_version_1_from_the_migration_has_the_numbers_of_the_design():
    assert checklist_from(current_checklist()) == Checklist(
        number=1,
        capacity_ranges={KsoForm.KWG: (9, 12), KsoForm.KWE: (3, 5), KsoForm.KWE_PLUS: (6, 8)},
        youths_per_sanitary_facility=2,
        isk_max_minutes=30,
        min_bedroom_m2=None,
        min_living_room_m2=None,
        gebruiksmelding_above_sleepers=10,
        gebruiksmelding_weeks_before=4,
    )


@pytest.mark.django_db
def test_current_checklist_is_the_newest_version_in_one_query(django_assert_num_queries):
    make_version(3)
    make_version(2)
    with django_assert_num_queries(1):
        assert current_checklist().number == 3


@pytest.mark.django_db
def test_checklist_takes_every_parameter_of_its_version():
    version = make_version(
        2,
        kwg_min=8,
        kwg_max=14,
        kwe_min=2,
        kwe_max=6,
        kwe_plus_min=5,
        kwe_plus_max=9,
        youths_per_sanitary_facility=3,
        isk_max_minutes=45,
        min_bedroom_m2=Decimal("8.0"),
        min_living_room_m2=Decimal("20.5"),
        gebruiksmelding_above_sleepers=12,
        gebruiksmelding_weeks_before=6,
    )
    version.refresh_from_db()
    assert checklist_from(version) == Checklist(
        number=2,
        capacity_ranges={KsoForm.KWG: (8, 14), KsoForm.KWE: (2, 6), KsoForm.KWE_PLUS: (5, 9)},
        youths_per_sanitary_facility=3,
        isk_max_minutes=45,
        min_bedroom_m2=Decimal("8.0"),
        min_living_room_m2=Decimal("20.5"),
        gebruiksmelding_above_sleepers=12,
        gebruiksmelding_weeks_before=6,
    )


def _read_along(location: Location) -> ChecklistVersion:
    """The checklist as the location page reads it: in the query of the location."""
    row = Location.objects.annotate(checklist=checklist_in_force(timezone.localdate())).get(
        pk=location.pk
    )
    return checklist_read(row.checklist)


@pytest.mark.django_db
def test_the_checklist_read_along_with_a_location_is_the_current_one_exactly(kwg_location):
    make_version(
        2,
        kwg_min=8,
        isk_max_minutes=45,
        min_bedroom_m2=Decimal("8.1"),
        min_living_room_m2=Decimal("20.5"),
        gebruiksmelding_above_sleepers=12,
    )
    make_version(3, min_bedroom_m2=Decimal("7.3"), note="Nieuwste")
    read = _read_along(kwg_location)
    assert checklist_from(read) == checklist_from(current_checklist())
    assert (read.number, read.note, read.min_bedroom_m2) == (3, "Nieuwste", Decimal("7.3"))
    assert read.valid_from == date(2026, 1, 1)


@pytest.mark.django_db
def test_without_any_checklist_row_the_location_reads_the_first_version_too(kwg_location):
    ChecklistVersion.objects.all().delete()
    assert checklist_from(_read_along(kwg_location)) == checklist_from(current_checklist())


# The property


def test_property_data_takes_the_locations_fields(kwg_location):
    assert property_data_from(kwg_location) == PropertyData(
        form=KsoForm.KWG,
        capacity=10,
        capacity_deviation_reason="",
        single_bedrooms=10,
        smallest_bedroom_m2=Decimal("9.5"),
        has_living_room=True,
        living_room_m2=Decimal("32.0"),
        has_kitchen=True,
        showers=5,
        toilets=5,
        has_staff_room=True,
        isk_travel_minutes=20,
        gebruiksmelding_filed_on=None,
        planned_opening_on=None,
    )


def test_property_data_takes_the_agreed_form_and_capacity_once_agreed(kwg_location):
    kwg_location.agreed_form = KsoForm.KWE_PLUS
    kwg_location.agreed_capacity = 8
    kwg_location.capacity_deviation_reason = "Afgesproken met de contractpartner."
    data = property_data_from(kwg_location)
    assert (data.form, data.capacity) == (KsoForm.KWE_PLUS, 8)
    assert data.capacity_deviation_reason == "Afgesproken met de contractpartner."


def test_property_data_measures_against_the_planned_opening_when_given(kwg_location):
    kwg_location.opening_on = date(2026, 5, 1)
    assert property_data_from(kwg_location).planned_opening_on == date(2026, 5, 1)
    planned = property_data_from(kwg_location, planned_opening_on=date(2026, 6, 1))
    assert planned.planned_opening_on == date(2026, 6, 1)


def test_location_from_the_database_checked_against_version_1(kwg_location):
    kwg_location.proposed_capacity = 11
    kwg_location.single_bedrooms = 11
    kwg_location.showers = 6
    kwg_location.toilets = 6
    kwg_location.gebruiksmelding_filed_on = date(2026, 4, 1)
    kwg_location.save()
    kwg_location.refresh_from_db()
    data = property_data_from(kwg_location, planned_opening_on=date(2026, 4, 15))
    result = pve_check(data, checklist_from(current_checklist()))
    late = [r.code for r in result.requirements if r.verdict != Verdict.VOLDOET]
    assert late == [Requirement.GEBRUIKSMELDING]
    assert result.overall == Suitability.VOORWAARDELIJK


# The page part


def render(data: PropertyData) -> str:
    version_1 = Checklist(
        number=1,
        capacity_ranges={KsoForm.KWG: (9, 12)},
        youths_per_sanitary_facility=2,
        isk_max_minutes=30,
        min_bedroom_m2=None,
        min_living_room_m2=None,
        gebruiksmelding_above_sleepers=10,
        gebruiksmelding_weeks_before=4,
    )
    return render_to_string(
        "locations/includes/pve_check.html", {"pve": pve_check(data, version_1)}
    )


def test_page_part_says_the_outcome_in_words_and_lists_what_is_still_needed(kwg_location):
    html = render(replace(property_data_from(kwg_location), showers=None, has_kitchen=False))
    assert '<h2 id="programma-van-eisen">Programma van Eisen</h2>' in html
    assert "Voorwaardelijk geschikt" in html
    assert "PvE-checklist versie 1" in html
    assert html.count('<th scope="col">') == 3
    assert "<caption" in html
    assert '<span class="verdict verdict--onbekend">Onbekend</span>' in html
    assert '<span class="verdict verdict--afwijking">Afwijking</span>' in html
    assert "Nog nodig om te beslissen" in html
    assert "<li>Douches</li>" in html


def test_page_part_of_a_suitable_property_asks_for_nothing(kwg_location):
    html = render(property_data_from(kwg_location))
    assert 'class="suitability suitability--geschikt">Geschikt</strong>' in html
    assert html.count('<span class="verdict verdict--voldoet">Voldoet</span>') == 7
    assert "Nog nodig om te beslissen" not in html


@pytest.mark.django_db
def test_without_any_checklist_row_the_published_first_version_applies():
    from locations.models import ChecklistVersion
    from locations.pve import current_checklist

    ChecklistVersion.objects.all().delete()
    version = current_checklist()
    assert (version.number, version.kwg_min, version.kwg_max, version.isk_max_minutes) == (
        1,
        9,
        12,
        30,
    )
