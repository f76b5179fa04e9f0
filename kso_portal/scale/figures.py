"""The taakstelling of the national data set: half-year periods up to the next one, and per period
an official import of each kind of figure for every gemeente, applied as the beheerder would.

The national totals follow the data set (the places in use at the end of each period, give or
take), apportioned by inhabitants with `taakstelling.rules.apportion`, like the ministry's
letters. The COA/TVS count is the portal's own count of amv's placed for the first time, with a
few differences for the period table to flag.
"""

from datetime import date, timedelta

from locations.constants import Stage
from taakstelling.constants import FigureKind, ImportState, Source
from taakstelling.models import Period, Quota, QuotaImport
from taakstelling.rules import apportion, period_bounds, period_code, period_of, previous_period

from .accounts import Accounts
from .base import Seeder, insert
from .locations import Draft
from .stays import Career

# National totals of the taakstelling huisvesting vergunninghouders per half year, roughly as
# in the ministry's letters of recent years.
VERGUNNINGHOUDERS = (17_000, 24_000)
TVS_DIFFERS_SHARE = 0.06


def period_list(today: date, count: int) -> list[tuple[int, int]]:
    """The running half year, those before it and, from two periods, the next one (its letter
    arrives before it starts)."""
    year, half = period_of(today)
    periods = [(year, half)]
    if count >= 2:
        periods.append((year, 2) if half == 1 else (year + 1, 1))
    while len(periods) < count:
        periods.insert(0, previous_period(*periods[0]))
    return periods


def _periods(seeder: Seeder) -> list[Period]:
    rows = []
    for year, half in period_list(seeder.today, seeder.options.periods):
        starts_on, ends_on = period_bounds(year, half)
        code = period_code(year, half)
        rows.append(Period(code=code, year=year, half=half, starts_on=starts_on, ends_on=ends_on))
    return insert(Period, rows)


def _places_in_use(drafts: list[Draft], day: date) -> int:
    """The places counted as realised on `day` (locations.selectors.in_use_on)."""
    return sum(
        d.location.capacity
        for d in drafts
        if d.location.stage in (Stage.IN_GEBRUIK, Stage.BEEINDIGD)
        and d.location.opening_on <= day
        and (d.location.ended_on is None or d.location.ended_on > day)
    )


def _first_placements(careers: list[Career], period: Period, codes: dict[int, str]) -> dict:
    """Per gemeente, the youths whose first KSO placement started in the period there."""
    counts: dict[str, int] = {}
    for career in careers:
        first = career.first
        if period.starts_on <= first.start <= period.ends_on:
            code = codes[first.location.gemeente_id]
            counts[code] = counts.get(code, 0) + 1
    return counts


def _totals(seeder: Seeder, drafts: list[Draft], period: Period) -> dict[str, int]:
    """National totals per kind: KSO places near what was in use by the period's end."""
    day = min(period.ends_on, seeder.today)
    in_use = _places_in_use(drafts, day)
    return {
        FigureKind.KSO_PLAATSEN: round(in_use * seeder.rng.uniform(0.92, 1.12)),
        FigureKind.VERGUNNINGHOUDERS: seeder.rng.randint(*VERGUNNINGHOUDERS),
    }


def _tvs(seeder: Seeder, counted: dict[str, int], codes: list[str]) -> dict[str, int]:
    rows = {}
    for code in codes:
        number = counted.get(code, 0)
        if seeder.rng.random() < TVS_DIFFERS_SHARE:
            number = max(0, number + seeder.rng.choice((-1, 1, 2)))
        rows[code] = number
    return rows


def _import(seeder, accounts: Accounts, period: Period, kind: str, rows: dict) -> QuotaImport:
    """An official file, confirmed by the beheerder: letters before the period starts, the
    COA/TVS count after it ends (or lately, for the running period)."""
    if kind == FigureKind.GEHUISVEST:
        day = min(period.ends_on + timedelta(days=seeder.rng.randint(10, 30)), seeder.today)
    else:
        day = min(period.starts_on - timedelta(days=seeder.rng.randint(30, 75)), seeder.today)
    uploaded = seeder.moment(day)
    return QuotaImport(
        period=period, kind=kind, source=Source.OFFICIEEL, file_name=f"{kind}-{period.code}.csv",
        rows=rows, state=ImportState.APPLIED, uploaded_by=accounts.beheer.user,
        organisation=accounts.beheer.organisation, created_at=uploaded,
        applied_at=min(uploaded + timedelta(hours=seeder.rng.randint(1, 48)), seeder.now),
    )  # fmt: skip


def _imports(seeder, accounts: Accounts, drafts, careers, periods) -> list[QuotaImport]:
    populations = {place.code: place.inhabitants for place in accounts.places}
    codes = {place.id: place.code for place in accounts.places}
    imports = []
    for period in periods:
        for kind, total in _totals(seeder, drafts, period).items():
            imports.append(_import(seeder, accounts, period, kind, apportion(total, populations)))
        if period.starts_on <= seeder.today:
            counted = _first_placements(careers, period, codes)
            rows = _tvs(seeder, counted, list(populations))
            imports.append(_import(seeder, accounts, period, FigureKind.GEHUISVEST, rows))
    return insert(QuotaImport, imports)


def figures_seed(seeder: Seeder, accounts: Accounts, drafts, careers) -> list[Period]:
    periods = _periods(seeder)
    seeder.progress("perioden", len(periods))
    imports = _imports(seeder, accounts, drafts, careers, periods)
    seeder.progress("imports van cijfers", len(imports))
    gemeenten = {place.code: place.id for place in accounts.places}
    quotas = [
        Quota(period=i.period, gemeente_id=gemeenten[code], kind=i.kind, number=number,
              source=i.source, quota_import=i)
        for i in imports
        for code, number in i.rows.items()
    ]  # fmt: skip
    seeder.progress("taakstellingen", len(insert(Quota, quotas)))
    return periods
