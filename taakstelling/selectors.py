"""Reads of the taakstelling: the period table of every gemeente the actor follows, computed in
the database in a fixed number of queries whatever the number of gemeenten, locations and
periods (DESIGN.md §8)."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q, QuerySet
from django.utils import timezone

from kso_portal import derived
from kso_portal.access import Action, Actor, scope
from locations import selectors as location_selectors
from locations import workflow
from locations.constants import Stage
from organisations.models import Gemeente, NidosRegion
from vervolghuisvesting import selectors as youth_selectors
from vervolghuisvesting.constants import Choice
from vervolghuisvesting.rules import month_starts

from .constants import FigureKind, ImportState
from .models import Period, Quota, QuotaImport
from .rules import Balance, carry_over, housing_status


@dataclass
class Row:
    gemeente: Gemeente
    target: int | None
    source: str
    balance: Balance
    pipeline: dict[str, int] = field(default_factory=dict)
    # amv's counted early: youths whose first KSO placement started in the period here.
    counted_early: int = 0
    tvs: int | None = None

    @property
    def tvs_differs(self) -> bool:
        return self.tvs is not None and self.tvs != self.counted_early

    @cached_property
    def status(self) -> str:
        return housing_status(self.balance.balance)

    @property
    def pipeline_total(self) -> int:
        return sum(self.pipeline.values())

    @cached_property
    def pipeline_by_stage(self) -> list[tuple[str, int]]:
        """The pipeline's places per stage, in the order of the way to use."""
        return [
            (label, self.pipeline[stage])
            for stage, label in Stage.choices
            if self.pipeline.get(stage)
        ]


def _places(
    periods: list[Period], gemeenten: QuerySet, *, pipeline: bool = False
) -> tuple[dict[tuple[int, int], int], dict[int, dict[str, int]]]:
    """Places realised per (gemeente, period) on the period's last day (today for the running
    period) and, with `pipeline`, per gemeente the places on the way by stage: one query."""
    today = timezone.localdate()
    days = {f"p{period.pk}": min(period.ends_on, today) for period in periods}
    stages = tuple(workflow.BEFORE_IN_USE) if pipeline else ()
    rows = location_selectors.places_in_use(gemeenten=gemeenten, days=days, stages=stages)
    realised = {
        (row["gemeente_id"], period.pk): row[f"p{period.pk}"] for row in rows for period in periods
    }
    on_the_way = {
        row["gemeente_id"]: {
            stage: row[f"stage_{stage}"] for stage in stages if row[f"stage_{stage}"]
        }
        for row in rows
    }
    return realised, on_the_way


def _figures(
    actor: Actor,
    periods: list[Period],
    detailed: list[Period],
    gemeenten: QuerySet,
    action: Action = Action.VIEW,
) -> dict[tuple[str, int, int], tuple[int, str]]:
    """The targets of the periods and every figure of the `detailed` ones, by (kind, gemeente,
    period), with where it came from (the file or estimate, and when it was confirmed): one
    query."""
    quotas = (
        scope(actor, Quota, action)
        .filter(Q(period__in=periods, kind=FigureKind.KSO_PLAATSEN) | Q(period__in=detailed))
        .filter(gemeente__in=gemeenten.values("pk"))
        .order_by()
    )  # a dict: no sorting needed
    return {
        (kind, gemeente_id, period_id): (number, source, origin, applied_at)
        for kind, gemeente_id, period_id, number, source, origin, applied_at in quotas.values_list(
            "kind",
            "gemeente_id",
            "period_id",
            "number",
            "source",
            "quota_import__file_name",
            "quota_import__applied_at",
        )
    }


