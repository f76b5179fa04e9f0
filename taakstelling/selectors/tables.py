"""The taakstelling as its pages and reports show it: the period table of every gemeente the actor
follows, a gemeente over time, the running half year at a glance, a regionale samenwerking's
sums, the outlook of youths turning 18 and the imports."""

from django.db.models import QuerySet
from django.utils import timezone

from kso_portal import derived
from kso_portal.access import Action, Actor, scope
from organisations.models import Gemeente
from vervolghuisvesting import selectors as youth_selectors
from vervolghuisvesting.constants import Choice
from vervolghuisvesting.rules import month_starts

from ..constants import ImportState
from ..models import Period, QuotaImport
from .areas import Totals
from .figures import PeriodFigures, Row, histories


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
    """Per gemeente the actor follows: the KSO places of `period` (target, realised, gap, the
    pipeline by stage) and its account of the vergunninghouders, run from the first period.
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
        figures, pipeline = histories(
            actor, until, gemeenten, list(ids), detailed=[period], pipeline=with_pipeline
        )
        return {pk: (figures[pk][-1], pipeline.get(pk, {})) for pk in ids}

    # The national table counts every location and placement of ten periods: computed once
    # per change of the data, for this membership and the gemeenten the policy let it see.
    key = (derived.whose(actor), tuple(p.pk for p in until), ids, with_pipeline)
    figures = derived.cached("taakstelling.period_table", key, compute)
    rows = []
    for gemeente in listed:
        now, pipeline = figures[gemeente.pk]
        rows.append(Row(gemeente, now.places, now.housing, pipeline))
    return rows


def gemeente_history(*, actor: Actor, gemeente: Gemeente, period: Period) -> list[PeriodFigures]:
    """One gemeente's figures for every period up to `period`."""
    gemeenten = Gemeente.objects.filter(pk=gemeente.pk)
    figures, _ = histories(actor, _periods_until(period, None), gemeenten, [gemeente.pk])
    return figures[gemeente.pk]


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


def samenwerking_totals(*, actor: Actor, samenwerking, period: Period) -> Totals:
    """A regionale samenwerking's figures for `period`, summed over its member gemeenten: what a
    member gemeente may see of its partners (DESIGN.md §2: aggregates only)."""
    gemeenten = samenwerking.gemeenten.filter(valid_until=None)
    ids = list(gemeenten.values_list("pk", flat=True))
    figures, pipeline = histories(
        actor,
        _periods_until(period, None),
        gemeenten,
        ids,
        Action.VIEW_SUMMARY,
        detailed=[period],
        pipeline=True,
    )
    result = Totals(samenwerking.name)
    for pk in ids:
        now = figures[pk][-1]
        result.add(now.places, now.housing, pipeline.get(pk, {}))
    return result


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


def import_history(*, actor: Actor) -> QuerySet:
    return (
        scope(actor, QuotaImport)
        .exclude(state=ImportState.CANCELLED)
        .select_related("period", "uploaded_by")
        .order_by("-created_at")
    )
