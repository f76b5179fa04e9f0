"""Reads of the locations app. Every query starts from the access policy."""

import json
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from statistics import median

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    PositiveIntegerField,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, JSONObject, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kso_portal import derived
from kso_portal.access import Action, Actor, scope
from organisations.constants import OrganisationKind
from organisations.models import (
    Gemeente,
    NidosRegion,
    Organisation,
    Province,
    RegionaleSamenwerking,
)

from . import workflow
from .constants import DocumentKind, Stage
from .models import ChecklistVersion, Location, LocationDocument, StagePlan
from .pve import (
    checklist_from,
    checklist_in_force,
    checklist_next,
    checklist_read,
    current_checklist,
    property_data_from,
)
from .rules import STALLED_AFTER, PveResult, is_stalled, pve_check
from .svgmap import MapPoint, svg_map
from .workflow import PIPELINE

SORTS = {
    "adres": ("street", "house_number", "pk"),
    "gemeente": ("gemeente__sort_name", "street", "pk"),
    "fase": ("stage_order", "gemeente__sort_name", "pk"),
    "capaciteit": ("-capacity_value", "pk"),
    "gewijzigd": ("-updated_at", "-pk"),
}
DEFAULT_SORT = "gewijzigd"


@dataclass(frozen=True)
class LocationFilters:
    stage: str = ""
    form: str = ""
    gemeente: str = ""  # CBS code
    province: str = ""  # CBS code
    region: str = ""  # Nidos region code
    samenwerking: int | None = None
    contractpartner: int | None = None
    offered_by: int | None = None
    query: str = ""
    sort: str = DEFAULT_SORT


def _annotated(rows: QuerySet, *, stage_order: bool = True, form_value: bool = True) -> QuerySet:
    """Locations with their capacity and, when asked, their form (the agreed one, else the
    intended one) and the place of their stage on the way to use (for sorting). A list leaves
    out what its filters and sort do not use: each expression costs time to write the query."""
    rows = rows.annotate(capacity_value=Coalesce("agreed_capacity", "proposed_capacity"))
    if form_value:
        rows = rows.annotate(form_value=Coalesce(NullIf("agreed_form", Value("")), "intended_form"))
    if stage_order:
        order = Case(
            *(When(stage=stage, then=Value(number)) for number, stage in enumerate(Stage.values)),
            output_field=IntegerField(),
        )
        rows = rows.annotate(stage_order=order)
    return rows


def _filtered(rows: QuerySet, filters: LocationFilters) -> QuerySet:
    conditions = {
        "stage": filters.stage,
        "form_value": filters.form,
        "gemeente__code": filters.gemeente,
        "gemeente__province__code": filters.province,
        "gemeente__province__nidos_regions__code": filters.region,
        "gemeente__samenwerkingen": filters.samenwerking,
        "contractpartner": filters.contractpartner,
        "offered_by": filters.offered_by,
    }
    rows = rows.filter(**{key: value for key, value in conditions.items() if value})
    if filters.query:
        words = filters.query.strip()
        rows = rows.filter(
            Q(street__icontains=words) | Q(place__icontains=words) | Q(postcode__icontains=words)
        )
    return rows


def location_list(*, actor: Actor, filters: LocationFilters = LocationFilters()) -> QuerySet:
    """Locations the actor may see in full, filtered and sorted, ready for a page."""
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    annotated = _annotated(
        scope(actor, Location), stage_order="stage_order" in order, form_value=bool(filters.form)
    )
    rows = _filtered(annotated, filters)
    return rows.select_related("gemeente__province", "offered_by", "contractpartner").order_by(
        *order
    )


# What a row of /locaties/ shows: a page of rows reads only these columns and two joined
# tables, not the 45 columns of a location with four joined tables.
LIST_PAGE_FIELDS = (
    "street",
    "house_number",
    "postcode",
    "place",
    "stage",
    "agreed_form",
    "intended_form",
    "updated_at",
    "gemeente__name",
    "contractpartner__name",
)


def list_page_rows(rows: QuerySet) -> QuerySet:
    """The rows of `location_list` with what the page of /locaties/ shows of them only."""
    return (
        rows.select_related(None)
        .select_related("gemeente", "contractpartner")
        .only(*LIST_PAGE_FIELDS)
    )