def _counted_early(periods: list[Period], gemeenten: QuerySet) -> dict[tuple[int, int], int]:
    """amv's counted early (DESIGN.md §8) in `periods` (consecutive): a youth counts once, in
    the period and gemeente of the first KSO placement; later moves never count again."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    if not periods:
        return counts
    first = youth_selectors.first_placements(
        gemeenten=gemeenten, since=periods[0].starts_on, until=periods[-1].ends_on
    )
    for gemeente_id, started_on in first:
        for period in periods:
            if period.starts_on <= started_on <= period.ends_on:
                counts[(gemeente_id, period.pk)] += 1
    return counts


@dataclass(frozen=True)
class PeriodFigures:
    period: Period
    target: int | None
    source: str
    balance: Balance
    counted_early: int
    tvs: int | None
    origin: str = ""  # the file the target came from ("" for an estimate)
    applied_at: object = None
    vergunninghouders: int | None = None


def _histories(
    actor: Actor,
    periods: list[Period],
    gemeenten: QuerySet,
    ids: list[int],
    action: Action = Action.VIEW,
    *,
    detailed: list[Period] | None = None,
    pipeline: bool = False,
) -> tuple[dict[int, list], dict[int, dict[str, int]]]:
    """Per gemeente (`ids`, those of `gemeenten`), its figures for the `detailed` periods
    (default: all) in order, the balance carried along from the first of `periods`. The balance
    needs every period's target and realisation; the other figures (amv's counted early,
    COA/TVS, vergunninghouders) are read for the `detailed` periods only, so that a table of one
    period does not count them for ten. With `pipeline`, also per gemeente the places on the
    way by stage (read with the realised places)."""
    detailed = periods if detailed is None else detailed
    figures = _figures(actor, periods, detailed, gemeenten, action)
    realised, on_the_way = _places(periods, gemeenten, pipeline=pipeline)
    early = _counted_early(detailed, gemeenten)
    shown = {period.pk for period in detailed}
    histories = {}
    for gemeente_id in ids:
        none = (None, "", "", None)
        targets = [figures.get((FigureKind.KSO_PLAATSEN, gemeente_id, p.pk), none) for p in periods]
        balances = carry_over(
            [
                (t[0] or 0, realised.get((gemeente_id, p.pk), 0))
                for t, p in zip(targets, periods, strict=True)
            ]
        )
        histories[gemeente_id] = [
            PeriodFigures(
                p,
                target,
                source,
                balance,
                early.get((gemeente_id, p.pk), 0),
                figures.get((FigureKind.GEHUISVEST, gemeente_id, p.pk), none)[0],
                origin,
                applied_at,
                figures.get((FigureKind.VERGUNNINGHOUDERS, gemeente_id, p.pk), none)[0],
            )
            for p, (target, source, origin, applied_at), balance in zip(
                periods, targets, balances, strict=True
            )
            if p.pk in shown
        ]
    return histories, on_the_way


def _periods_until(period: Period, periods: list[Period] | None) -> list[Period]:
    if periods is None:
        periods = list(Period.objects.order_by("starts_on"))
    return [p for p in periods if p.starts_on <= period.starts_on]


def period_table(
    *,
    actor: Actor,
    period: Period,
    gemeenten: QuerySet | None = None,
    periods: list[Period] | None = None,
    with_pipeline: bool = True,
) -> list[Row]:
    """Per gemeente the actor follows: target, realised places, balance carried from the
    periods before, places in the pipeline by stage, amv's counted early and the COA/TVS count.
    Pass `periods` (all of them, in order) when the caller has them already."""
    if gemeenten is None:
        gemeenten = scope(actor, Gemeente, Action.VIEW_TAAKSTELLING)
    gemeenten = gemeenten.filter(valid_until=None).select_related("province")
    ordered = gemeenten.order_by("sort_name")
    # The gemeenten (342 for Nidos) are tracked rows: read once per change of the data for
    # this membership and this query (its SQL and parameters are the key). Shared: only read.
    listed = derived.cached(
        "taakstelling.gemeenten",
        (derived.whose(actor), *ordered.query.sql_with_params()),
        lambda: list(ordered),
    )
    ids = tuple(g.pk for g in listed)
    until = _periods_until(period, periods)

    def compute():
        histories, pipeline = _histories(
            actor, until, gemeenten, list(ids), detailed=[period], pipeline=with_pipeline
        )
        return {pk: (histories[pk][-1], pipeline.get(pk, {})) for pk in ids}

    # The national table counts every location and placement of ten periods: computed once
    # per change of the data, for this membership and the gemeenten the policy let it see.
    key = (derived.whose(actor), tuple(p.pk for p in until), ids, with_pipeline)
    figures = derived.cached("taakstelling.period_table", key, compute)
    rows = []
    for gemeente in listed:
        now, pipeline = figures[gemeente.pk]
        rows.append(
            Row(
                gemeente,
                now.target,
                now.source,
                now.balance,
                pipeline,
                now.counted_early,
                now.tvs,
            )
        )
    return rows


def gemeente_history(*, actor: Actor, gemeente: Gemeente, period: Period) -> list[PeriodFigures]:
    """One gemeente's figures for every period up to `period`."""
    gemeenten = Gemeente.objects.filter(pk=gemeente.pk)
    histories, _ = _histories(actor, _periods_until(period, None), gemeenten, [gemeente.pk])
    return histories[gemeente.pk]


