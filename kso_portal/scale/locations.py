"""The locations of the national data set: spread over the gemeenten in proportion to their
inhabitants (the taakstelling's own apportionment), in every stage, each with the route of
stages it took (checked against `locations.workflow`), the plans, the transitions and the
fields each move records, and capacities within the PvE checklist's ranges."""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from kso_portal.access import GEMEENTE, NIDOS
from locations import workflow
from locations.constants import KsoForm, OwnerType, Stage
from locations.models import Location, LocationComment, StagePlan, StageTransition
from locations.pve import checklist_from, current_checklist
from locations.rules import Checklist
from taakstelling.rules import apportion
from vervolghuisvesting.rules import add_months

from .accounts import Accounts, Party, Place
from .base import Seeder, counts_by_weight, insert, shuffled_labels
from .tables import (
    COMMENTS,
    DAYS_TO,
    END_REASONS,
    FORM_WEIGHTS,
    LETTERS,
    LOCATION_WITHDRAWALS,
    OWNERS,
    PROPERTY_TYPES,
    REJECTIONS,
    STAGE_WEIGHTS,
    STREETS,
    VISIT_RESULTS,
)

S = Stage


@dataclass
class Draft:
    """A location with the route of stages it took and the day it reached each."""

    location: Location
    place: Place
    offerer: Party
    route: list[str]
    days: list[date]
    moments: list[datetime]

    @property
    def reached(self) -> dict[str, date]:
        return dict(zip(self.route, self.days, strict=True))


def _places_per_location(seeder: Seeder, accounts: Accounts) -> list[Place]:
    """One gemeente per location, in proportion to inhabitants, in random order."""
    shares = apportion(seeder.options.locations, {p.code: p.inhabitants for p in accounts.places})
    by_code = {place.code: place for place in accounts.places}
    places = [by_code[code] for code, count in shares.items() for _ in range(count)]
    seeder.rng.shuffle(places)
    return places


def _route(seeder: Seeder, stage: str) -> list[str]:
    """The stages a location in `stage` passed through; every move is one of the table's."""
    pipeline, rng = list(workflow.PIPELINE), seeder.rng
    if stage == S.AANGEBODEN and rng.random() < 0.15:
        route = [S.AANGEBODEN, S.IN_BEOORDELING, S.AFGEWEZEN, S.AANGEBODEN]  # offered again
    elif stage in pipeline:
        route = pipeline[: pipeline.index(stage) + 1]
    elif stage == S.BEEINDIGD:
        route = [*pipeline, S.BEEINDIGD]
    elif stage == S.AFGEWEZEN:
        route = [*pipeline[: rng.choice((2, 3))], S.AFGEWEZEN]
    else:
        route = [*pipeline[: rng.randint(1, 5)], S.INGETROKKEN]
    for source, target in pairwise(route):
        if workflow.transition_get(source, target) is None:
            raise AssertionError(f"{source} -> {target} is not in locations/workflow.py")
    return route


def _last_day(seeder: Seeder, stage: str, window_start: date) -> date:
    today, rng = seeder.today, seeder.rng
    if stage == S.IN_GEBRUIK:
        # More openings lately than at the start: the programme grows.
        span = (today - window_start).days
        return today - timedelta(days=int(rng.triangular(14, span, 14 + (span - 14) * 0.3)))
    if stage == S.BEEINDIGD:
        return seeder.between(window_start + timedelta(days=200), today - timedelta(days=7))
    if stage in workflow.BEFORE_IN_USE:
        # Most move on within weeks; some stay long enough for a planned date to pass (stalled).
        return seeder.days_ago(0, 75) if rng.random() < 0.88 else seeder.days_ago(75, 240)
    return seeder.between(window_start, today - timedelta(days=3))


def _dates(seeder: Seeder, route: list[str], window_start: date) -> list[date]:
    """The day each stage of the route was reached, back from the last one."""
    days = [_last_day(seeder, route[-1], window_start)]
    for target in reversed(route[1:]):
        low, high = DAYS_TO[target]
        if target == S.BEEINDIGD:
            # Opened within the window, so that its youths are 15-21 today.
            high = max(low, min(high, (days[-1] - window_start).days))
        days.append(days[-1] - timedelta(days=seeder.rng.randint(low, high)))
    return list(reversed(days))


def _property(seeder: Seeder, place: Place, form: str, owner: str, checklist: Checklist) -> dict:
    """The property as offered, with a capacity inside the form's range and the rooms it needs."""
    rng = seeder.rng
    capacity = rng.randint(*checklist.capacity_ranges[form])
    sanitary = math.ceil(capacity / checklist.youths_per_sanitary_facility)
    return {
        "street": rng.choice(STREETS),
        "house_number": str(rng.randint(1, 240)),
        "postcode": f"{rng.randint(1000, 9999)} {rng.choice(LETTERS)}{rng.choice(LETTERS)}",
        "place": place.name,
        "gemeente_id": place.id,
        "property_type": seeder.pick(PROPERTY_TYPES[form]),
        "owner_type": owner,
        "intended_form": form,
        "proposed_capacity": capacity,
        "single_bedrooms": capacity if rng.random() < 0.9 else capacity + rng.choice((-1, 1, 2)),
        "smallest_bedroom_m2": Decimal(rng.randint(70, 140)) / 10,
        "has_living_room": rng.random() < 0.97,
        "living_room_m2": Decimal(rng.randint(200, 600)) / 10,
        "has_kitchen": True,
        "showers": sanitary,
        "toilets": sanitary + rng.choice((0, 0, 1)),
        "has_staff_room": form == KsoForm.KWG or rng.random() < 0.3,
        "isk_travel_minutes": rng.randint(5, 30) if rng.random() < 0.9 else rng.randint(31, 50),
        "isk_name": f"ISK {place.name}",
        "has_gp": rng.random() < 0.85,
    }


