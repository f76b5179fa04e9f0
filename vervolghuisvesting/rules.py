"""Pure date and status rules of a youth's way through KSO (DESIGN.md §5).

One date rule everywhere: add whole months in one step and, when the day does not exist in the
target month, take that month's last day (born 31 August 2008 -> keuzemoment 28 February 2026).
"""

import calendar
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

KEUZEMOMENT_MONTHS = 17 * 12 + 6
MEERDERJARIG_MONTHS = 18 * 12
EINDE_VERLENGDE_OPVANG_MONTHS = 21 * 12
# A housing request is submitted from 17 on; earlier only by Nidos, with a reason (issue 17).
HOUSING_REQUEST_FROM_MONTHS = 17 * 12

# Placements outside this age ask for a confirmation with a reason; below the refused limit or
# from the upper one they are refused (issue 5).
USUAL_AGE = (15, 18)
REFUSED_BELOW_AGE = 12
REFUSED_FROM_AGE = 21

# Pseudonyms use characters that cannot be mistaken for one another (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
PSEUDONYM_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
PSEUDONYM_LENGTH = 6
# A pseudonym as it appears in any text (the database holds the same rule as a constraint).
PSEUDONYM_PATTERN = rf"J-[{PSEUDONYM_ALPHABET}]{{{PSEUDONYM_LENGTH}}}"


