"""Pure rules of the taakstelling (DESIGN.md section 8): no database, no Django.

Three parts:

- `apportion`: estimate per-gemeente targets from a national total by the largest-remainder
  method, naar rato van het inwonersaantal (the *schatting*).
- Half-year periods: `2026-I` is 1 January - 30 June 2026, `2026-II` is 1 July - 31 December 2026.
- Carry-over: effective target = target + previous period's balance; balance = effective target -
  realised (positive: achterstand, negative: voorsprong).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

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
# Carry-over
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


class Status(StrEnum):
    ACHTER = "achter"
    OP_KOERS = "op_koers"
    VOOR = "voor"


def status(balance: int) -> str:
    """Where a balance stands: "achter" (achterstand, > 0), "op_koers" (0), "voor" (voorsprong)."""
    if balance > 0:
        return Status.ACHTER
    if balance == 0:
        return Status.OP_KOERS
    return Status.VOOR
