"""Pages of the taakstelling: the period table, and importing or estimating figures."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kso_portal import derived
from kso_portal.access import Action, get_or_404, scope
from kso_portal.exports import export_formats, export_response
from kso_portal.forms import apply_service_errors
from kso_portal.once import AlreadySubmitted, already_submitted
from kso_portal.paging import address_of, paginate
from locations import selectors as location_selectors
from organisations.models import Gemeente, RegionaleSamenwerking

from . import selectors, services
from .chart import housing_chart, places_chart
from .constants import ImportState
from .exports import PERIOD_TABLE_COLUMNS
from .forms import PeriodFilterForm, QuotaEstimateForm, QuotaFileForm
from .models import Period, QuotaImport
from .rules import period_code, period_of

FOLLOWERS = ("gemeente", "nidos", "beheer")


def taakstelling_index(request):
    """The running half year."""
    return redirect("period_table", code=period_code(*period_of(timezone.localdate())))


@dataclass
class _Table:
    period: Period
    periods: list[Period]
    form: PeriodFilterForm
    places: selectors.Geography
    rows: list[selectors.Row]


def _table(request, code: str) -> _Table:
    """The period's rows with the filters and sort of the request: the same rows for the page
    and its export. Another organisation's or an unknown period: 404."""
    actor = request.actor
    if actor.kind not in FOLLOWERS:
        raise PermissionDenied
    # All periods at once: the navigation needs them and the carry-over the earlier ones.
    periods = list(scope(actor, Period).order_by("starts_on"))
    period = next((p for p in periods if p.code == code), None)
    if period is None:
        raise Http404
    places, samenwerkingen = derived.cached(
        "taakstelling.filter_choices",
        derived.whose(actor),
        lambda: (
            selectors.geography(),
            list(scope(actor, RegionaleSamenwerking).order_by("name").values_list("pk", "name")),
        ),
    )
    form = PeriodFilterForm(
        request.GET or None,
        provinces=places.provinces,
        regions=places.regions,
        samenwerkingen=samenwerkingen,
    )
    data = form.applied()
    gemeenten = _filtered(scope(actor, Gemeente, Action.VIEW_TAAKSTELLING), data)
    rows = selectors.period_table(actor=actor, period=period, gemeenten=gemeenten, periods=periods)
    if data.get("status"):
        rows = [row for row in rows if row.places.status == data["status"]]
    if data.get("huisvesting"):
        rows = [row for row in rows if row.housing.status == data["huisvesting"]]
    sort = SORTS.get(data.get("sort") or "")
    if sort is not None:
        # Largest first; gemeenten without the figure last (the sort is stable: by name).
        rows.sort(key=lambda row: (sort(row) is None, -(sort(row) or 0)))
    return _Table(period, periods, form, places, rows)


# The columns the table sorts on, largest first.
SORTS = {
    "nog_te_realiseren": lambda row: row.places.gap,
    "achterstand": lambda row: row.housing.balance,
}


def _filtered(gemeenten, data: dict):
    if data.get("province"):
        gemeenten = gemeenten.filter(province__code=data["province"])
    if data.get("region"):
        gemeenten = gemeenten.filter(province__nidos_regions__code=data["region"])
    if data.get("samenwerking"):
        gemeenten = gemeenten.filter(samenwerkingen=data["samenwerking"])
    return gemeenten


def _displayed(rows: list, period: Period) -> list:
    """The page's rows with what the table shows as text, prepared once per page: a `{% url %}`
    and a loop over the stages per row cost more than the rest of the row (issue 9)."""
    address = address_of("gemeente_taakstelling", period.code)
    for row in rows:
        row.url = address(row.gemeente.code)
        row.pipeline_text = ", ".join(
            f"{label.lower()} {places}" for label, places in row.pipeline_by_stage
        )
    return rows


def _areas(rows: list, places: selectors.Geography) -> dict:
    """The totals per Nidos region and province, when there is more than one gemeente."""
    if len(rows) < 2:
        return {"regions": [], "provinces": [], "area_sections": []}
    regions = selectors.region_totals(rows, places.regions_of)
    provinces = selectors.province_totals(rows)
    sections = [
        (_("Per Nidos-regio"), "regios", regions),
        (_("Per provincie"), "provincies", provinces),
    ]
    return {"regions": regions, "provinces": provinces, "area_sections": sections}


def period_table(request, code):
    table = _table(request, code)
    period, rows = table.period, table.rows
    # A page of the table; the totals per region and province count every row.
    context = paginate(request, rows)
    context["page"].object_list = _displayed(list(context["page"].object_list), period)
    context |= {
        "period": period,
        "periods": table.periods,
        "rows": rows,
        "form": table.form,
        "totals": selectors.totals(rows),
        **_areas(rows, table.places),
        "is_running": period.starts_on <= timezone.localdate() <= period.ends_on,
        "figures_on": min(period.ends_on, timezone.localdate()),
        "sort": request.GET.get("sort", ""),
    }
    return render(request, "taakstelling/period_table.html", context)


