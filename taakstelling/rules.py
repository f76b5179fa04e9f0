"""Pure rules of the taakstelling (DESIGN.md section 8): no database, no Django.

- `apportion`: estimate per-gemeente targets from a national total by the largest-remainder
  method, naar rato van het inwonersaantal (the *schatting*).
- Half-year periods: `2026-I` is 1 January - 30 June 2026, `2026-II` is 1 July - 31 December 2026.
- Two taakstellingen, kept apart:
  * KSO places are a *stock*: realised = the places in use on the period's last day (today for
    the running period); gap = target - realised; nothing is carried over (`places_gap`).
  * Huisvesting vergunninghouders is a *flow*: effective target = target + previous period's
    balance; balance = effective target - housed (positive: achterstand, negative: voorsprong)
    (`carry_over`, `housing_account`). Housed = the COA/TVS count, or until it is imported,
    *voorlopig*, the amv's counted early (`counted_early`).
"""

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vervolghuisvesting.rules import milestones

# --------------------------------------------------------------------------------------------
# Apportionment
# --------------------------------------------------------------------------------------------


def apportion(total: int, populations: Mapping[str, int]) -> dict[str, int]:
    """Split `total` over CBS codes in proportion to their populations; the parts add up to it.

    Largest-remainder method, in exact integer arithmetic (never floats): each code first gets
    the floor of its exact share, `total * population // sum_population`; the units still
    missing go one each to the codes with the largest fractional remainders
    (`total * population % sum_population`; all remainders share that denominator, so comparing
    the integers compares the fractions). Ties go to the larger population, then to the lower
    CBS code in string order ("GM0014" before "GM0034").

    So every part is the floor of its exact share or one more, and a code whose exact share is
    a whole number gets exactly that.

    A gemeente with population 0 always gets 0. Its floor and its remainder are both 0, and it
    can never win a leftover unit through the tie rule: the k leftover units equal
    sum(remainders) / sum_population, and as every remainder is below sum_population there
    are always at least k + 1 codes with a positive remainder, which all rank above it.

    Raises ValueError when total is negative, populations is empty, a population is negative,
    or all populations are 0.
    """
    if total < 0:
        raise ValueError(f"Het totaal mag niet negatief zijn (kreeg {total}).")
    if not populations:
        raise ValueError("Er zijn geen gemeenten om over te verdelen.")
    negative = sorted(code for code, pop in populations.items() if pop < 0)
    if negative:
        raise ValueError(f"Negatief inwonersaantal voor: {', '.join(negative)}.")
    sum_pop = sum(populations.values())
    if sum_pop == 0:
        raise ValueError("Het totale inwonersaantal is 0; er valt niets naar rato te verdelen.")

    parts: dict[str, int] = {}
    remainders: dict[str, int] = {}
    for code, pop in populations.items():
        parts[code], remainders[code] = divmod(total * pop, sum_pop)

    leftover = total - sum(parts.values())
    ranked = sorted(populations, key=lambda code: (-remainders[code], -populations[code], code))
    for code in ranked[:leftover]:
        parts[code] += 1
    return parts


# --------------------------------------------------------------------------------------------
# Half-year periods
# --------------------------------------------------------------------------------------------

_HALVES = {1: "I", 2: "II"}
_PERIOD_RE = re.compile(r"([0-9]{4})-(I|II)")


def _check_period(year: int, half: int) -> None:
    if not 1 <= year <= 9999:
        raise ValueError(f"Ongeldig jaar {year}: het jaar moet tussen 1 en 9999 liggen.")
    if half not in _HALVES:
        raise ValueError(f"Ongeldig halfjaar {half}: kies 1 (januari-juni) of 2 (juli-december).")


def period_code(year: int, half: int) -> str:
    """The code of a half-year: (2026, 1) -> "2026-I", (2026, 2) -> "2026-II"."""
    _check_period(year, half)
    return f"{year:04d}-{_HALVES[half]}"


def parse_period(code: str) -> tuple[int, int]:
    """The (year, half) of a period code: "2026-I" -> (2026, 1), "2026-II" -> (2026, 2)."""
    match = _PERIOD_RE.fullmatch(code) if isinstance(code, str) else None
    if match is None or int(match.group(1)) == 0:
        raise ValueError(
            f"Ongeldige periode {code!r}: gebruik jaar-I of jaar-II, bijvoorbeeld 2026-I."
        )
    return int(match.group(1)), 1 if match.group(2) == "I" else 2


def period_bounds(year: int, half: int) -> tuple[date, date]:
    """First and last day of a half-year, both inclusive."""
    _check_period(year, half)
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 7, 1), date(year, 12, 31)


def period_of(day: date) -> tuple[int, int]:
    """The (year, half) that contains `day`."""
    return day.year, 1 if day.month <= 6 else 2


def previous_period(year: int, half: int) -> tuple[int, int]:
    """The half-year before: (2026, 2) -> (2026, 1), (2026, 1) -> (2025, 2)."""
    _check_period(year, half)
    if half == 2:
        return year, 1
    _check_period(year - 1, 2)
    return year - 1, 2


