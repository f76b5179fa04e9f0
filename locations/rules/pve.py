"""Pure rules of the locations app: the Programma van Eisen check (DESIGN.md §4.3).

Plain data in, plain data out: `locations.pve` builds the input from the models. The only Django
imports are translation and localised formatting, so that explanations read as Dutch sentences
with Dutch numbers and dates.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..constants import KsoForm


class Verdict(StrEnum):
    VOLDOET = "voldoet"
    VOLDOET_NIET = "voldoet_niet"
    AFWIJKING = "afwijking"
    ONBEKEND = "onbekend"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


class Suitability(StrEnum):
    GESCHIKT = "geschikt"
    VOORWAARDELIJK = "voorwaardelijk"
    ONGESCHIKT = "ongeschikt"

    @property
    def label(self) -> str:
        return SUITABILITY_LABELS[self]


VERDICT_LABELS = {
    Verdict.VOLDOET: _("Voldoet"),
    Verdict.VOLDOET_NIET: _("Voldoet niet"),
    Verdict.AFWIJKING: _("Afwijking"),
    Verdict.ONBEKEND: _("Onbekend"),
}
SUITABILITY_LABELS = {
    Suitability.GESCHIKT: _("Geschikt"),
    Suitability.VOORWAARDELIJK: _("Voorwaardelijk geschikt"),
    Suitability.ONGESCHIKT: _("Ongeschikt"),
}

# Short names of the forms inside sentences; the choices' labels are too long there.
FORM_NAMES = {KsoForm.KWG: "KWG", KsoForm.KWE: "KWE", KsoForm.KWE_PLUS: "KWE+"}


class FieldLabel:
    """Dutch labels of the inputs, as the property form shows them, for the list of what is
    still needed."""

    CAPACITY = _("capaciteit")
    SINGLE_BEDROOMS = _("eenpersoonsslaapkamers")
    SMALLEST_BEDROOM_M2 = _("kleinste slaapkamer (m²)")
    HAS_LIVING_ROOM = _("gemeenschappelijke woonkamer")
    LIVING_ROOM_M2 = _("woonkamer (m²)")
    HAS_KITCHEN = _("keuken")
    SHOWERS = _("douches")
    TOILETS = _("toiletten")
    HAS_STAFF_ROOM = _("kantoor- of personeelsruimte")
    ISK_TRAVEL_MINUTES = _("reistijd naar de ISK (minuten)")
    GEBRUIKSMELDING_FILED_ON = _("gebruiksmelding ingediend op")
    PLANNED_OPENING_ON = _("geplande openingsdatum")


class Requirement(StrEnum):
    CAPACITY = "capacity"
    BEDROOMS = "bedrooms"
    LIVING_ROOM = "living_room"
    KITCHEN = "kitchen"
    SANITARY = "sanitary"
    ISK = "isk"
    STAFF_ROOM = "staff_room"
    BEDROOM_M2 = "bedroom_m2"
    LIVING_ROOM_M2 = "living_room_m2"
    GEBRUIKSMELDING = "gebruiksmelding"

    @property
    def label(self) -> str:
        return REQUIREMENT_LABELS[self]


REQUIREMENT_LABELS = {
    Requirement.CAPACITY: _("Capaciteit past bij de vorm"),
    Requirement.BEDROOMS: _("Eén slaapkamer per jongere"),
    Requirement.LIVING_ROOM: _("Gemeenschappelijke woonkamer"),
    Requirement.KITCHEN: _("Keuken"),
    Requirement.SANITARY: _("Sanitair"),
    Requirement.ISK: _("ISK binnen bereik"),
    Requirement.STAFF_ROOM: _("Kantoor- of personeelsruimte (KWG)"),
    Requirement.BEDROOM_M2: _("Oppervlakte slaapkamers"),
    Requirement.LIVING_ROOM_M2: _("Oppervlakte woonkamer"),
    Requirement.GEBRUIKSMELDING: _("Gebruiksmelding brandveiligheid (Bbl)"),
}


@dataclass(frozen=True)
class Checklist:
    """The parameters of one version of the PvE checklist."""

    number: int
    capacity_ranges: Mapping[str, tuple[int, int]]
    youths_per_sanitary_facility: int
    isk_max_minutes: int
    min_bedroom_m2: Decimal | None
    min_living_room_m2: Decimal | None
    gebruiksmelding_above_sleepers: int
    gebruiksmelding_weeks_before: int


@dataclass(frozen=True)
class PropertyData:
    """What is known of a property; None means not filled in yet."""

    form: str
    capacity: int | None
    capacity_deviation_reason: str
    single_bedrooms: int | None
    smallest_bedroom_m2: Decimal | None
    has_living_room: bool | None
    living_room_m2: Decimal | None
    has_kitchen: bool | None
    showers: int | None
    toilets: int | None
    has_staff_room: bool | None
    isk_travel_minutes: int | None
    gebruiksmelding_filed_on: date | None
    planned_opening_on: date | None


@dataclass(frozen=True)
class RequirementResult:
    code: Requirement
    label: str
    verdict: Verdict
    explanation: str
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class PveResult:
    requirements: tuple[RequirementResult, ...]
    overall: Suitability
    checklist_number: int
    missing: tuple[str, ...]


def _result(code: Requirement, verdict: Verdict, explanation: str) -> RequirementResult:
    return RequirementResult(code, code.label, verdict, explanation)


def _unknown(code: Requirement, *inputs: tuple[str, object]) -> RequirementResult | None:
    """ONBEKEND naming the inputs that are None, or None when all of them are known."""
    missing = tuple(label for label, value in inputs if value is None)
    if not missing:
        return None
    explanation = gettext("Nog niet ingevuld: %(fields)s.") % {
        "fields": ", ".join(str(label) for label in missing)
    }
    return RequirementResult(code, code.label, Verdict.ONBEKEND, explanation, missing)


def _present(
    code: Requirement, label: str, value: bool | None, failure: Verdict
) -> RequirementResult:
    """A room that must be there."""
    if unknown := _unknown(code, (label, value)):
        return unknown
    if value:
        return _result(code, Verdict.VOLDOET, gettext("Aanwezig."))
    return _result(code, failure, gettext("Niet aanwezig."))


def _m2(value: Decimal) -> str:
    return number_format(value, decimal_pos=1)


def _capacity(p: PropertyData, c: Checklist) -> RequirementResult:
    code = Requirement.CAPACITY
    if unknown := _unknown(code, (FieldLabel.CAPACITY, p.capacity)):
        return unknown
    low, high = c.capacity_ranges[p.form]
    numbers = {"capacity": p.capacity, "form": FORM_NAMES[p.form], "low": low, "high": high}
    if low <= p.capacity <= high:
        text = gettext("Capaciteit %(capacity)d; bij een %(form)s %(low)d tot en met %(high)d.")
        return _result(code, Verdict.VOLDOET, text % numbers)
    # Allowed when gemeente and contractpartner agree, but it stays an afwijking to be weighed.
    if p.capacity_deviation_reason.strip():
        text = gettext(
            "Capaciteit %(capacity)d wijkt af: bij een %(form)s %(low)d tot en met %(high)d. "
            "De reden is vastgelegd."
        )
    else:
        text = gettext(
            "Capaciteit %(capacity)d wijkt af: bij een %(form)s %(low)d tot en met %(high)d. "
            "Een reden is vereist."
        )
    return _result(code, Verdict.AFWIJKING, text % numbers)


def _bedrooms(p: PropertyData, c: Checklist) -> RequirementResult:
    code = Requirement.BEDROOMS
    inputs = (FieldLabel.SINGLE_BEDROOMS, p.single_bedrooms), (FieldLabel.CAPACITY, p.capacity)
    if unknown := _unknown(code, *inputs):
        return unknown
    verdict = Verdict.VOLDOET if p.single_bedrooms >= p.capacity else Verdict.VOLDOET_NIET
    rooms = ngettext(
        "%(rooms)d eenpersoonsslaapkamer", "%(rooms)d eenpersoonsslaapkamers", p.single_bedrooms
    ) % {"rooms": p.single_bedrooms}
    return _result(
        code,
        verdict,
        gettext("%(rooms)s, nodig: %(capacity)d (één per jongere).")
        % {"rooms": rooms, "capacity": p.capacity},
    )


def _living_room(p: PropertyData, c: Checklist) -> RequirementResult:
    code = Requirement.LIVING_ROOM
    return _present(code, FieldLabel.HAS_LIVING_ROOM, p.has_living_room, Verdict.VOLDOET_NIET)


def _kitchen(p: PropertyData, c: Checklist) -> RequirementResult:
    return _present(Requirement.KITCHEN, FieldLabel.HAS_KITCHEN, p.has_kitchen, Verdict.AFWIJKING)


def _sanitary(p: PropertyData, c: Checklist) -> RequirementResult:
    code = Requirement.SANITARY
    inputs = (
        (FieldLabel.SHOWERS, p.showers),
        (FieldLabel.TOILETS, p.toilets),
        (FieldLabel.CAPACITY, p.capacity),
    )
    if unknown := _unknown(code, *inputs):
        return unknown
    per = c.youths_per_sanitary_facility
    needed = math.ceil(p.capacity / per)
    enough = p.showers >= needed and p.toilets >= needed
    numbers = {
        "showers": ngettext("%(n)d douche", "%(n)d douches", p.showers) % {"n": p.showers},
        "toilets": ngettext("%(n)d toilet", "%(n)d toiletten", p.toilets) % {"n": p.toilets},
        "needed": needed,
        "capacity": p.capacity,
        "per": ngettext("1 per jongere", "1 per %(n)d jongeren", per) % {"n": per},
    }
    return _result(
        code,
        Verdict.VOLDOET if enough else Verdict.AFWIJKING,
        gettext(
            "%(showers)s en %(toilets)s, nodig: elk %(needed)d (capaciteit %(capacity)d, %(per)s)."
        )
        % numbers,
    )


def _isk(p: PropertyData, c: Checklist) -> RequirementResult:
    code = Requirement.ISK
    if unknown := _unknown(code, (FieldLabel.ISK_TRAVEL_MINUTES, p.isk_travel_minutes)):
        return unknown
    verdict = Verdict.VOLDOET if p.isk_travel_minutes <= c.isk_max_minutes else Verdict.VOLDOET_NIET
    return _result(
        code,
        verdict,
        gettext("Reistijd %(minutes)d minuten, ten hoogste %(max)d.")
        % {"minutes": p.isk_travel_minutes, "max": c.isk_max_minutes},
    )


def _staff_room(p: PropertyData, c: Checklist) -> RequirementResult | None:
    # Only a KWG has staff present day and night (DESIGN.md §4.1).
    if p.form != KsoForm.KWG:
        return None
    return _present(
        Requirement.STAFF_ROOM, FieldLabel.HAS_STAFF_ROOM, p.has_staff_room, Verdict.AFWIJKING
    )


def _bedroom_m2(p: PropertyData, c: Checklist) -> RequirementResult | None:
    if c.min_bedroom_m2 is None:
        return None
    label, value = FieldLabel.SMALLEST_BEDROOM_M2, p.smallest_bedroom_m2
    return _at_least_m2(Requirement.BEDROOM_M2, label, value, c.min_bedroom_m2)


def _living_room_m2(p: PropertyData, c: Checklist) -> RequirementResult | None:
    if c.min_living_room_m2 is None:
        return None
    code = Requirement.LIVING_ROOM_M2
    # Without a living room its size is not missing data: the room itself is.
    if p.has_living_room is False:
        return _result(code, Verdict.VOLDOET_NIET, gettext("Er is geen woonkamer."))
    return _at_least_m2(code, FieldLabel.LIVING_ROOM_M2, p.living_room_m2, c.min_living_room_m2)


def _at_least_m2(
    code: Requirement, label: str, value: Decimal | None, minimum: Decimal
) -> RequirementResult:
    if unknown := _unknown(code, (label, value)):
        return unknown
    return _result(
        code,
        Verdict.VOLDOET if value >= minimum else Verdict.VOLDOET_NIET,
        gettext("%(value)s m², ten minste %(minimum)s m².")
        % {"value": _m2(value), "minimum": _m2(minimum)},
    )


def _gebruiksmelding(p: PropertyData, c: Checklist) -> RequirementResult | None:
    code = Requirement.GEBRUIKSMELDING
    if unknown := _unknown(code, (FieldLabel.CAPACITY, p.capacity)):
        return unknown
    if p.capacity <= c.gebruiksmelding_above_sleepers:
        return None
    inputs = (
        (FieldLabel.GEBRUIKSMELDING_FILED_ON, p.gebruiksmelding_filed_on),
        (FieldLabel.PLANNED_OPENING_ON, p.planned_opening_on),
    )
    if unknown := _unknown(code, *inputs):
        return unknown
    deadline = p.planned_opening_on - timedelta(weeks=c.gebruiksmelding_weeks_before)
    verdict = Verdict.VOLDOET if p.gebruiksmelding_filed_on <= deadline else Verdict.AFWIJKING
    return _result(
        code,
        verdict,
        gettext(
            "Ingediend op %(filed)s, uiterlijk %(deadline)s (%(weeks)d weken voor opening op "
            "%(opening)s)."
        )
        % {
            "filed": date_format(p.gebruiksmelding_filed_on),
            "deadline": date_format(deadline),
            "weeks": c.gebruiksmelding_weeks_before,
            "opening": date_format(p.planned_opening_on),
        },
    )


# In the order of the table of DESIGN.md §4.3; a rule returns None where it does not apply.
RULES: tuple[Callable[[PropertyData, Checklist], RequirementResult | None], ...] = (
    _capacity,
    _bedrooms,
    _living_room,
    _kitchen,
    _sanitary,
    _isk,
    _staff_room,
    _bedroom_m2,
    _living_room_m2,
    _gebruiksmelding,
)


def overall_suitability(verdicts: list[Verdict]) -> Suitability:
    if Verdict.VOLDOET_NIET in verdicts:
        return Suitability.ONGESCHIKT
    if Verdict.AFWIJKING in verdicts or Verdict.ONBEKEND in verdicts:
        return Suitability.VOORWAARDELIJK
    return Suitability.GESCHIKT


def pve_check(property: PropertyData, checklist: Checklist) -> PveResult:
    """Check a property against a version of the Programma van Eisen."""
    requirements = tuple(
        result for rule in RULES if (result := rule(property, checklist)) is not None
    )
    missing = dict.fromkeys(label for result in requirements for label in result.missing)
    return PveResult(
        requirements=requirements,
        overall=overall_suitability([result.verdict for result in requirements]),
        checklist_number=checklist.number,
        missing=tuple(missing),
    )
