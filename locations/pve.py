"""From the models to the plain data of the Programma van Eisen check (`locations.rules`)."""

import json
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .constants import KsoForm
from .models import ChecklistVersion, Location
from .rules import Checklist, PropertyData


def checklist_on(day: date) -> ChecklistVersion:
    """The version in force on `day`: of those valid from that day or before, the one valid
    from the latest date (of two from the same date, the higher number): a version the
    beheerder adds for a later date applies only from then. Migration 0002 creates version 1;
    a database without any version in force (a flushed test database) gets the model's
    defaults, which are that same published first version, unsaved."""
    in_force = ChecklistVersion.objects.filter(valid_from__lte=day)
    return in_force.order_by("-valid_from", "-number").first() or _first_version()


def current_checklist() -> ChecklistVersion:
    """The version in force today."""
    return checklist_on(timezone.localdate())


def _first_version() -> ChecklistVersion:
    return ChecklistVersion(number=1, valid_from=date(2023, 1, 1))


def checklist_in_force(day: date) -> RawSQL:
    """`checklist_on(day)` as a JSON text, to read in the query of a location (its page has a
    fixed query budget) and back with `checklist_read`."""
    table = connection.ops.quote_name(ChecklistVersion._meta.db_table)
    # A fixed statement (the table's name comes from the model; the day is a parameter):
    # cheaper to build per request than an expression with a key per field.
    in_force = (
        f"SELECT row_to_json(c)::text FROM {table} c WHERE c.valid_from <= %s "  # noqa: S608
        "ORDER BY c.valid_from DESC, c.number DESC LIMIT 1"
    )
    return RawSQL(in_force, (day,), output_field=TextField())  # noqa: S611


def checklist_next(day: date) -> RawSQL:
    """The number and first day of the version that comes after `day`, if one was added, as a
    JSON text (`{"number": 2, "valid_from": "2027-01-01"}`) to read in the query of a
    location."""
    table = connection.ops.quote_name(ChecklistVersion._meta.db_table)
    following = (
        "SELECT json_build_object('number', c.number, 'valid_from', c.valid_from)::text "  # noqa: S608
        f"FROM {table} c WHERE c.valid_from > %s ORDER BY c.valid_from, c.number DESC LIMIT 1"
    )
    return RawSQL(following, (day,), output_field=TextField())  # noqa: S611


def checklist_read(text: str | None) -> ChecklistVersion:
    """The version that `checklist_in_force()` read (its defaults when there is none)."""
    if text is None:
        return _first_version()
    data = json.loads(text, parse_float=Decimal)  # decimals exact, as the model has them
    fields = ChecklistVersion._meta.concrete_fields
    return ChecklistVersion(**{f.attname: f.to_python(data[f.column]) for f in fields})


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