FILTER_NAMES = ("province", "region", "gemeente", "samenwerking", "contractpartner", "offered_by")


def filter_choices(*, actor: Actor) -> dict[str, list[tuple]]:
    """The options of the filters of /locaties/, (value, label) per filter: reference data, the
    actor's samenwerkingen, contractpartners and those who offer, in one query. Computed once
    per change of the data (kso_portal/derived.py): a national list has over 700 options."""

    def options(rows: QuerySet, name: str, value: str, label: str, order: str) -> QuerySet:
        return (
            rows.order_by()
            .annotate(
                option_of=Value(name),
                option_value=Cast(value, CharField()),
                option_label=F(label),
                option_order=Cast(order, CharField()),
            )
            .values_list("option_of", "option_value", "option_label", "option_order")
        )

    def compute() -> dict[str, list[tuple]]:
        organisations = Organisation.objects.filter(
            kind__in=[OrganisationKind.GEMEENTE, OrganisationKind.WONINGCORPORATIE]
        )
        parts = [
            options(Province.objects, "province", "code", "name", "name"),
            options(NidosRegion.objects, "region", "code", "name", "name"),
            options(
                Gemeente.objects.filter(valid_until=None), "gemeente", "code", "name", "sort_name"
            ),
            options(scope(actor, RegionaleSamenwerking), "samenwerking", "pk", "name", "name"),
            options(
                Organisation.objects.filter(kind=OrganisationKind.CONTRACTPARTNER),
                "contractpartner",
                "pk",
                "name",
                "name",
            ),
            options(organisations, "offered_by", "pk", "name", "name"),
        ]
        choices: dict[str, list[tuple]] = {name: [] for name in FILTER_NAMES}
        rows = parts[0].union(*parts[1:], all=True).order_by("option_of", "option_order")
        for name, value, label, _order in rows:
            choices[name].append((value, label))
        return choices

    return derived.cached("locations.filter_choices", derived.whose(actor), compute)


def places_per_stage(rows: QuerySet) -> list[dict]:
    """Number of locations and places per stage of a (filtered) list, in stage order: one query."""
    totals = {
        row["stage"]: row
        for row in rows.order_by()
        .values("stage")
        .annotate(locations=Count("pk"), places=Sum("capacity_value"))
    }
    return [
        {
            "stage": stage,
            "label": Stage(stage).label,
            "locations": totals.get(stage, {}).get("locations", 0),
            "places": totals.get(stage, {}).get("places") or 0,
        }
        for stage in Stage.values
    ]


def partner_summaries(*, actor: Actor) -> list[Location]:
    """A gemeente's read-only summary of the locations of its regionale samenwerkingen: read
    once per change of the data (kso_portal/derived.py)."""

    def compute() -> list[Location]:
        own = scope(actor, Location).values("pk")
        return list(
            _annotated(scope(actor, Location, Action.VIEW_SUMMARY))
            .exclude(pk__in=own)
            .select_related("gemeente")
            .only("place", "stage", "gemeente__name")
            .order_by("gemeente__sort_name", "stage_order")
        )

    return derived.cached("locations.partner_summaries", derived.whose(actor), compute)


def location_page_rows(*, actor: Actor) -> QuerySet:
    """Locations the actor sees, each with what its page shows about it in the same query:
    its parties, whether the actor may change it (`may_change`), its stage plans, the
    checklist in force today and the next one if one was added (the page has a fixed query
    budget)."""
    today = timezone.localdate()
    plans = StagePlan.objects.filter(location=OuterRef("pk")).order_by("stage")
    return (
        scope(actor, Location)
        .select_related("gemeente", "offered_by", "contractpartner", "accountmanager")
        .annotate(
            may_change=Exists(scope(actor, Location, Action.CHANGE).filter(pk=OuterRef("pk"))),
            plan_rows=ArraySubquery(
                plans.values(
                    data=JSONObject(stage="stage", planned_on="planned_on", actual_on="actual_on")
                )
            ),
            checklist=checklist_in_force(today),
            checklist_following=checklist_next(today),
        )
    )


def location_checklist(location: Location) -> ChecklistVersion:
    """The checklist version in force today, read along with the location when it was
    fetched with `location_page_rows`."""
    if hasattr(location, "checklist"):
        return checklist_read(location.checklist)
    return current_checklist()


