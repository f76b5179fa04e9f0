"""The stays behind the youths of the national data set.

Every place (bed) of a location in use, from its opening, is filled by one stay after another,
so that occupancy never exceeds the capacity on any day. Some youths move to another location of
the same contractpartner, the way `placement_move` does it: the one stay ends the day the next
begins. Each chain of stays is one youth's career in KSO.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from locations.constants import Stage
from vervolghuisvesting.constants import Destination
from vervolghuisvesting.models import Placement, Youth

from .accounts import Accounts, Party
from .base import ScaleError, Seeder
from .locations import Draft

# Stays are drawn around a mean chosen so that there are more youths than asked; the surplus of
# youths who already left is dropped. More room here means fewer retries.
SURPLUS = 1.25
MIN_STAY_DAYS = 30
MAX_STAY_DAYS = 4 * 365
# A youth's whole time in KSO stays under this, so that a date of birth fits the age limits.
MAX_CAREER_DAYS = 5 * 365
MOVE_SHARE = 0.07
# Share of ordinary (not long) stays, and the mean of the mixture (_stay_factor).
ORDINARY_STAY_SHARE = 0.75
STAY_FACTOR_MEAN = 0.75 * 0.75 + 0.25 * 2.9


@dataclass(eq=False)
class Stay:
    location: object
    partner: Party
    start: date
    end: date | None
    destination: str = ""
    before: "Stay | None" = None
    after: "Stay | None" = None


@dataclass(eq=False)
class Career:
    """One youth's stays in KSO, oldest first."""

    stays: list[Stay]
    youth: Youth | None = None
    placements: list[Placement] = field(default_factory=list)

    @property
    def first(self) -> Stay:
        return self.stays[0]

    @property
    def last(self) -> Stay:
        return self.stays[-1]

    @property
    def is_placed(self) -> bool:
        return self.last.end is None


def _span(draft: Draft, today: date) -> tuple[date, date] | None:
    """The days a location took youths: from the opening to its end, or to today."""
    location = draft.location
    if location.stage not in (Stage.IN_GEBRUIK, Stage.BEEINDIGD):
        return None
    return location.opening_on, location.ended_on or today


def partners_by_organisation(accounts: Accounts) -> dict[int, Party]:
    return {p.organisation.pk: p for ps in accounts.contractpartners.values() for p in ps}


def _stay_factor(seeder: Seeder) -> float:
    """A stay's length as a share of the mean: most stay a year or so and leave around 18, a
    quarter stay years (into Verlengde Opvang); the mean of the mixture is 1."""
    rng = seeder.rng
    factor = rng.uniform(0.3, 1.2) if rng.random() < ORDINARY_STAY_SHARE else rng.uniform(1.8, 4.0)
    return factor / STAY_FACTOR_MEAN


def _slot(seeder: Seeder, draft: Draft, partner: Party, cycle: float, span) -> list[Stay]:
    """The stays of one place, one after the other, with a few days empty between them."""
    rng, (opening, closing) = seeder.rng, span
    stays, day = [], opening + timedelta(days=rng.randint(0, 45))  # filling up takes weeks
    while day < closing:
        length = int(_stay_factor(seeder) * cycle * 0.93)
        end = day + timedelta(days=min(max(length, MIN_STAY_DAYS), MAX_STAY_DAYS))
        if end >= closing:
            # Still there today; a location that closed saw its youths leave that day.
            end = closing if draft.location.ended_on else None
        stays.append(Stay(draft.location, partner, day, end))
        if end is None:
            break
        day = end + timedelta(days=rng.randint(0, max(1, int(cycle * 0.14))))
    return stays


def _stays(seeder: Seeder, drafts: list[Draft], partners: dict[int, Party], cycle: float):
    stays = []
    for draft in drafts:
        span = _span(draft, seeder.today)
        if span is None:
            continue
        partner = partners[draft.location.contractpartner.pk]
        for _place in range(draft.location.capacity):
            stays += _slot(seeder, draft, partner, cycle, span)
    return stays


def _head(stay: Stay) -> Stay:
    while stay.before is not None:
        stay = stay.before
    return stay


def _tail(stay: Stay) -> Stay:
    while stay.after is not None:
        stay = stay.after
    return stay


def _can_move(leaving: Stay, arriving: Stay, today: date) -> bool:
    if arriving.before is not None or arriving.location is leaving.location:
        return False
    if arriving.end is not None and arriving.end <= leaving.end:
        return False
    head = _head(leaving)
    if head is arriving:
        return False
    last = _tail(arriving).end or today
    return (last - head.start).days <= MAX_CAREER_DAYS


def _link_moves(seeder: Seeder, stays: list[Stay]) -> list[Stay]:
    """Some youths move to another location of their contractpartner: the stay they leave ends
    the day the next starts (placement_move), with destination andere KSO-locatie."""
    groups: dict[int, list[Stay]] = {}
    for stay in stays:
        groups.setdefault(stay.partner.organisation.pk, []).append(stay)
    for group in groups.values():
        group.sort(key=lambda stay: stay.start)
        starts = [stay.start for stay in group]
        for leaving in group:
            if leaving.end is None or seeder.rng.random() > MOVE_SHARE:
                continue
            low = bisect_left(starts, leaving.end - timedelta(days=60))
            high = bisect_right(starts, leaving.end)
            arriving = next(
                (s for s in group[low:high] if _can_move(leaving, s, seeder.today)), None
            )
            if arriving is not None:
                arriving.start = leaving.end
                leaving.after, arriving.before = arriving, leaving
                leaving.destination = Destination.ANDERE_KSO
    return stays


def _careers(stays: list[Stay]) -> list[Career]:
    careers = []
    for stay in stays:
        if stay.before is None:
            chain = [stay]
            while chain[-1].after is not None:
                chain.append(chain[-1].after)
            careers.append(Career(chain))
    return careers


def _trim(seeder: Seeder, careers: list[Career], wanted: int) -> list[Career]:
    """Drop the surplus, youths who already left first: the places in use stay occupied."""
    surplus = len(careers) - wanted
    left = [number for number, career in enumerate(careers) if not career.is_placed]
    placed = [number for number, career in enumerate(careers) if career.is_placed]
    dropped = set(seeder.rng.sample(left, min(surplus, len(left))))
    if surplus > len(left):
        dropped |= set(seeder.rng.sample(placed, surplus - len(left)))
    return [career for number, career in enumerate(careers) if number not in dropped]


def careers_fit(seeder: Seeder, drafts: list[Draft], accounts: Accounts) -> list[Career]:
    """Exactly as many youths as asked: stays are drawn shorter until there are enough."""
    wanted = seeder.options.youths
    spans = [(d, _span(d, seeder.today)) for d in drafts]
    place_days = sum(d.location.capacity * (s[1] - s[0]).days for d, s in spans if s)
    if wanted == 0:
        return []
    cycle = place_days / (wanted * SURPLUS)
    partners = partners_by_organisation(accounts)
    for _attempt in range(6):
        careers = _careers(_link_moves(seeder, _stays(seeder, drafts, partners, cycle)))
        if len(careers) >= wanted:
            return _trim(seeder, careers, wanted)
        cycle *= len(careers) / wanted * 0.9
    raise ScaleError(
        f"{wanted} jongeren passen niet in de plaatsen van de locaties in gebruik; "
        f"kies meer locaties (--locations) of minder jongeren (--youths)."
    )
