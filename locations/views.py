"""Pages of locations: the list, the map, offering a property, the location page and the actions
on it. Each view: authorise through the access policy, parse, one service or selector, render."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kso_portal import derived
from kso_portal.access import (
    Action,
    can_create,
    get_or_404,
    may_see_birth_date,
)
from kso_portal.exports import export_formats, export_response
from kso_portal.form_renderer import escape
from kso_portal.forms import apply_service_errors
from kso_portal.history import history_page
from kso_portal.once import AlreadySubmitted, already_submitted
from kso_portal.paging import address_of, paginate
from vervolghuisvesting import selectors as youth_selectors

from . import selectors, services, workflow
from .constants import KsoForm, Stage
from .exports import LOCATION_COLUMNS, export_rows
from .forms import (
    CommentForm,
    DocumentForm,
    FurnishingForm,
    LocationFilterForm,
    LocationForm,
    OccupancyDateForm,
    PreparationForm,
    StagePlanForm,
    TransitionForm,
)
from .models import Location, LocationDocument
from .rules import Suitability

MOMENT = "%d-%m-%Y %H:%M"

# Who corrects the property data: the offerer, the gemeente, Nidos and the beheerder; the
# contractpartner reports through comments, documents and the furnishing.
PROPERTY_EDITORS = ("gemeente", "woningcorporatie", "nidos", "beheer")
TIMELINE_TEMPLATE = "locations/includes/timeline.html"


def _filter_form(request) -> LocationFilterForm:
    choices = selectors.filter_choices(actor=request.actor)
    return LocationFilterForm(request.GET or None, choices=choices)


def _rows(request, form: LocationFilterForm):
    filters = selectors.LocationFilters(**form.filters())
    return selectors.location_list(actor=request.actor, filters=filters)


ROW_HTML = (
    '<tr><td><a href="{url}">{street} {number}</a><br><span class="muted">{postcode} {place}'
    "</span></td><td>{gemeente}</td>"
    '<td><span class="stage stage--{stage}">{stage_text}</span></td><td>{form}</td>'
    '<td class="numeric">{capacity}</td><td>{occupancy}</td><td>{partner}</td>'
    "<td>{updated}</td></tr>"
)
STALE_HTML = '<br><span class="tag tag--warning">{text}</span>'


def _rows_html(locations: list[Location]) -> SafeString:
    """The rows of a page of the list, written here rather than by a template loop: 50 rows
    of 8 columns looked up through the template cost more than the rows' queries (issue 9).
    Labels are looked up once per page, dates written by strftime, every value escaped."""
    stages = {value: str(label) for value, label in Stage.choices}
    forms = {value: str(label) for value, label in KsoForm.choices}
    occupancy = _("%(occupied)s van %(capacity)s")
    stale = STALE_HTML.format(
        text=escape(
            _("niet bevestigd in %(days)s dagen")
            % {"days": youth_selectors.OCCUPANCY_STALE_AFTER_DAYS}
        )
    )
    address = address_of("location_detail")
    rows = []
    for location in locations:
        shown = "—"
        if location.stage == Stage.IN_GEBRUIK:
            shown = escape(
                occupancy
                % {"occupied": location.occupied_today or 0, "capacity": location.capacity_value}
            )
            shown += stale if location.occupancy_stale else ""
        partner = location.contractpartner
        rows.append(
            ROW_HTML.format(
                url=escape(address(location.pk)),
                street=escape(location.street),
                number=escape(location.house_number),
                postcode=escape(location.postcode),
                place=escape(location.place),
                gemeente=escape(location.gemeente.name),
                stage=escape(location.stage),
                stage_text=escape(stages[location.stage]),
                form=escape(forms.get(location.form, "")),
                capacity=escape(location.capacity_value),
                occupancy=shown,
                partner=escape(partner.name if partner else "—"),
                updated=timezone.localtime(location.updated_at).strftime(MOMENT),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped


def location_list(request):
    actor = request.actor
    form = _filter_form(request)
    rows = _rows(request, form)
    # Counted over every location of the filters, once per change of the data; the list's
    # number of rows is their sum.
    per_stage = derived.cached(
        "locations.per_stage",
        (derived.whose(actor), tuple(sorted(form.filters().items()))),
        lambda: selectors.places_per_stage(rows),
    )
    count = sum(row["locations"] for row in per_stage)
    context = paginate(request, selectors.list_page_rows(rows), count=count)
    page = context["page"]
    page.object_list = youth_selectors.add_freshness(list(page.object_list))
    context.update(
        form=form,
        per_stage=per_stage,
        rows_html=_rows_html(page.object_list),
        partners=selectors.partner_summaries(actor=actor) if actor.kind == "gemeente" else [],
        can_offer=can_create(actor, Location),
        today=timezone.localdate(),
    )
    return render(request, "locations/location_list.html", context)


@export_formats
def location_export(request, fmt):
    """Every location of the list with its filters and sort, as CSV or XLSX: no personal data,
    so the file is made once per change of the data and kept for the next download (Nidos'
    national list has 2,000 rows)."""
    form = _filter_form(request)

    def rows():
        listed = _rows(request, form)
        freshness = youth_selectors.freshness(listed.values("pk"))
        return export_rows(
            listed,
            lambda pk: freshness.get(pk, youth_selectors.NO_FRESHNESS),
            youth_selectors.stale_before(),
        )

    return export_response(
        fmt,
        filename="locaties",
        columns=LOCATION_COLUMNS,
        rows=rows,
        sheet_title=_("Locaties"),
        kept_as=(derived.whose(request.actor), tuple(sorted(form.filters().items()))),
    )


def location_map(request):
    form = _filter_form(request)
    rows = _rows(request, form)
    groups = selectors.map_groups(rows)
    context = {
        "form": form,
        "groups": groups,
        "svg": selectors.map_svg(groups),
        "query_string": request.GET.urlencode(),
    }
    return render(request, "locations/location_map.html", context)


@require_http_methods(["GET", "POST"])
def location_create(request):
    actor = request.actor
    if not can_create(actor, Location):
        raise PermissionDenied
    form = LocationForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            location = services.location_offer(actor=actor, **form.cleaned_data)
        except AlreadySubmitted as error:
            return already_submitted(request, error, fallback=reverse("location_list"))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Het pand is aangeboden; Nidos krijgt bericht."))
            return redirect("location_detail", pk=location.pk)
    return render(request, "locations/location_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def location_update(request, pk):
    actor = request.actor
    location = get_or_404(actor, Location, Action.CHANGE, pk=pk)
    if actor.kind not in PROPERTY_EDITORS:
        raise PermissionDenied
    form = LocationForm(request.POST or None, instance=location, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_update(actor=actor, location=location, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("De gegevens van het pand zijn opgeslagen."))
            return redirect("location_detail", pk=pk)
    return render(request, "locations/location_form.html", {"form": form, "location": location})


def location_detail(request, pk):
    actor = request.actor
    occupancy_form = OccupancyDateForm(request.GET or None)
    on = _occupancy_on(occupancy_form)
    # Read through the policy once per change of the data, per membership (and date): the
    # same user opening the page again reads no location (kso_portal/derived.py). The kept
    # object is shared and only read; the placed youths below are read on every visit.
    # The checklist read along is the one in force today: a new day may start a new version.
    today = timezone.localdate()
    location = derived.cached(
        "locations.page",
        (pk, on, today, derived.whose(actor)),
        lambda: _page_location(actor, pk, on),
    )
    if location is None:
        raise Http404
    may_change = location.may_change
    plans = selectors.location_stage_plans(location=location)
    version = selectors.location_checklist(location)
    is_offerer = location.offered_by_id == actor.organisation.pk
    context = {
        "location": location,
        "may_change": may_change,
        "may_edit": may_change and actor.kind in PROPERTY_EDITORS,
        "pve": selectors.location_pve(location=location, plans=plans, version=version),
        "pve_version": version,
        "pve_next": selectors.location_next_checklist(location),
        "pve_kept": _pve_kept(location),
        "plans": plans,
        "moves": workflow.allowed_transitions(
            location.stage, kind=actor.kind, is_offerer=is_offerer
        )
        if may_change
        else [],
        "blockers": selectors.opening_blockers(location=location, version=version),
        # The same for everyone who sees the location; its rows are tracked: kept, with its
        # HTML, per change of the data (kso_portal/derived.py).
        **derived.cached("locations.timeline", location.pk, lambda: _timeline(location)),
        # Its placements are about youths (who, when, why over capacity or age): not for
        # those who see none (the woningcorporatie); history_page leaves them out.
        **history_page(request, obj=location, kept=True),
        "comment_form": CommentForm(),
        "document_form": DocumentForm(),
        "forms": _stage_forms(actor, location, plans, may_change),
        **_occupancy(request, location, occupancy_form, on),
    }
    return render(request, "locations/location_detail.html", context)


def _pve_kept(location: Location) -> list:
    """The kept checks with what the page shows of them: labels looked up here."""
    kept = list(selectors.pve_checks_kept(location=location))
    for check in kept:
        check.overall_label = Suitability(check.overall).label
        check.stage_label = Stage(check.stage).label
    return kept


def _page_location(actor, pk: int, on: date) -> Location | None:
    rows = youth_selectors.with_occupancy(selectors.location_page_rows(actor=actor), on=on)
    return rows.filter(pk=pk).order_by().first()


def _timeline(location: Location) -> dict:
    timeline = selectors.location_timeline(location=location)
    context = {"timeline": timeline, "location": location}
    return {"timeline": timeline, "timeline_html": render_to_string(TIMELINE_TEMPLATE, context)}


def _occupancy_on(form: OccupancyDateForm) -> date:
    """The day the occupancy is shown for: today, or a chosen day before it."""
    today = timezone.localdate()
    return min(form.applied().get("op") or today, today)


def _occupancy(request, location: Location, form: OccupancyDateForm, on: date) -> dict:
    """Occupancy on today or a chosen past date, and the youths placed (logged when shown)."""
    actor = request.actor
    if location.stage not in (Stage.IN_GEBRUIK, Stage.BEEINDIGD):
        return {}
    placements = list(youth_selectors.placements_on(actor=actor, location=location, on=on))
    is_partner = location.may_change and location.contractpartner_id == actor.organisation.pk
    return {
        "occupancy": youth_selectors.occupancy_of(location),
        "occupancy_on": on,
        "occupancy_form": form,
        "occupancy_at": location.occupancy_at,
        "placed": placements,
        "may_place": is_partner and location.stage == Stage.IN_GEBRUIK,
        "show_birth_date": may_see_birth_date(actor),
        "today": timezone.localdate(),
    }


def _stage_forms(actor, location: Location, plans: list[dict], may_change: bool) -> dict:
    """The forms of the actions this actor may take on this location now."""
    if not may_change:
        return {}
    forms = {}
    in_preparation = location.stage == Stage.VOORBEREIDING
    if in_preparation and actor.kind in ("gemeente", "nidos"):
        forms["preparation"] = PreparationForm(
            initial={
                "gebruiksmelding_filed_on": location.gebruiksmelding_filed_on,
                "neighbourhood_informed_on": location.neighbourhood_informed_on,
            }
        )
    if in_preparation and location.contractpartner_id == actor.organisation.pk:
        forms["furnishing"] = FurnishingForm(
            initial={"furnishing_ready_on": location.furnishing_ready_on or timezone.localdate()}
        )
    upcoming = [p for p in plans if not p["actual_on"]]
    if actor.kind in ("gemeente", "nidos") and upcoming and location.stage in workflow.PIPELINE:
        forms["plan"] = StagePlanForm(stages=upcoming)
    return forms


@require_http_methods(["GET", "POST"])
def location_transition(request, pk, target):
    actor = request.actor
    location = get_or_404(actor, Location, Action.CHANGE, pk=pk)
    move = workflow.transition_get(location.stage, target)
    is_offerer = location.offered_by_id == actor.organisation.pk
    if move is None or not workflow.is_allowed(move, kind=actor.kind, is_offerer=is_offerer):
        raise PermissionDenied
    form = TransitionForm(
        request.POST or None,
        move=move,
        location=location,
        reached_on=selectors.location_reached_on(location),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.location_transition(
                actor=actor,
                location=location,
                target=target,
                expected_stage=form.cleaned_data["expected_stage"],
                comment=form.cleaned_data.get("comment", ""),
                fields=form.values(),
                still_placed=youth_selectors.placed_from,
            )
        except services.StageChanged as changed:
            messages.error(
                request,
                _(
                    "Deze locatie is intussen door iemand anders naar %(stage)s gezet; er is niets "
                    "gewijzigd. Bekijk de nieuwe stand."
                )
                % {"stage": Stage(changed.stage).label},
            )
            return redirect("location_detail", pk=pk)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De locatie staat nu in fase %(stage)s.") % {"stage": Stage(target).label},
            )
            return redirect("location_detail", pk=pk)
    context = {"form": form, "location": location, "move": move}
    if target == Stage.BEEINDIGD:
        # Who lives there now, with a link each: they keep it from ending (issue 17).
        context["placed"] = list(youth_selectors.placements_on(actor=actor, location=location))
    return render(request, "locations/location_transition.html", context)


def _action(request, pk, form_class, service, done: str):
    """A POST action on a location: validate, call the service, say how it went."""
    actor = request.actor
    location = get_or_404(actor, Location, Action.CHANGE, pk=pk)
    form = form_class(request.POST, request.FILES) if request.FILES else form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("location_detail", pk=pk)
    try:
        service(actor=actor, location=location, **form.cleaned_data)
    except AlreadySubmitted as error:
        return already_submitted(request, error, fallback=reverse("location_detail", args=[pk]))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("location_detail", pk=pk)


@require_POST
def location_preparation(request, pk):
    if request.actor.kind not in ("gemeente", "nidos"):
        raise PermissionDenied
    return _action(
        request, pk, PreparationForm, services.location_preparation_update, _("Opgeslagen.")
    )


@require_POST
def location_furnishing(request, pk):
    return _action(
        request,
        pk,
        FurnishingForm,
        services.location_furnishing_report,
        _("De inrichting is gereed gemeld."),
    )


@require_POST
def location_comment_add(request, pk):
    return _action(
        request, pk, CommentForm, services.location_comment_add, _("Uw opmerking is geplaatst.")
    )


@require_POST
def location_document_add(request, pk):
    return _action(
        request, pk, DocumentForm, services.location_document_add, _("Het document is opgeslagen.")
    )


@require_POST
def location_stage_plan(request, pk):
    actor = request.actor
    location = get_or_404(actor, Location, Action.CHANGE, pk=pk)
    if actor.kind not in ("gemeente", "nidos"):
        raise PermissionDenied
    upcoming = [p for p in selectors.location_stage_plans(location=location) if not p["actual_on"]]
    form = StagePlanForm(request.POST, stages=upcoming)
    if form.is_valid():
        services.location_stage_plan(actor=actor, location=location, planned=form.cleaned_data)
        messages.success(request, _("De planning is opgeslagen."))
    else:
        messages.error(request, _("Vul geldige datums in."))
    return redirect("location_detail", pk=pk)


def location_document_download(request, pk, document_pk):
    """A document, only through the access policy, as a download with its safe name."""
    document = get_or_404(request.actor, LocationDocument, pk=document_pk, location_id=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        # The row is there but the file is not (a database restored without its files).
        messages.error(
            request,
            _("Het bestand %(name)s ontbreekt; voeg het opnieuw toe.")
            % {"name": document.original_name},
        )
        return redirect("location_detail", pk=pk)
    response = FileResponse(
        handle,
        as_attachment=document.content_type == "application/pdf",
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