def location_next_checklist(location: Location) -> dict | None:
    """The number and first day of the version that starts after today, if one was added
    (read along with the location by `location_page_rows`)."""
    text = getattr(location, "checklist_following", None)
    if text is None:
        return None
    following = json.loads(text)
    return {"number": following["number"], "valid_from": _date(following["valid_from"])}


def pve_checks_kept(*, location: Location) -> QuerySet:
    """The checks of the location kept at its stage moves and when a version was succeeded,
    newest first, with their version."""
    return location.pve_checks.select_related("version").order_by("-checked_on", "-pk")


def _plan_dates(location: Location) -> dict[str, tuple[date | None, date | None]]:
    if hasattr(location, "plan_rows"):  # read along with the location: location_page_rows
        return {
            row["stage"]: (_date(row["planned_on"]), _date(row["actual_on"]))
            for row in location.plan_rows
        }
    return {plan.stage: (plan.planned_on, plan.actual_on) for plan in location.stage_plans.all()}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def location_stage_plans(*, location: Location) -> list[dict]:
    """Planned and actual date of each stage of the pipeline, for the location page."""
    plans = _plan_dates(location)
    today = timezone.localdate()
    rows = []
    for stage in PIPELINE:
        planned, actual = plans.get(stage, (None, None))
        is_current = location.stage == stage
        rows.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "planned_on": planned,
                "actual_on": actual,
                "is_current": is_current,
                "is_late": bool(planned and not actual and planned < today),
                "is_stalled": is_stalled(
                    planned_on=planned,
                    actual_on=actual,
                    is_ahead=workflow.is_ahead(stage, location_stage=location.stage),
                    today=today,
                ),
            }
        )
    return rows


def location_reached_on(location: Location) -> date | None:
    """The day the location reached the stage it is in: the date of its last move."""
    last = location.transitions.order_by("-at", "-pk").values_list("happened_on", flat=True)
    return last.first()


def location_pve(
    *, location: Location, plans: list[dict], version: ChecklistVersion | None = None
) -> PveResult:
    """The PvE check of the location under `version` (else the one in force today), with the
    planned opening (from `plans`, location_stage_plans) when the location has not opened
    yet."""
    opening = next((p["planned_on"] for p in plans if p["stage"] == Stage.IN_GEBRUIK), None)
    data = property_data_from(location, planned_opening_on=location.opening_on or opening)
    return pve_check(data, checklist_from(version or current_checklist()))


@dataclass
class TimelineEntry:
    at: object
    kind: str
    title: str
    who: str
    organisation: str
    text: str = ""
    document: object = None
    # A stage: the day it was reached (`at` is when that was recorded).
    happened_on: date | None = None


# Entries at the same moment: the stage first, then comments, then documents.
KIND_ORDER = {"stage": 0, "comment": 1, "document": 2}


def _timeline_part(rows: QuerySet, kind: str, **columns) -> QuerySet:
    """One kind of entry with the columns of the union: when, kind, a code (the stage or the
    document kind), who, organisation, text, and the document's id, name and size."""
    # Typed NULLs: the union takes each column's type from its first part.
    no_size = Cast(Value(None), output_field=PositiveIntegerField())
    no_day = Cast(Value(None), output_field=DateField())
    values = {
        "entry_at": columns["at"],
        "entry_kind": Value(kind, output_field=CharField()),
        "entry_order": Value(KIND_ORDER[kind]),
        "entry_code": columns.get("code", Value("", output_field=CharField())),
        "entry_who": columns["who"],
        "entry_organisation": F("organisation__name"),
        "entry_text": columns.get("text", Value("", output_field=TextField())),
        "entry_id": F("pk"),
        "document_name": columns.get("name", Value("", output_field=CharField())),
        "document_size": columns.get("size", no_size),
        "entry_on": columns.get("on", no_day),
    }
    return rows.order_by().values(**values)