def outlook(*, actor: Actor, gemeente: Gemeente, months: int = 24) -> list[dict]:
    """Youths placed in the gemeente reaching 18 per month in the coming months, by recorded
    choice: the follow-up housing the gemeente will need. Counts only."""
    today = timezone.localdate()
    starts = month_starts(today, months)
    rows = {month: {"month": month, **dict.fromkeys(Choice.values, 0)} for month in starts}
    youths = youth_selectors.youth_list(
        actor=actor, filters=youth_selectors.YouthFilters(gemeente=gemeente.code)
    ).values_list("meerderjarig_on", "choice")
    for adult_on, choice in youths:
        month = adult_on.replace(day=1)
        if month in rows and adult_on >= today:
            rows[month][choice] += 1
    return list(rows.values())


def totals(rows: list[Row]) -> dict[str, int]:
    return {
        "target": sum(r.target or 0 for r in rows),
        "realised": sum(r.balance.realised for r in rows),
        "pipeline": sum(r.pipeline_total for r in rows),
        "balance": sum(r.balance.balance for r in rows),
    }


@dataclass(frozen=True)
class Geography:
    """Provinces, Nidos regions and which region each province is in, from one query."""

    provinces: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    regions_of: dict[int, list[str]]


def geography() -> Geography:
    links = NidosRegion.provinces.through.objects.values_list(
        "province_id", "province__code", "province__name", "nidosregion__code", "nidosregion__name"
    )
    provinces, regions, regions_of = {}, {}, defaultdict(list)
    for province_id, province_code, province_name, region_code, region_name in links:
        provinces[province_code] = province_name
        regions[region_code] = region_name
        regions_of[province_id].append(region_name)
    return Geography(
        sorted(provinces.items(), key=lambda item: item[1]),
        sorted(regions.items(), key=lambda item: item[1]),
        regions_of,
    )


def region_totals(rows: list[Row], regions_of: dict[int, list[str]]) -> list[tuple[str, dict]]:
    """Totals per Nidos region: where places are short, region by region."""
    regions: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        for region in regions_of[row.gemeente.province_id]:
            regions[region].append(row)
    return [(name, totals(group)) for name, group in sorted(regions.items())]


def province_totals(rows: list[Row]) -> list[tuple[str, dict[str, int]]]:
    by_province: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_province[row.gemeente.province.name].append(row)
    return [(name, totals(group)) for name, group in sorted(by_province.items())]


def import_history(*, actor: Actor) -> QuerySet:
    return (
        scope(actor, QuotaImport)
        .exclude(state=ImportState.CANCELLED)
        .select_related("period", "uploaded_by")
        .order_by("-created_at")
    )


def running_glance(*, actor: Actor) -> Row | None:
    """The gemeente's row for the running half year, for its dashboard (None before the first
    figures exist)."""
    today = timezone.localdate()
    periods = list(Period.objects.filter(starts_on__lte=today).order_by("starts_on"))
    if not periods or periods[-1].ends_on < today:
        return None
    own = scope(actor, Gemeente, Action.VIEW_TAAKSTELLING)
    # The dashboard shows the pipeline from its own list of locations per stage.
    rows = period_table(
        actor=actor, period=periods[-1], gemeenten=own, periods=periods, with_pipeline=False
    )
    return rows[0] if rows else None


def samenwerking_totals(*, actor: Actor, samenwerking, period: Period) -> dict:
    """A regionale samenwerking's figures for `period`, summed over its member gemeenten: what a
    member gemeente may see of its partners (DESIGN.md §2: aggregates only)."""
    gemeenten = samenwerking.gemeenten.filter(valid_until=None)
    ids = list(gemeenten.values_list("pk", flat=True))
    periods = _periods_until(period, None)
    histories, pipeline = _histories(
        actor, periods, gemeenten, ids, Action.VIEW_SUMMARY, detailed=[period], pipeline=True
    )
    now = [histories[pk][-1] for pk in ids]
    return {
        "members": len(ids),
        "target": sum(f.target or 0 for f in now),
        "carried_in": sum(f.balance.carried_in for f in now),
        "realised": sum(f.balance.realised for f in now),
        "balance": sum(f.balance.balance for f in now),
        "counted_early": sum(f.counted_early for f in now),
        "pipeline": sum(sum(pipeline.get(pk, {}).values()) for pk in ids),
    }
