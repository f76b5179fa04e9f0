"""The taakstelling of the national data set: half-year periods up to the next one, and per period
an official import of each kind of figure for every gemeente, applied as the beheerder would.

The national totals follow the data set (the KSO places in use at the end of each period, give
or take), apportioned by inhabitants with `taakstelling.rules.apportion`, like the ministry's
letters. The COA/TVS count of persons housed holds the amv's counted early (the portal's own
rule, `taakstelling.rules.counted_early`) and the other vergunninghouders housed, around the
target for the part of the period gone: some gemeenten ahead, most behind.
"""

from datetime import date, timedelta

from locations.constants import Stage
from taakstelling.constants import FigureKind, ImportState, Source
from taakstelling.models import Period, Quota, QuotaImport
from taakstelling.rules import (
    Site,
    apportion,
    counted_early,
    period_bounds,
    period_code,
    period_of,
    places_in_use,
    previous_period,
)

from .accounts import Accounts
from .base import Seeder, insert
from .locations import Draft
from .stays import Career

# National totals of the taakstelling huisvesting vergunninghouders per half year, roughly as
# in the ministry's letters of recent years.
VERGUNNINGHOUDERS = (17_000, 24_000)
# The share of its target (for the part of the period gone) a gemeente houses.
HOUSED_SHARE = (0.7, 1.15)


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
    """The places counted as realised on `day` (the rule of locations.selectors.in_use_on)."""
    sites = (
        Site(
            d.location.stage in (Stage.IN_GEBRUIK, Stage.BEEINDIGD),
            d.location.opening_on,
            d.location.ended_on,
            d.location.capacity,
        )
        for d in drafts
    )
    return places_in_use(sites, day)


def _counted_early(careers: list[Career], period: Period, codes: dict[int, str]) -> dict:
    """Per gemeente, the youths whose first KSO placement, as a minor, started in the period."""
    youths = [
        (
            career.youth.birth_on,
            [(codes[stay.location.gemeente_id], stay.start) for stay in career.stays],
        )
        for career in careers
    ]
    counts = counted_early(youths, {period.pk: (period.starts_on, period.ends_on)})
    return {code: number for (code, _), number in counts.items()}


def _totals(seeder: Seeder, drafts: list[Draft], period: Period) -> dict[str, int]:
    """National totals per kind: KSO places near what was in use by the period's end."""
    day = min(period.ends_on, seeder.today)
    in_use = _places_in_use(drafts, day)
    return {
        FigureKind.KSO_PLAATSEN: round(in_use * seeder.rng.uniform(0.92, 1.12)),
        FigureKind.VERGUNNINGHOUDERS: seeder.rng.randint(*VERGUNNINGHOUDERS),
    }


def _housed(seeder: Seeder, period: Period, counted: dict[str, int], targets: dict) -> dict:
    """The COA/TVS count of persons housed: the amv's counted early and the others, around the
    target for the part of the period gone."""
    days = (period.ends_on - period.starts_on).days + 1
    gone = min(1.0, ((seeder.today - period.starts_on).days + 1) / days)
    return {
        code: max(counted.get(code, 0), round(target * gone * seeder.rng.uniform(*HOUSED_SHARE)))
        for code, target in targets.items()
    }


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
        letters = {
            kind: apportion(total, populations)
            for kind, total in _totals(seeder, drafts, period).items()
        }
        imports += [_import(seeder, accounts, period, kind, rows) for kind, rows in letters.items()]
        if period.starts_on <= seeder.today:
            counted = _counted_early(careers, period, codes)
            housed = _housed(seeder, period, counted, letters[FigureKind.VERGUNNINGHOUDERS])
            imports.append(_import(seeder, accounts, period, FigureKind.GEHUISVEST, housed))
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