def add_months(day: date, months: int) -> date:
    """`day` plus a whole number of months; a day past the month's end becomes its last day."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


@dataclass(frozen=True)
class Milestones:
    keuzemoment: date
    meerderjarig: date
    einde_verlengde_opvang: date


def milestones(birth_date: date) -> Milestones:
    """The three dates that steer a youth's way out of KSO, from the date of birth."""
    return Milestones(
        keuzemoment=add_months(birth_date, KEUZEMOMENT_MONTHS),
        meerderjarig=add_months(birth_date, MEERDERJARIG_MONTHS),
        einde_verlengde_opvang=add_months(birth_date, EINDE_VERLENGDE_OPVANG_MONTHS),
    )


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on `day`, with the same month-end rule (a 29 February birthday is
    reached on 28 February in other years)."""
    years = day.year - birth_date.year
    return years if add_months(birth_date, years * 12) <= day else years - 1


class AgeCheck(StrEnum):
    OK = "ok"
    CONFIRM = "confirm"
    REFUSED = "refused"


def placement_age_check(birth_date: date, start_on: date) -> AgeCheck:
    """Whether a youth of this age may be placed: as usual, with a reason, or not at all."""
    age = age_on(birth_date, start_on)
    if age < REFUSED_BELOW_AGE or age >= REFUSED_FROM_AGE:
        return AgeCheck.REFUSED
    if USUAL_AGE[0] <= age < USUAL_AGE[1]:
        return AgeCheck.OK
    return AgeCheck.CONFIRM


class YouthStatus(StrEnum):
    KSO = "kso"
    VERLENGDE_OPVANG = "verlengde_opvang"
    OVER_21 = "over_21"
    UITGESTROOMD = "uitgestroomd"


def youth_status(
    *, birth_date: date, on: date, is_placed: bool, left_to_outside_kso: bool
) -> YouthStatus:
    """`kso` before 18, `verlengde_opvang` from 18 to 21 while placed, `over_21` from 21 while
    still placed (Verlengde Opvang has ended: a signal to Nidos, issue 17), `uitgestroomd` once
    the last placement ended towards a destination outside KSO."""
    if not is_placed and left_to_outside_kso:
        return YouthStatus.UITGESTROOMD
    marks = milestones(birth_date)
    if on < marks.meerderjarig:
        return YouthStatus.KSO
    if not is_placed:
        return YouthStatus.UITGESTROOMD
    if on < marks.einde_verlengde_opvang:
        return YouthStatus.VERLENGDE_OPVANG
    return YouthStatus.OVER_21


class VerlengdeOpvangGroup(StrEnum):
    UIT_KEUZE = "uit_keuze"
    WACHT_OP_WOONRUIMTE = "wacht_op_woonruimte"
    ZONDER_AANVRAAG = "zonder_aanvraag"


def verlengde_opvang_group(*, choice: str, has_open_request: bool) -> VerlengdeOpvangGroup:
    """Why a youth in Verlengde Opvang is there: waiting for housing while a request runs (the
    gemeente's term is running or exceeded), by choice (chose Verlengde Opvang, no request), or
    neither yet (chose zelfstandig wonen or not yet known, and no request: the submitter's
    turn)."""
    if has_open_request:
        return VerlengdeOpvangGroup.WACHT_OP_WOONRUIMTE
    if choice == "verlengde_opvang":
        return VerlengdeOpvangGroup.UIT_KEUZE
    return VerlengdeOpvangGroup.ZONDER_AANVRAAG


# The keuzegesprek is due from this many days before the keuzemoment (DESIGN.md §7).
KEUZEGESPREK_NOTICE_DAYS = 60
# After the keuzemoment, an overdue keuzegesprek is reminded of every this many days.
KEUZEGESPREK_REPEAT_DAYS = 7


def keuzegesprek_threshold(keuzemoment: date, today: date) -> tuple[str, date]:
    """The latest reminder of a keuzegesprek not yet held, as (threshold, the day it was due):
    60 days before the keuzemoment, on the day itself, then every week after it until the
    conversation is recorded (issue 17). In the first week after the day the day's reminder is
    the latest, so a run after a missed day still sends it; a youth placed after the keuzemoment
    gets the latest week's at once."""
    if today < keuzemoment:
        return "60d", keuzemoment - timedelta(days=KEUZEGESPREK_NOTICE_DAYS)
    weeks = (today - keuzemoment).days // KEUZEGESPREK_REPEAT_DAYS
    if weeks == 0:
        return "dag", keuzemoment
    return f"{weeks}w", keuzemoment + timedelta(days=weeks * KEUZEGESPREK_REPEAT_DAYS)


def is_placed_on(started_on: date, ended_on: date | None, day: date) -> bool:
    """A placement counts on `day` from the day it started up to, not including, the day it
    ended (`selectors.active_on` is the same rule in SQL)."""
    return started_on <= day and (ended_on is None or ended_on > day)


def peak_occupancy(
    stays: Sequence[tuple[date, date | None]], since: date, until: date
) -> tuple[int, date]:
    """The most placements that count on one day from `since` to `until`, and the first such
    day. The number only rises on a day a placement starts, so `since` and the start days
    after it are the days to count: a placement backdated into a full week is seen there."""
    days = sorted({since} | {start for start, _end in stays if since < start <= until})
    counts = [(sum(is_placed_on(s, e, day) for s, e in stays), day) for day in days]
    return max(counts, key=lambda count: (count[0], -count[1].toordinal()))


def new_pseudonym() -> str:
    """A random pseudonym like J-7K3M9Q; the caller makes sure it is not taken yet."""
    body = "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(PSEUDONYM_LENGTH))
    return f"J-{body}"


def month_starts(first: date, count: int) -> list[date]:
    """The first days of `count` months from the month of `first`."""
    start = first.replace(day=1)
    return [add_months(start, number) for number in range(count)]


# The published housing term (DESIGN.md §6): (valid for submissions from, term in months). The
# database table TermPolicy is first filled from it; the beheerder adds rows when the rule changes.
DEFAULT_TERM_POLICY: tuple[tuple[date, int], ...] = (
    (date(2000, 1, 1), 6),
    (date(2025, 1, 1), 12),
)


def term_months_for(submitted_on: date, policy=DEFAULT_TERM_POLICY) -> int:
    """The term of the policy row in force on the submission date."""
    applicable = [months for valid_from, months in sorted(policy) if valid_from <= submitted_on]
    if not applicable:
        raise ValueError(f"no housing term policy applies on {submitted_on}")
    return applicable[-1]


def housing_deadline(submitted_on: date, policy=DEFAULT_TERM_POLICY) -> tuple[int, date]:
    """(term in months, deadline): the deadline is the submission date plus the term, with the
    one month-end rule of add_months."""
    months = term_months_for(submitted_on, policy)
    return months, add_months(submitted_on, months)


class HousingBucket(StrEnum):
    OVERSCHREDEN = "overschreden"
    BINNEN_30 = "binnen_30"
    BINNEN_90 = "binnen_90"
    OP_SCHEMA = "op_schema"
    AFGEROND = "afgerond"


def housing_bucket(*, deadline: date, today: date, has_outcome: bool) -> HousingBucket:
    """Where a request stands: overdue from the day after its deadline while it has no outcome."""
    if has_outcome:
        return HousingBucket.AFGEROND
    days_left = (deadline - today).days
    if days_left < 0:
        return HousingBucket.OVERSCHREDEN
    if days_left <= 30:
        return HousingBucket.BINNEN_30
    if days_left <= 90:
        return HousingBucket.BINNEN_90
    return HousingBucket.OP_SCHEMA
