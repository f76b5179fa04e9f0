"""The youths of the national data set and their placements, on the stays of `stays.py`.

A date of birth is chosen that keeps each youth 15-18 at the first placement, under 21 while
placed and 15-21 today; the choice and the keuzegesprek follow from the milestones of
`vervolghuisvesting.rules`, and the destination of the last stay from the age at leaving.
"""

from datetime import date, timedelta

from locations.constants import Stage
from vervolghuisvesting.constants import Choice, Destination
from vervolghuisvesting.models import OccupancyConfirmation, Placement, Youth
from vervolghuisvesting.rules import (
    PSEUDONYM_ALPHABET,
    PSEUDONYM_LENGTH,
    add_months,
    age_on,
    milestones,
)

from .accounts import Accounts
from .base import Seeder, insert
from .locations import Draft
from .stays import Career, careers_fit, partners_by_organisation


def _months(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _birth(seeder: Seeder, career: Career) -> date:
    """15 to 18 at the first placement (no age reason needed), under 21 while placed, and 15
    to 21 today; most arrive at 16 or 17."""
    first, today = career.first.start, seeder.today
    served = _months(first, career.last.end or today) + 1
    since = _months(first, today) + 1
    low = 15 * 12
    # One month to spare for the days subtracted below.
    high = max(low, min(18 * 12, 21 * 12 - served, 22 * 12 - since) - 1)
    rng = seeder.rng
    if career.is_placed:
        months = round(rng.triangular(low, high, min(high, 17 * 12)))
    else:
        # Most who left did so just before 18 (zelfstandig wonen), others in Verlengde Opvang.
        left_at = (17 * 12 + 8, 17 * 12 + 10) if rng.random() < 0.6 else (18 * 12, 20 * 12 + 6)
        months = min(max(rng.randint(*left_at) - served, low), high)
    return add_months(first, -months) - timedelta(days=seeder.rng.randint(0, 25))


def _choice(seeder: Seeder, youth: Youth, career: Career) -> None:
    """The keuzegesprek before the keuzemoment and its choice: Verlengde Opvang for whoever
    stayed past 18; not every youth near the keuzemoment has had the conversation yet."""
    rng, today = seeder.rng, seeder.today
    marks = milestones(youth.birth_on)
    last = career.last.end or today
    if last > marks.meerderjarig:
        youth.choice = Choice.VERLENGDE_OPVANG
    elif last >= marks.keuzemoment - timedelta(days=60):
        upcoming = marks.keuzemoment > today
        if rng.random() > (0.4 if upcoming else 0.93):
            return
        stays_on = career.is_placed and rng.random() < 0.3
        youth.choice = Choice.VERLENGDE_OPVANG if stays_on else Choice.ZELFSTANDIG_WONEN
    else:
        return
    opens = max(career.first.start, marks.keuzemoment - timedelta(days=75))
    closes = min(today, marks.meerderjarig, last)
    if opens > closes:
        youth.choice = Choice.NOG_NIET_BEKEND
        return
    youth.conversation_on = seeder.between(opens, closes)


def _destination(seeder: Seeder, youth: Youth, left_on: date) -> str:
    """Where a youth went who left KSO: mostly vervolghuisvesting once near 18."""
    if youth.choice != Choice.NOG_NIET_BEKEND or age_on(youth.birth_on, left_on) >= 18:
        weights = {Destination.VERVOLGHUISVESTING: 82, Destination.GEZINSHERENIGING: 6,
                   Destination.ANDERS: 12}  # fmt: skip
    else:
        weights = {Destination.GEZINSHERENIGING: 40, Destination.ANDERS: 40,
                   Destination.VERVOLGHUISVESTING: 20}  # fmt: skip
    return seeder.pick(weights)


def _pseudonyms(seeder: Seeder, count: int) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        body = "".join(seeder.rng.choice(PSEUDONYM_ALPHABET) for _ in range(PSEUDONYM_LENGTH))
        seen.add(f"J-{body}")
    pseudonyms = sorted(seen)  # a set's order differs between processes
    seeder.rng.shuffle(pseudonyms)
    return pseudonyms


def _youth(seeder: Seeder, career: Career, pseudonym: str) -> Youth:
    first = career.first.start
    youth = Youth(pseudonym=pseudonym, birth_on=_birth(seeder, career))
    if seeder.rng.random() < 0.9:
        youth.nidos_dossier_number = f"N-{first.year}-{seeder.rng.randint(1, 9999):04d}"
    _choice(seeder, youth, career)
    if not career.is_placed:
        career.last.destination = _destination(seeder, youth, career.last.end)
        if career.last.destination == Destination.GEZINSHERENIGING:
            youth.expected_family_size = seeder.rng.randint(2, 6)
    changes = [first, youth.conversation_on or first, career.last.end or first]
    youth.created_at, youth.updated_at = seeder.moment(first), seeder.moment(max(changes))
    return youth


def _placements(seeder: Seeder, careers: list[Career]) -> list[Placement]:
    rows = []
    for career in careers:
        for stay in career.stays:
            placement = Placement(
                youth=career.youth, location=stay.location, started_on=stay.start,
                ended_on=stay.end, destination=stay.destination, created_by=stay.partner.user,
                organisation=stay.partner.organisation, created_at=seeder.moment(stay.start),
                updated_at=seeder.moment(stay.end or stay.start),
            )  # fmt: skip
            career.placements.append(placement)
            rows.append(placement)
    return rows


def _confirmations(seeder: Seeder, drafts: list[Draft], accounts: Accounts) -> list:
    """Most contractpartners confirmed their occupancy this month; some not for a long time, so
    that the lists mark them."""
    partners, rows = partners_by_organisation(accounts), []
    for draft in drafts:
        if draft.location.stage != Stage.IN_GEBRUIK:
            continue
        chance = seeder.rng.random()
        if chance > 0.9:
            continue
        day = seeder.days_ago(0, 29) if chance < 0.7 else seeder.days_ago(31, 150)
        partner = partners[draft.location.contractpartner.pk]
        rows.append(
            OccupancyConfirmation(location=draft.location, confirmed_by=partner.user,
                                  organisation=partner.organisation,
                                  confirmed_at=seeder.moment(max(day, draft.location.opening_on)))
        )  # fmt: skip
    return rows


def youths_seed(seeder: Seeder, drafts: list[Draft], accounts: Accounts) -> list[Career]:
    careers = careers_fit(seeder, drafts, accounts)
    pseudonyms = _pseudonyms(seeder, len(careers))
    for career, pseudonym in zip(careers, pseudonyms, strict=True):
        career.youth = _youth(seeder, career, pseudonym)
    seeder.progress("jongeren", len(insert(Youth, [career.youth for career in careers])))
    placements = insert(Placement, _placements(seeder, careers))
    seeder.progress("plaatsingen", len(placements))
    confirmations = insert(OccupancyConfirmation, _confirmations(seeder, drafts, accounts))
    seeder.progress("bevestigingen van de bezetting", len(confirmations))
    return careers
