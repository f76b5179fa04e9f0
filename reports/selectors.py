"""The content of the PDF reports (DESIGN.md §9), read through the same selectors as the screens
so that a report and the page it summarises show the same numbers. Counts only where youths are
concerned: no report holds a pseudonym, a date of birth or a dossier number."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kso_portal.access import Action, Actor, scope
from locations import selectors as location_selectors
from locations.constants import Stage
from locations.models import Location
from locations.workflow import BEFORE_IN_USE
from organisations.models import Gemeente, NidosRegion, RegionaleSamenwerking
from taakstelling import selectors as taakstelling_selectors
from taakstelling.chart import housing_chart, places_chart
from taakstelling.models import Period
from taakstelling.rules import period_code, period_of
from taakstelling.selectors import Totals
from vervolghuisvesting import selectors as youth_selectors

from .models import Report


def figures_on(period: Period):
    """The day a period's figures refer to: its last day, or today while it runs."""
    return min(period.ends_on, timezone.localdate())


def report_list(*, actor: Actor) -> QuerySet:
    return scope(actor, Report).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Options:
    """What the actor may make a report of, for the forms of /rapporten/."""

    gemeenten: list[Gemeente]
    periods: list[Period]
    regions: list[NidosRegion]
    may_stand: bool
    may_overview: bool
    is_national: bool
    running_period: str | None


def report_options(*, actor: Actor) -> Options:
    """Stand van zaken: gemeenten and Nidos, for the gemeenten whose taakstelling they follow
    (the beheerder sees no youths, so its report would count none); the overview: Nidos, for
    its regions or nationally."""
    may_stand = actor.kind in ("gemeente", "nidos")
    may_overview = actor.kind == "nidos"
    gemeenten = scope(actor, Gemeente, Action.VIEW_TAAKSTELLING).filter(valid_until=None)
    if actor.is_national:
        regions = NidosRegion.objects.all()
    else:
        regions = NidosRegion.objects.filter(memberships=actor.membership)
    return Options(
        gemeenten=list(gemeenten.order_by("sort_name")) if may_stand else [],
        periods=list(scope(actor, Period).order_by("-starts_on")),
        regions=list(regions.order_by("name")) if may_overview else [],
        may_stand=may_stand,
        may_overview=may_overview,
        is_national=actor.is_national,
        running_period=period_code(*period_of(timezone.localdate())),
    )


def _history(actor: Actor, gemeente: Gemeente, period: Period) -> dict:
    """The gemeente's two taakstellingen over time, with their charts as on its page."""
    history = taakstelling_selectors.gemeente_history(actor=actor, gemeente=gemeente, period=period)
    return {
        "history": history,
        "now": history[-1],
        "places_chart": places_chart(history, gemeente=gemeente, for_print=True),
        "housing_chart": housing_chart(history, gemeente=gemeente, for_print=True),
    }


def _samenwerkingen(actor: Actor, gemeente: Gemeente, period: Period) -> list[tuple]:
    samenwerkingen = scope(actor, RegionaleSamenwerking).filter(members__gemeente=gemeente)
    return [
        (
            samenwerking,
            taakstelling_selectors.samenwerking_totals(
                actor=actor, samenwerking=samenwerking, period=period
            ),
        )
        for samenwerking in samenwerkingen.order_by("name")
    ]


def _occupancy(locations: QuerySet) -> list[dict]:
    in_use = youth_selectors.with_freshness(locations.filter(stage=Stage.IN_GEBRUIK))
    return [
        {
            "location": location,
            "capacity": location.capacity_value,
            "occupied": location.occupied_today or 0,
            "free": location.capacity_value - (location.occupied_today or 0),
            "updated_at": location.occupancy_at,
            "is_stale": location.occupancy_stale,
        }
        for location in in_use
    ]


def _buckets(actor: Actor, gemeente: Gemeente) -> dict:
    """Housing requests per bucket, a column per term that occurs (6 and 12 months)."""
    buckets = youth_selectors.bucket_term_counts(
        actor=actor, filters=youth_selectors.HousingFilters(gemeente=gemeente.code)
    )
    terms = sorted({months for bucket in buckets for months in bucket["terms"]})
    for bucket in buckets:
        bucket["by_term"] = [bucket["terms"].get(months, 0) for months in terms]
    totals = [sum(bucket["by_term"][i] for bucket in buckets) for i in range(len(terms))]
    return {
        "buckets": buckets,
        "terms": terms,
        "bucket_totals": totals,
        "bucket_total": sum(totals),
    }


