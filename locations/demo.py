"""Demo locations for `make run`, made through the services as the parties would, in every
stage, so that the list, the map, the timelines and the dashboards show something."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from kso_portal.access import Actor
from organisations.models import Gemeente, Organisation

from . import services
from .constants import KsoForm, OwnerType, PropertyType, Stage
from .models import ChecklistVersion, Location, StagePlan, StageTransition

# A tiny but real PDF, as a floor plan would be uploaded.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

AMERSFOORT, ZEIST = "Gemeente Amersfoort", "Gemeente Zeist"
DEMO_LOCATIONS = (
    # (street, number, postcode, place, gemeente, form, capacity, offered by, final stage)
    ("Oudegracht", "12", "3511 AB", "Utrecht", "GM0344", KsoForm.KWE, 4, "gemeente",
     "in_gebruik"),
    ("Biltstraat", "101", "3572 AM", "Utrecht", "GM0344", KsoForm.KWG, 11, "gemeente",
     "voorbereiding"),
    ("Kanaalstraat", "20", "3531 CJ", "Utrecht", "GM0344", KsoForm.KWE, 4, "woningcorporatie",
     "in_beoordeling"),
    ("Utrechtseweg", "45", "3818 EB", "Amersfoort", "GM0307", KsoForm.KWE_PLUS, 7, AMERSFOORT,
     "schouw"),
    ("Stationsplein", "1", "3818 LE", "Amersfoort", "GM0307", KsoForm.KWE, 5, AMERSFOORT,
     "afgewezen"),
    ("Slotlaan", "3", "3701 GA", "Zeist", "GM0355", KsoForm.KWE, 5, ZEIST, "aangeboden"),
    ("Amsterdamsestraatweg", "200", "3551 CK", "Utrecht", "GM0344", KsoForm.KWE_PLUS, 8,
     "gemeente", "in_gebruik"),
    ("Soesterweg", "30", "3812 BH", "Amersfoort", "GM0307", KsoForm.KWE, 4, AMERSFOORT,
     "in_gebruik"),
)  # fmt: skip
# Locations in use long before Oudegracht, so that the demo youths have a past there: days since
# the opening (the others: 30), and the contractpartner of each location in use.
OPENED_DAYS_AGO = {"Amsterdamsestraatweg": 800, "Soesterweg": 600}
PARTNERS = {"Soesterweg": ("Zorggroep Nieuw Thuis", "nieuwthuis@kso.example")}
DEFAULT_PARTNER = ("Stichting De Overstap", "contractpartner@kso.example")


def _actor(email: str) -> Actor:
    user = get_user_model().objects.get(email=email)
    return Actor(user=user, membership=user.memberships.order_by("pk").first())


OFFERERS = {
    "gemeente": "gemeente@kso.example",
    "woningcorporatie": "woningcorporatie@kso.example",
    AMERSFOORT: "amersfoort@kso.example",
    ZEIST: "zeist@kso.example",
}


VISIT_RESULT = "Positief: ruime kamers, ISK op 15 minuten fietsen."

# Days before today that each stage was reached (its actual date); each step was recorded in
# the portal a few days after it happened (RECORDED_AFTER), as people do.
REACHED_DAYS_AGO = {
    Stage.AANGEBODEN: 190,
    Stage.IN_BEOORDELING: 176,
    Stage.SCHOUW: 160,
    Stage.AFGEWEZEN: 150,
    Stage.BESLUITVORMING: 130,
    Stage.VOORBEREIDING: 80,
    Stage.IN_GEBRUIK: 30,
}
RECORDED_AFTER = (0, 2, 5, 1, 3, 9)


def _days_ago(stage: str, shift: int = 0):
    """The day `stage` was reached; `shift` days earlier for a location opened long ago."""
    return timezone.localdate() - timedelta(days=REACHED_DAYS_AGO[stage] + shift)


def _shift(location: Location) -> int:
    return (
        OPENED_DAYS_AGO.get(location.street, REACHED_DAYS_AGO[Stage.IN_GEBRUIK])
        - (REACHED_DAYS_AGO[Stage.IN_GEBRUIK])
    )


def _walk(location: Location, final: str, nidos: Actor, gemeente: Actor) -> None:
    partner_name, _partner_email = PARTNERS.get(location.street, DEFAULT_PARTNER)
    contractpartner = Organisation.objects.get(name=partner_name)
    opened = OPENED_DAYS_AGO.get(location.street, 30)
    shift = _shift(location)
    stages = [Stage.IN_BEOORDELING, Stage.SCHOUW, Stage.BESLUITVORMING]
    stages += [Stage.VOORBEREIDING, Stage.IN_GEBRUIK]
    if final == Stage.AFGEWEZEN:
        stages = [Stage.IN_BEOORDELING, Stage.AFGEWEZEN]
    if final == Stage.AANGEBODEN:
        return
    for target in stages:
        if final in stages and stages.index(target) > stages.index(final):
            break
        fields = {
            "happened_on": _days_ago(target, shift),
            "visit_on": _days_ago(Stage.SCHOUW, shift) + timedelta(days=10),
            "contractpartner": contractpartner,
            "visit_result": VISIT_RESULT,
            "agreed_form": location.intended_form,
            "agreed_capacity": location.proposed_capacity,
            "college_decision_on": _days_ago(Stage.VOORBEREIDING, shift),
            "opening_on": _days_ago(Stage.IN_GEBRUIK, shift),
            "rejection_reason": "Geen ISK binnen 30 minuten reizen.",
        }
        if target == Stage.IN_GEBRUIK:
            _prepare(location, gemeente, opened)
        actor = gemeente if target == Stage.VOORBEREIDING else nidos
        location.refresh_from_db()
        services.location_transition(
            actor=actor,
            location=location,
            target=target,
            expected_stage=location.stage,
            fields=fields,
        )


def _prepare(location: Location, gemeente: Actor, opened: int) -> None:
    today = timezone.localdate()
    services.location_preparation_update(
        actor=gemeente,
        location=location,
        gebruiksmelding_filed_on=today - timedelta(days=opened + 40),
        neighbourhood_informed_on=today - timedelta(days=opened + 30),
    )
    services.location_furnishing_report(
        actor=_actor(PARTNERS.get(location.street, DEFAULT_PARTNER)[1]),
        location=location,
        furnishing_ready_on=today - timedelta(days=opened + 5),
    )


def _offered_back_then(location: Location) -> None:
    """The demo offers every property today; it was offered months ago."""
    offered_on = _days_ago(Stage.AANGEBODEN, _shift(location))
    location.transitions.update(happened_on=offered_on)
    StagePlan.objects.filter(location=location, stage=Stage.AANGEBODEN).update(actual_on=offered_on)


def _recorded_later(location: Location) -> None:
    """Each step recorded a few days after it happened, at ten in the morning; planned dates
    around the actual ones, so that lead times and delays mean something."""
    for number, transition in enumerate(location.transitions.order_by("pk")):
        recorded_on = transition.happened_on + timedelta(days=RECORDED_AFTER[number])
        moment = datetime.combine(recorded_on, time(10), tzinfo=timezone.get_current_timezone())
        StageTransition.objects.filter(pk=transition.pk).update(at=min(moment, timezone.now()))
        StagePlan.objects.filter(location=location, stage=transition.to_stage).update(
            planned_on=transition.happened_on - timedelta(days=7 * (number % 3))
        )


def _checklist_to_come() -> None:
    """A checklist version the beheerder added today, in force only in six weeks: the
    location pages name it, and the checks under version 1 stay as they were."""
    newest = ChecklistVersion.objects.order_by("-number").first()
    ChecklistVersion.objects.create(
        number=newest.number + 1 if newest else 2,
        valid_from=timezone.localdate() + timedelta(days=42),
        min_bedroom_m2=Decimal("8.0"),
        note="Demo: een eerste norm voor de kleinste slaapkamer (8 m²), nog niet gepubliceerd.",
    )


@transaction.atomic
def demo_locations_load() -> bool:
    """Create the demo locations once; False when they exist already."""
    if Location.objects.exists():
        return False
    nidos, gemeente = _actor("nidos@kso.example"), _actor("gemeente@kso.example")
    for street, number, postcode, place, code, form, capacity, offerer, final in DEMO_LOCATIONS:
        location = services.location_offer(
            actor=_actor(OFFERERS[offerer]),
            street=street,
            house_number=number,
            postcode=postcode,
            place=place,
            gemeente=Gemeente.objects.get(code=code),
            property_type=PropertyType.EENGEZINSWONING
            if capacity < 6
            else PropertyType.GROTER_WOONHUIS,
            owner_type=OwnerType.WONINGCORPORATIE
            if offerer == "woningcorporatie"
            else OwnerType.GEMEENTELIJK,
            available_from=timezone.localdate() - timedelta(days=200),
            intended_form=form,
            proposed_capacity=capacity,
            single_bedrooms=capacity,
            has_living_room=True,
            has_kitchen=True,
            showers=(capacity + 1) // 2,
            toilets=(capacity + 1) // 2,
            has_staff_room=form == KsoForm.KWG,
            isk_travel_minutes=15 if place != "Amersfoort" or final != "afgewezen" else 45,
            isk_name="ISK " + place,
            has_gp=True,
        )
        _offered_back_then(location)
        # The college of the location's own gemeente decides and prepares.
        own = _actor("amersfoort@kso.example") if code == "GM0307" else gemeente
        _walk(location, final, nidos, own)
        _recorded_later(location)
    _extras(nidos, gemeente)
    return True


def _extras(nidos: Actor, gemeente: Actor) -> None:
    """A comment, a floor plan and a stalled plan, as real locations gather them."""
    oudegracht = Location.objects.get(street="Oudegracht")
    services.location_comment_add(
        actor=nidos, location=oudegracht, body="Eerste maand goed verlopen; buren positief."
    )
    services.location_document_add(
        actor=gemeente,
        location=oudegracht,
        kind="plattegrond",
        upload=SimpleUploadedFile("Plattegrond Oudegracht 12.pdf", DEMO_PDF),
    )
    _checklist_to_come()
    biltstraat = Location.objects.get(street="Biltstraat")
    services.location_stage_plan(
        actor=nidos,
        location=biltstraat,
        planned={Stage.IN_GEBRUIK: timezone.localdate() - timedelta(days=20)},
    )