def _offerer(seeder: Seeder, accounts: Accounts, place: Place) -> tuple[Party, str]:
    """Mostly the gemeente itself, sometimes a woningcorporatie of the region; and the owner."""
    corporations = accounts.corporations.get(place.region, [])
    if corporations and seeder.rng.random() < 0.2:
        return seeder.rng.choice(corporations), OwnerType.WONINGCORPORATIE
    return accounts.gemeenten[place.id], seeder.pick(OWNERS)


def _partner(seeder: Seeder, accounts: Accounts, region: str) -> Party:
    """A contractpartner of the region; a few large ones run most locations."""
    partners = accounts.contractpartners[region]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(partners))]
    return seeder.rng.choices(partners, weights=weights)[0]


def _agree(seeder: Seeder, location: Location, checklist: Checklist) -> None:
    """The form and capacity agreed after a positive visit; now and then outside the form's
    range, which the PvE allows with a recorded reason (DESIGN.md §4.1)."""
    rng = seeder.rng
    form = location.intended_form if rng.random() < 0.9 else seeder.pick(FORM_WEIGHTS)
    low, high = checklist.capacity_ranges[form]
    capacity = min(max(location.proposed_capacity, low), high)
    if rng.random() < 0.05:
        capacity = high + 1
        location.capacity_deviation_reason = (
            "Afgesproken met de contractpartner: een extra kamer voor broers of zussen."
        )
    location.agreed_form, location.agreed_capacity = form, capacity


def _review(seeder: Seeder, draft: Draft, accounts: Accounts, checklist: Checklist) -> None:
    """What Nidos records on the way: the accountmanager, the visit and the agreement."""
    location, at, rng = draft.location, draft.reached, seeder.rng
    if S.IN_BEOORDELING in at:
        location.accountmanager = accounts.accountmanagers[draft.place.region].user
    if S.SCHOUW in at:
        location.contractpartner = _partner(seeder, accounts, draft.place.region).organisation
        later = [day for day in draft.days if day > at[S.SCHOUW]]
        visit = at[S.SCHOUW] + timedelta(days=rng.randint(3, 20))
        location.visit_on = min([visit, *(day - timedelta(days=1) for day in later)])
    if S.BESLUITVORMING in at:
        location.visit_result = rng.choice(VISIT_RESULTS)
        _agree(seeder, location, checklist)


def _prepared(seeder: Seeder, location: Location, checklist: Checklist) -> None:
    """What opening required (workflow.opening_blockers), done in time before the opening."""
    rng, opening = seeder.rng, location.opening_on
    if location.capacity > checklist.gebruiksmelding_above_sleepers or rng.random() < 0.2:
        weeks = checklist.gebruiksmelding_weeks_before
        filed = opening - timedelta(days=rng.randint(weeks * 7, weeks * 7 + 40))
        location.gebruiksmelding_filed_on = filed
    location.neighbourhood_informed_on = opening - timedelta(days=rng.randint(10, 60))
    location.furnishing_ready_on = opening - timedelta(days=rng.randint(1, 20))


def _preparing(seeder: Seeder, location: Location, since: date) -> None:
    """A location in voorbereiding has done some of what opening requires."""
    for name in ("gebruiksmelding_filed_on", "neighbourhood_informed_on", "furnishing_ready_on"):
        if seeder.rng.random() < 0.6:
            setattr(location, name, seeder.between(since, seeder.today))


def _decisions(seeder: Seeder, draft: Draft, checklist: Checklist) -> None:
    """The college decision, the preparation, the opening, the end and the reasons."""
    location, at, rng = draft.location, draft.reached, seeder.rng
    if S.VOORBEREIDING in at:
        # The college decision is the day the location reached voorbereiding (its actual date).
        location.college_decision_on = at[S.VOORBEREIDING]
        if location.available_until or rng.random() < 0.7:
            years = add_months(location.college_decision_on, 12 * rng.choice((5, 10)))
            location.term_of_use_until = location.available_until or years
    if S.IN_GEBRUIK in at:
        location.opening_on = at[S.IN_GEBRUIK]
        _prepared(seeder, location, checklist)
    elif draft.route[-1] == S.VOORBEREIDING:
        _preparing(seeder, location, at[S.VOORBEREIDING])
    if S.BEEINDIGD in at:
        location.ended_on, location.end_reason = at[S.BEEINDIGD], rng.choice(END_REASONS)
    if S.AFGEWEZEN in at:
        location.rejection_reason = rng.choice(REJECTIONS)
    if S.INGETROKKEN in at:
        location.withdrawal_reason = rng.choice(LOCATION_WITHDRAWALS)