def stand_van_zaken(*, actor: Actor, gemeente: Gemeente, period: Period) -> dict:
    """A gemeente's taakstelling, locations, occupancy, milestones, youths in Verlengde Opvang
    (by choice or waiting for housing) and housing requests."""
    locations = location_selectors.location_list(
        actor=actor, filters=location_selectors.LocationFilters(gemeente=gemeente.code, sort="fase")
    )
    pipeline = list(location_selectors.pipeline_locations(actor=actor, gemeente=gemeente))
    occupancy = _occupancy(locations)
    history = _history(actor, gemeente, period)
    on_the_way = sum(location.capacity_value for location in pipeline)
    gap = history["now"].places.gap
    youths = youth_selectors.YouthFilters(gemeente=gemeente.code)
    return {
        "gemeente": gemeente,
        "period": period,
        "figures_on": figures_on(period),
        **history,
        "pipeline_places": on_the_way,
        "after_pipeline": None if gap is None else gap - on_the_way,
        "per_stage": location_selectors.places_per_stage(locations),
        "pipeline": pipeline,
        "occupancy": occupancy,
        "occupancy_total": {
            key: sum(row[key] for row in occupancy) for key in ("capacity", "occupied", "free")
        },
        "today": timezone.localdate(),
        "milestones": youth_selectors.milestone_counts(actor=actor, filters=youths),
        "verlengde_opvang": youth_selectors.verlengde_opvang_counts(actor=actor, filters=youths),
        **_buckets(actor, gemeente),
        "samenwerkingen": _samenwerkingen(actor, gemeente, period),
    }


def stand_van_zaken_size(*, actor: Actor, gemeente: Gemeente) -> int:
    """The rows of its tables, to decide between making it now and by the worker."""
    return scope(actor, Location).filter(gemeente=gemeente).count() + 40


def location_dossier(*, location: Location) -> dict:
    """A location's property data, PvE check, stage plan, timeline and documents."""
    plans = location_selectors.location_stage_plans(location=location)
    return {
        "location": location,
        "pve": location_selectors.location_pve(location=location, plans=plans),
        "plans": plans,
        "timeline": location_selectors.location_timeline(location=location),
        "documents": list(location.documents.select_related("uploaded_by", "organisation")),
        "figures_on": timezone.localdate(),
    }


def location_dossier_size(*, location: Location) -> int:
    return location.transitions.count() + 2 * location.comments.count() + 40


@dataclass
class Area(Totals):
    """Totals of a province or Nidos region, as the taakstelling table sums them, with the
    overdue housing requests."""

    overdue: int = 0

    def add_with(self, row, overdue: int) -> None:
        self.add_row(row)
        self.overdue += overdue

    def pipeline_row(self) -> list[int]:
        return [self.pipeline.get(stage, 0) for stage in BEFORE_IN_USE]


def _areas(rows: list, overdue: dict[int, int], regions_of: dict[int, list[str]]):
    provinces: dict[str, Area] = {}
    regions: dict[str, Area] = {}
    national = Area(_("Totaal"))
    for row in rows:
        count = overdue.get(row.gemeente.pk, 0)
        name = row.gemeente.province.name
        provinces.setdefault(name, Area(name)).add_with(row, count)
        for region in regions_of[row.gemeente.province_id]:
            regions.setdefault(region, Area(region)).add_with(row, count)
        national.add_with(row, count)
    return (
        [provinces[name] for name in sorted(provinces)],
        [regions[name] for name in sorted(regions)],
        national,
    )


def overview_gemeenten(*, actor: Actor, region: NidosRegion | None) -> QuerySet:
    gemeenten = scope(actor, Gemeente, Action.VIEW_TAAKSTELLING)
    if region is not None:
        gemeenten = gemeenten.filter(province__nidos_regions=region)
    return gemeenten.filter(valid_until=None)


def overview(*, actor: Actor, period: Period, region: NidosRegion | None) -> dict:
    """Per province and Nidos region (of `region`, or all the actor follows): targets against
    realisation, the pipeline by stage and the overdue housing requests, then every gemeente."""
    gemeenten = overview_gemeenten(actor=actor, region=region)
    rows = taakstelling_selectors.period_table(actor=actor, period=period, gemeenten=gemeenten)
    overdue = youth_selectors.overdue_per_gemeente(actor=actor)
    provinces, regions, total = _areas(rows, overdue, taakstelling_selectors.geography().regions_of)
    return {
        "period": period,
        "region": region,
        "figures_on": figures_on(period),
        "sections": [
            (_("Per provincie"), provinces, "provincies"),
            (_("Per Nidos-regio"), regions, "regios"),
        ],
        "regions": regions,
        "total": total,
        "stages": [Stage(stage).label for stage in BEFORE_IN_USE],
        "rows": [(row, overdue.get(row.gemeente.pk, 0)) for row in rows],
    }


def overview_size(*, actor: Actor, region: NidosRegion | None) -> int:
    return overview_gemeenten(actor=actor, region=region).count() + 40
