"""Whether the taakstelling's figures add up on a whole data set (the demo, seed_scale): every
period table recomputed by hand from the rows underneath it (issue 18's "done when")."""

from collections import defaultdict

from django.utils import timezone

from locations.constants import Stage
from locations.models import Location
from taakstelling import rules
from taakstelling.constants import FigureKind
from taakstelling.models import Period, Quota
from taakstelling.selectors import period_table, totals
from vervolghuisvesting.models import Placement


def _places_by_hand(periods: list[Period]) -> dict[tuple[int, int], int]:
    """Per (gemeente, period) the places in use on the period's last day (today while it runs),
    from the locations themselves with the Python rule."""
    today = timezone.localdate()
    sites = defaultdict(list)
    for location in Location.objects.all():
        opened = location.stage in (Stage.IN_GEBRUIK, Stage.BEEINDIGD)
        site = rules.Site(opened, location.opening_on, location.ended_on, location.capacity)
        sites[location.gemeente_id].append(site)
    return {
        (gemeente_id, period.pk): rules.places_in_use(group, min(period.ends_on, today))
        for gemeente_id, group in sites.items()
        for period in periods
    }


def _counted_early_by_hand(periods: list[Period]) -> dict[tuple[int, int], int]:
    placements = defaultdict(list)
    births = {}
    for youth_id, birth_on, gemeente_id, started_on in Placement.objects.order_by("pk").values_list(
        "youth_id", "youth__birth_on", "location__gemeente_id", "started_on"
    ):
        births[youth_id] = birth_on
        placements[youth_id].append((gemeente_id, started_on))
    bounds = {period.pk: (period.starts_on, period.ends_on) for period in periods}
    youths = [(births[youth], visits) for youth, visits in placements.items()]
    return rules.counted_early(youths, bounds)


def _balances_by_hand(periods, numbers, early) -> dict[tuple[int, int], int | None]:
    """The vergunninghouders' balance per (gemeente, period), carried by hand: from the first
    period with a target, previous balance + target - housed (COA/TVS, else the amv's)."""
    result = {}
    for gemeente_id in {g for _, g, _ in numbers}:
        carried = None
        for period in periods:
            target = numbers.get((FigureKind.VERGUNNINGHOUDERS, gemeente_id, period.pk))
            if carried is None and target is None:
                result[(gemeente_id, period.pk)] = None
                continue
            tvs = numbers.get((FigureKind.GEHUISVEST, gemeente_id, period.pk))
            housed = tvs if tvs is not None else early.get((gemeente_id, period.pk), 0)
            carried = (carried or 0) + (target or 0) - housed
            result[(gemeente_id, period.pk)] = carried
    return result


def assert_figures_add_up(actor) -> int:
    """Check every period table the actor (national) sees against the rows underneath; returns
    the number of (gemeente, period) figures checked."""
    periods = list(Period.objects.order_by("starts_on"))
    places = _places_by_hand(periods)
    early = _counted_early_by_hand(periods)
    numbers = {
        (kind, gemeente_id, period_id): number
        for kind, gemeente_id, period_id, number in Quota.objects.values_list(
            "kind", "gemeente_id", "period_id", "number"
        )
    }
    balances = _balances_by_hand(periods, numbers, early)
    checked = 0
    for period in periods:
        rows = period_table(actor=actor, period=period, periods=periods)
        for row in rows:
            key = (row.gemeente.pk, period.pk)
            target = numbers.get((FigureKind.KSO_PLAATSEN, *key))
            # The stock: this period's letter against this period's places, nothing carried.
            assert row.places.realised == places.get(key, 0), key
            assert row.places.gap == (None if target is None else target - places.get(key, 0))
            assert row.housing.counted_early == early.get(key, 0), key
            assert row.housing.balance == balances.get(key), key
            checked += 1
        national = totals(rows)
        assert national.places_gap == sum(r.places.gap for r in rows if r.places.gap is not None)
        assert national.housing_balance == sum(
            r.housing.balance for r in rows if r.housing.balance is not None
        )
    return checked
