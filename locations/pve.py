"""From the models to the plain data of the Programma van Eisen check (`locations.rules`)."""

from datetime import date

from .constants import KsoForm
from .models import ChecklistVersion, Location
from .rules import Checklist, PropertyData


def current_checklist() -> ChecklistVersion:
    """The version that applies: the newest. Migration 0002 creates version 1; a database
    emptied without it (a flushed test database) gets the model's defaults, which are that
    same published first version, unsaved."""
    newest = ChecklistVersion.objects.order_by("-number").first()
    return newest or ChecklistVersion(number=1, valid_from=date(2023, 1, 1))


def checklist_from(version: ChecklistVersion) -> Checklist:
    return Checklist(
        number=version.number,
        capacity_ranges={
            KsoForm.KWG: (version.kwg_min, version.kwg_max),
            KsoForm.KWE: (version.kwe_min, version.kwe_max),
            KsoForm.KWE_PLUS: (version.kwe_plus_min, version.kwe_plus_max),
        },
        youths_per_sanitary_facility=version.youths_per_sanitary_facility,
        isk_max_minutes=version.isk_max_minutes,
        min_bedroom_m2=version.min_bedroom_m2,
        min_living_room_m2=version.min_living_room_m2,
        gebruiksmelding_above_sleepers=version.gebruiksmelding_above_sleepers,
        gebruiksmelding_weeks_before=version.gebruiksmelding_weeks_before,
    )


def property_data_from(location: Location, planned_opening_on: date | None = None) -> PropertyData:
    """The property as the check sees it: the agreed form and capacity once there are any.

    Without a planned opening date, the actual opening date (if the location has opened) is the
    one the gebruiksmelding is measured against.
    """
    return PropertyData(
        form=location.form,
        capacity=location.capacity,
        capacity_deviation_reason=location.capacity_deviation_reason,
        single_bedrooms=location.single_bedrooms,
        smallest_bedroom_m2=location.smallest_bedroom_m2,
        has_living_room=location.has_living_room,
        living_room_m2=location.living_room_m2,
        has_kitchen=location.has_kitchen,
        showers=location.showers,
        toilets=location.toilets,
        has_staff_room=location.has_staff_room,
        isk_travel_minutes=location.isk_travel_minutes,
        gebruiksmelding_filed_on=location.gebruiksmelding_filed_on,
        planned_opening_on=planned_opening_on or location.opening_on,
    )