def _draft(seeder, accounts, checklist, place: Place, stage: str, window_start: date) -> Draft:
    rng = seeder.rng
    route = _route(seeder, stage)
    days = _dates(seeder, route, window_start)
    offerer, owner = _offerer(seeder, accounts, place)
    data = _property(seeder, place, seeder.pick(FORM_WEIGHTS), owner, checklist)
    # Available by the opening at the latest.
    latest = dict(zip(route, days, strict=True)).get(S.IN_GEBRUIK, days[-1])
    available_from = min(days[0] + timedelta(days=rng.randint(0, 60)), latest)
    moments = [seeder.moment(day) for day in days]
    location = Location(
        **data,
        offered_by=offerer.organisation,
        available_from=available_from,
        available_until=add_months(available_from, 12 * rng.randint(2, 10))
        if rng.random() < 0.2
        else None,
        stage=route[-1],
        stage_changed_at=moments[-1],
        created_at=moments[0],
        updated_at=moments[-1],
    )
    draft = Draft(location, place, offerer, route, days, moments)
    _review(seeder, draft, accounts, checklist)
    _decisions(seeder, draft, checklist)
    return draft


def _actor(seeder: Seeder, draft: Draft, accounts: Accounts, by: frozenset[str]) -> Party:
    """Who made a move, as the stage table says (the offerer, Nidos or the gemeente)."""
    if workflow.OFFERER in by:
        return draft.offerer
    if NIDOS in by and (GEMEENTE not in by or seeder.rng.random() < 0.5):
        return accounts.accountmanagers[draft.place.region]
    return accounts.gemeenten[draft.place.id]


def _transitions(seeder: Seeder, drafts: list[Draft], accounts: Accounts) -> list:
    rows = []
    for draft in drafts:
        source = ""
        for target, day, moment in zip(draft.route, draft.days, draft.moments, strict=True):
            move = workflow.transition_get(source, target)
            by = move.by if move else frozenset({workflow.OFFERER})
            party = _actor(seeder, draft, accounts, by)
            comment = (
                "Opnieuw aangeboden: het vervoer naar de ISK is nu geregeld."
                if move and move.comment_required
                else ""
            )
            rows.append(
                StageTransition(location=draft.location, from_stage=source, to_stage=target,
                                by=party.user, organisation=party.organisation, at=moment,
                                happened_on=day, comment=comment)
            )  # fmt: skip
            source = target
    return rows


def _plans(seeder: Seeder, draft: Draft) -> list[StagePlan]:
    """A plan with its actual day for every stage reached; the stages ahead planned."""
    rng, plans = seeder.rng, {}
    for stage, day in draft.reached.items():
        planned = day + timedelta(days=rng.randint(-14, 21)) if stage in workflow.PIPELINE else None
        plans[stage] = StagePlan(
            location=draft.location, stage=stage, planned_on=planned, actual_on=day
        )
    current = draft.route[-1]
    if current in workflow.BEFORE_IN_USE:
        day = draft.days[-1]
        for stage in workflow.PIPELINE[workflow.PIPELINE.index(current) + 1 :]:
            day += timedelta(days=rng.randint(*DAYS_TO[stage]))
            plan = plans.setdefault(stage, StagePlan(location=draft.location, stage=stage))
            plan.planned_on = day
    return list(plans.values())


def _comments(seeder: Seeder, drafts: list[Draft], accounts: Accounts) -> list:
    rows = []
    for draft in drafts:
        if len(draft.route) < 2 or seeder.rng.random() > 0.3:
            continue
        party = seeder.rng.choice(
            [accounts.accountmanagers[draft.place.region], accounts.gemeenten[draft.place.id]]
        )
        day = seeder.between(draft.days[0], draft.days[-1])
        rows.append(
            LocationComment(location=draft.location, author=party.user,
                            organisation=party.organisation, body=seeder.rng.choice(COMMENTS),
                            created_at=seeder.moment(day))
        )  # fmt: skip
    return rows


def locations_seed(seeder: Seeder, accounts: Accounts, window_start: date) -> list[Draft]:
    checklist = checklist_from(current_checklist())
    places = _places_per_location(seeder, accounts)
    stages = shuffled_labels(seeder, counts_by_weight(len(places), STAGE_WEIGHTS))
    drafts = [
        _draft(seeder, accounts, checklist, place, stage, window_start)
        for place, stage in zip(places, stages, strict=True)
    ]
    seeder.progress("locaties", len(insert(Location, [draft.location for draft in drafts])))
    transitions = insert(StageTransition, _transitions(seeder, drafts, accounts))
    seeder.progress("faseovergangen", len(transitions))
    plans = insert(StagePlan, [plan for draft in drafts for plan in _plans(seeder, draft)])
    seeder.progress("planningen van fasen", len(plans))
    comments = insert(LocationComment, _comments(seeder, drafts, accounts))
    seeder.progress("opmerkingen bij locaties", len(comments))
    return drafts