# --------------------------------------------------------------------------------------------
# KSO places: a stock
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A location as the stock counts it: whether it ever opened (in use or ended since), from
    and until when, and its places (the agreed capacity, else the proposed one)."""

    has_opened: bool
    opening_on: date | None
    ended_on: date | None
    places: int


def places_in_use(sites: Iterable[Site], day: date) -> int:
    """The places realised on `day`: those of locations opened on or before it and not ended by
    then. (`locations.selectors.in_use_on` is the same rule in SQL.)"""
    return sum(
        site.places
        for site in sites
        if site.has_opened
        and site.opening_on is not None
        and site.opening_on <= day
        and (site.ended_on is None or site.ended_on > day)
    )


def places_gap(target: int | None, realised: int) -> int | None:
    """KSO places still to realise: the letter's number minus the places in use, nothing carried
    in (each letter states the full number). Negative: more places than asked. None without a
    target."""
    return None if target is None else target - realised


class PlacesStatus(StrEnum):
    TEKORT = "tekort"
    GEHAALD = "gehaald"
    MEER = "meer"


def places_status(gap: int | None) -> str | None:
    """ "tekort" (places still to realise), "gehaald" (exactly), "meer" (more than asked), or
    None without a target."""
    if gap is None:
        return None
    if gap > 0:
        return PlacesStatus.TEKORT
    return PlacesStatus.GEHAALD if gap == 0 else PlacesStatus.MEER


# --------------------------------------------------------------------------------------------
# Huisvesting vergunninghouders: a flow with carry-over
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Balance:
    """One period of a gemeente's running account."""

    target: int
    carried_in: int  # the previous period's balance; 0 for the first period
    effective_target: int  # target + carried_in
    realised: int
    balance: int  # effective_target - realised: positive achterstand, negative voorsprong


def carry_over(periods: Sequence[tuple[int, int]]) -> list[Balance]:
    """Run the balance through consecutive periods, given (target, realised) in period order.

    The first period carries in 0. A negative balance (voorsprong) lowers the next effective
    target, which may then itself be negative. Raises ValueError for a negative target or
    realisation.
    """
    result: list[Balance] = []
    carried_in = 0
    for index, (target, realised) in enumerate(periods):
        if target < 0 or realised < 0:
            raise ValueError(
                f"Periode {index + 1}: taakstelling en realisatie mogen niet negatief zijn "
                f"(kreeg {target} en {realised})."
            )
        effective_target = target + carried_in
        balance = effective_target - realised
        result.append(Balance(target, carried_in, effective_target, realised, balance))
        carried_in = balance
    return result


def counts_early(birth_on: date, first_started_on: date) -> bool:
    """Whether a youth's first KSO placement counts early: only when it started before 18."""
    return first_started_on < milestones(birth_on).meerderjarig


def counted_early[K](
    youths: Iterable[tuple[date, Sequence[tuple[Hashable, date]]]],
    periods: Mapping[K, tuple[date, date]],
) -> dict[tuple[Hashable, K], int]:
    """amv's counted early: per (gemeente, period) the youths whose first KSO placement started
    in that period (first and last day inclusive) in that gemeente, as a minor. Each youth is
    (date of birth, placements as (gemeente, start) in the order recorded); the first placement
    is the earliest start, the first recorded of a day. Later moves never count again.
    (`vervolghuisvesting.selectors.counted_early` is the same rule in SQL.)"""
    counts: dict[tuple[Hashable, K], int] = defaultdict(int)
    for birth_on, placements in youths:
        if not placements:
            continue
        gemeente, started_on = min(placements, key=lambda placement: placement[1])
        if not counts_early(birth_on, started_on):
            continue
        for key, (first, last) in periods.items():
            if first <= started_on <= last:
                counts[(gemeente, key)] += 1
    return dict(counts)


@dataclass(frozen=True)
class Housed:
    """The persons housed in a period: the COA/TVS count (official) or, until it is imported,
    the amv's counted early (voorlopig)."""

    number: int
    is_official: bool


def housed(tvs: int | None, counted_early: int) -> Housed:
    if tvs is not None:
        return Housed(tvs, True)
    return Housed(counted_early, False)


@dataclass(frozen=True)
class HousingBalance:
    """A period of the account of the taakstelling huisvesting vergunninghouders."""

    balance: Balance  # its `realised` is the number housed
    housed: Housed
    # The balance rests on an amv count instead of a COA/TVS count, in this period or in one
    # whose balance was carried in: voorlopig.
    is_provisional: bool


def housing_account(
    periods: Sequence[tuple[int | None, int | None, int]],
) -> list[HousingBalance | None]:
    """The account of the taakstelling huisvesting vergunninghouders, given per period in order
    (target, COA/TVS count or None, amv's counted early). It opens at the first period with a
    target (None before); a later period without one has target 0. Raises ValueError for
    negative figures."""
    opens = next((i for i, (target, _, _) in enumerate(periods) if target is not None), None)
    if opens is None:
        return [None] * len(periods)
    counts = [housed(tvs, early) for _, tvs, early in periods[opens:]]
    balances = carry_over(
        [
            (target or 0, count.number)
            for (target, _, _), count in zip(periods[opens:], counts, strict=True)
        ]
    )
    result: list[HousingBalance | None] = [None] * opens
    provisional = False
    for balance, count in zip(balances, counts, strict=True):
        provisional = provisional or not count.is_official
        result.append(HousingBalance(balance, count, provisional))
    return result


class HousingStatus(StrEnum):
    ACHTER = "achter"
    OP_KOERS = "op_koers"
    VOOR = "voor"


def housing_status(balance: int) -> str:
    """Where a balance stands: "achter" (achterstand, > 0), "op_koers" (0), "voor" (voorsprong)."""
    if balance > 0:
        return HousingStatus.ACHTER
    if balance == 0:
        return HousingStatus.OP_KOERS
    return HousingStatus.VOOR