@export_formats
def period_table_export(request, code, fmt):
    """The period table with its filters and sort, as CSV or XLSX: counts, no youths."""
    table = _table(request, code)
    return export_response(
        fmt,
        filename=f"taakstelling-{table.period.code}",
        columns=PERIOD_TABLE_COLUMNS,
        rows=table.rows,
        sheet_title=_("Taakstelling %(code)s") % {"code": table.period.code},
    )


@require_http_methods(["GET", "POST"])
def quota_import(request):
    actor = request.actor
    if not actor.is_beheer:
        raise PermissionDenied
    posted = request.method == "POST"
    is_file = "bestand-period" in request.POST
    data = (request.POST, request.FILES) if posted and is_file else ()
    file_form = QuotaFileForm(*data, prefix="bestand")
    estimate_form = QuotaEstimateForm(
        *((request.POST,) if posted and not is_file else ()), prefix="schatting"
    )
    form = file_form if is_file else estimate_form
    if posted and form.is_valid():
        try:
            if is_file:
                preview = services.quota_import_preview(actor=actor, **form.cleaned_data)
            else:
                preview = services.quota_estimate_preview(actor=actor, **form.cleaned_data)
        except AlreadySubmitted as error:
            return already_submitted(request, error, fallback=reverse("quota_import"))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("quota_import_preview", pk=preview.pk)
    context = {
        "file_form": file_form,
        "estimate_form": estimate_form,
        "history": selectors.import_history(actor=actor)[:20],
    }
    return render(request, "taakstelling/quota_import.html", context)


def quota_import_preview(request, pk):
    actor = request.actor
    preview = get_or_404(actor, QuotaImport, pk=pk)
    context = {
        "preview": preview,
        "changes": services.import_changes(quota_import=preview),
        "total": sum(preview.rows.values()),
        "is_open": preview.state == ImportState.PREVIEW,
    }
    return render(request, "taakstelling/quota_import_preview.html", context)


@require_POST
def quota_import_confirm(request, pk):
    actor = request.actor
    preview = get_or_404(actor, QuotaImport, Action.CHANGE, pk=pk)
    if "annuleren" in request.POST:
        services.quota_import_cancel(actor=actor, quota_import=preview)
        messages.info(request, _("De import is geannuleerd; er is niets gewijzigd."))
        return redirect("quota_import")
    try:
        changed = services.quota_import_apply(actor=actor, quota_import=preview)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("quota_import_preview", pk=pk)
    messages.success(request, _("%(count)d cijfers bijgewerkt.") % {"count": changed})
    return redirect("period_table", code=preview.period_code)


def gemeente_page(request, code, gemeente_code):
    """One gemeente over time: its KSO places and its account of the vergunninghouders, each per
    period as a chart with the numbers beside it, the locations on the way against the places
    still to realise, and the outlook of youths turning 18."""
    actor = request.actor
    if actor.kind not in FOLLOWERS:
        raise PermissionDenied
    period = get_or_404(actor, Period, code=code)
    # Gemeenten are reference data everyone reads; whose taakstelling one follows is narrower,
    # and another's answers 404 like every object outside one's scope.
    gemeente = scope(actor, Gemeente, Action.VIEW_TAAKSTELLING).filter(code=gemeente_code).first()
    if gemeente is None:
        raise Http404

    def compute():
        return (
            selectors.gemeente_history(actor=actor, gemeente=gemeente, period=period),
            list(location_selectors.pipeline_locations(actor=actor, gemeente=gemeente)),
            selectors.outlook(actor=actor, gemeente=gemeente),
        )

    # Counted over every period, location and youth of the gemeente: once per change of data.
    key = (derived.whose(actor), gemeente.pk, period.pk)
    history, pipeline, outlook = derived.cached("taakstelling.gemeente_page", key, compute)
    now = history[-1]
    on_the_way = sum(location.capacity_value for location in pipeline)
    context = {
        "period": period,
        "gemeente": gemeente,
        "history": history,
        "now": now,
        "places_chart": places_chart(history, gemeente=gemeente),
        "housing_chart": housing_chart(history, gemeente=gemeente),
        "pipeline_places": on_the_way,
        # The places still to realise once the locations on the way are in use.
        "after_pipeline": None if now.places.gap is None else now.places.gap - on_the_way,
        "figures_on": min(period.ends_on, timezone.localdate()),
        "pipeline": pipeline,
        "outlook": outlook,
        # The beheerder sees no youths: its stand van zaken would count none.
        "may_report": actor.kind in ("gemeente", "nidos"),
    }
    return render(request, "taakstelling/gemeente_page.html", context)


def samenwerking_running(request, pk):
    """A samenwerking's taakstelling in the running half year."""
    code = period_code(*period_of(timezone.localdate()))
    return redirect("samenwerking_taakstelling", code=code, pk=pk)


def samenwerking_page(request, code, pk):
    """A regionale samenwerking's taakstelling, summed over its members."""
    actor = request.actor
    if actor.kind not in FOLLOWERS:
        raise PermissionDenied
    period = get_or_404(actor, Period, code=code)
    samenwerking = get_or_404(actor, RegionaleSamenwerking, pk=pk)
    totals = selectors.samenwerking_totals(actor=actor, samenwerking=samenwerking, period=period)
    context = {"period": period, "samenwerking": samenwerking, "totals": totals}
    return render(request, "taakstelling/samenwerking_page.html", context)