def location_timeline(*, location: Location) -> list[TimelineEntry]:
    """Stages, comments and documents of a location in one dated thread, oldest first: one
    query."""
    stages = _timeline_part(
        location.transitions.all(),
        "stage",
        at=F("at"),
        code=F("to_stage"),
        who=F("by__email"),
        text=F("comment"),
        on=F("happened_on"),
    )
    comments = _timeline_part(
        location.comments.all(),
        "comment",
        at=F("created_at"),
        who=F("author__email"),
        text=F("body"),
    )
    documents = _timeline_part(
        location.documents.all(),
        "document",
        at=F("uploaded_at"),
        code=F("kind"),
        who=F("uploaded_by__email"),
        name=F("original_name"),
        size=F("size"),
    )
    rows = stages.union(comments, documents, all=True).order_by(
        "entry_at", "entry_order", "entry_id"
    )
    return [_timeline_entry(row) for row in rows]


def _timeline_entry(row: dict) -> TimelineEntry:
    kind = row["entry_kind"]
    entry = TimelineEntry(
        at=row["entry_at"],
        kind=kind,
        title="",
        who=row["entry_who"],
        organisation=row["entry_organisation"],
        text=row["entry_text"],
    )
    if kind == "stage":
        entry.title = Stage(row["entry_code"]).label
        entry.happened_on = row["entry_on"]
    elif kind == "document":
        entry.title = DocumentKind(row["entry_code"]).label
        entry.document = LocationDocument(
            pk=row["entry_id"], original_name=row["document_name"], size=row["document_size"]
        )
    return entry


def review_queue(*, actor: Actor) -> QuerySet:
    """Properties offered and waiting for a Nidos accountmanager, oldest first."""
    return (
        scope(actor, Location)
        .filter(stage=Stage.AANGEBODEN)
        .select_related("gemeente")
        .order_by("stage_changed_at", "pk")
    )


def stalled_condition(today: date) -> Q:
    """`rules.is_stalled` as a condition on stage plans: the same rule in SQL (a property test
    holds the two together)."""
    ahead = Q(pk__in=[])
    for number, stage in enumerate(PIPELINE):
        ahead |= Q(stage=stage, location__stage__in=PIPELINE[:number])
    return Q(actual_on__isnull=True, planned_on__lte=today - STALLED_AFTER) & ahead


def stalled_plans(*, today: date) -> QuerySet:
    """Every stalled stage plan, for the daily reminders (which work for the system, not for
    a user), with its location."""
    return (
        StagePlan.objects.filter(stalled_condition(today))
        .select_related("location__gemeente")
        .order_by("planned_on", "pk")
    )


def stalled_stages(*, actor: Actor) -> QuerySet:
    """The stalled stages of the locations the actor sees (DESIGN.md §7: location stage
    stalled), longest stalled first."""
    return stalled_plans(today=timezone.localdate()).filter(
        location__in=scope(actor, Location).values("pk")
    )


@dataclass
class LeadTime:
    stage: str
    label: str
    median_days: float | None = None
    median_delay_days: float | None = None
    counted: int = 0
    delays: list = field(default_factory=list)


def lead_times(*, actor: Actor) -> list[LeadTime]:
    """Per stage: the median days a location spent in it (from reaching it to reaching the next
    stage) and the median days it was reached after its planned date."""
    rows = StagePlan.objects.filter(
        location__in=scope(actor, Location).values("pk"), actual_on__isnull=False
    ).values_list("location_id", "stage", "planned_on", "actual_on")
    reached: dict[int, dict[str, date]] = {}
    result = {stage: LeadTime(stage, Stage(stage).label) for stage in PIPELINE[:-1]}
    durations: dict[str, list[int]] = {stage: [] for stage in result}
    for location_id, stage, planned_on, actual_on in rows:
        reached.setdefault(location_id, {})[stage] = actual_on
        if planned_on and stage in result:
            result[stage].delays.append((actual_on - planned_on).days)
    for stages in reached.values():
        for current, following in pairwise(PIPELINE):
            if current in stages and following in stages:
                durations[current].append((stages[following] - stages[current]).days)
    for stage, lead in result.items():
        lead.counted = len(durations[stage])
        lead.median_days = median(durations[stage]) if durations[stage] else None
        lead.median_delay_days = median(lead.delays) if lead.delays else None
    return list(result.values())


def opening_blockers(*, location: Location, version: ChecklistVersion | None = None) -> list[str]:
    """What still keeps a location in voorbereiding from opening (empty in other stages),
    under the checklist in force today (`version`, else read)."""
    if location.stage != Stage.VOORBEREIDING:
        return []
    version = version or current_checklist()
    return workflow.opening_blockers(
        workflow.OpeningFacts(
            capacity=location.capacity,
            gebruiksmelding_above_sleepers=version.gebruiksmelding_above_sleepers,
            gebruiksmelding_filed_on=location.gebruiksmelding_filed_on,
            neighbourhood_informed_on=location.neighbourhood_informed_on,
            furnishing_ready_on=location.furnishing_ready_on,
            has_contractpartner=location.contractpartner_id is not None,
        )
    )


MAP_GROUPS = {
    **dict.fromkeys(workflow.BEFORE_IN_USE, "pipeline"),
    Stage.IN_GEBRUIK: "in_gebruik",
    **dict.fromkeys(workflow.CLOSED_STAGES, "beeindigd"),
}


def map_groups(rows: QuerySet) -> list[dict]:
    """Locations and places per gemeente and stage group of a (filtered) list: one query."""
    group = Case(
        *(When(stage=stage, then=Value(name)) for stage, name in MAP_GROUPS.items()),
        output_field=CharField(),
    )
    return list(
        rows.order_by()
        .annotate(group=group)
        .values(
            "group",
            "gemeente__code",
            "gemeente__name",
            "gemeente__latitude",
            "gemeente__longitude",
        )
        .annotate(locations=Count("pk"), places=Sum("capacity_value"))
        .order_by("gemeente__name", "group")
    )


def map_svg(groups: list[dict]) -> str:
    """The map of the groups over the outline the gemeente centroids draw."""
    background = [
        (float(lat), float(lon))
        for lat, lon in Gemeente.objects.filter(
            valid_until=None, latitude__isnull=False
        ).values_list("latitude", "longitude")
    ]
    points = [
        MapPoint(
            latitude=float(g["gemeente__latitude"]),
            longitude=float(g["gemeente__longitude"]),
            label=_("%(gemeente)s: %(locations)d locatie(s), %(places)d plaatsen (%(group)s)")
            % {
                "gemeente": g["gemeente__name"],
                "locations": g["locations"],
                "places": g["places"] or 0,
                "group": MAP_GROUP_LABELS[g["group"]],
            },
            count=g["places"] or 1,
            css_class=f"kso-map__point--{g['group']}",
            url=f"{reverse('location_list')}?gemeente={g['gemeente__code']}",
        )
        for g in groups
        if g["gemeente__latitude"] is not None
    ]
    return svg_map(
        points,
        background,
        title=str(_("Kaart van de locaties")),
        description=str(
            _("Elke cirkel is een gemeente met locaties; de grootte is het aantal plaatsen.")
        ),
    )


MAP_GROUP_LABELS = {
    "pipeline": _("in voorbereiding"),
    "in_gebruik": _("in gebruik"),
    "beeindigd": _("afgesloten"),
}


def in_use_on(day: date) -> Q:
    """Locations whose places count on `day`: opened on or before it and not ended by then."""
    return Q(stage__in=[Stage.IN_GEBRUIK, Stage.BEEINDIGD], opening_on__lte=day) & (
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


def places_in_use(
    *, gemeenten: QuerySet, days: dict[str, date], stages: tuple[str, ...] = ()
) -> list[dict]:
    """Per gemeente, the places in use on each of `days` (a column per key) and, when asked,
    the places in each of `stages` now (a column `stage_<stage>`): one query."""
    capacity = Coalesce("agreed_capacity", "proposed_capacity")
    columns = {key: Sum(capacity, filter=in_use_on(day), default=0) for key, day in days.items()}
    for stage in stages:
        columns[f"stage_{stage}"] = Sum(capacity, filter=Q(stage=stage), default=0)
    return list(
        Location.objects.filter(gemeente__in=gemeenten.values("pk"))
        .values("gemeente_id")
        .annotate(**columns)
        .order_by()
    )


def pipeline_locations(*, actor: Actor, gemeente) -> QuerySet:
    """The gemeente's locations on the way to use, with their places and the planned opening."""
    planned = StagePlan.objects.filter(location=OuterRef("pk"), stage=Stage.IN_GEBRUIK)
    return (
        _annotated(scope(actor, Location))
        .filter(gemeente=gemeente, stage__in=workflow.BEFORE_IN_USE)
        .annotate(planned_opening=Subquery(planned.values("planned_on")[:1]))
        .order_by("stage_order", "street")
    )
