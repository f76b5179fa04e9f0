"""Pages of youths and placements. Every page that shows youth rows writes the access log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kso_portal import derived
from kso_portal.access import (
    Action,
    can,
    can_create,
    get_or_404,
    may_see_birth_date,
    may_see_dossier_number,
    may_see_youths,
    scope,
)
from kso_portal.constants import AccessKind
from kso_portal.exports import CHUNK_SIZE, export_formats, export_response
from kso_portal.form_renderer import escape
from kso_portal.forms import apply_service_errors
from kso_portal.history import history_page
from kso_portal.once import FIELD_NAME as ONCE_FIELD
from kso_portal.once import AlreadySubmitted, already_submitted
from kso_portal.paging import address_of, paginate
from kso_portal.services import access_log_record
from locations.constants import Stage
from locations.models import Location
from vervolghuisvesting import selectors, services
from vervolghuisvesting.constants import (
    OPEN_STATES,
    STATUS_LABELS,
    VO_GROUP_LABELS,
    Choice,
    Destination,
)
from vervolghuisvesting.exports import youth_columns, youth_values
from vervolghuisvesting.forms import (
    ConversationForm,
    PlacementEndForm,
    PlacementForm,
    PlacementMoveForm,
    YouthFilterForm,
)
from vervolghuisvesting.models import HousingRequest, Placement, PlacementTransfer, Youth
from vervolghuisvesting.rules import milestones, verlengde_opvang_group


def _privacy(actor) -> dict:
    return {
        "show_birth_date": may_see_birth_date(actor),
        "show_dossier_number": may_see_dossier_number(actor),
        "status_labels": STATUS_LABELS,
    }


def _hidden_fields(actor) -> frozenset[str]:
    """What the history of a youth must not show this reader (DESIGN.md §2)."""
    hidden = set()
    if not may_see_birth_date(actor):
        hidden.add("birth_on")
    if not may_see_dossier_number(actor):
        hidden.add("nidos_dossier_number")
    return frozenset(hidden)


# A day in the lists, as the template filter `date:"d-m-Y"` writes it.
DAY = "%d-%m-%Y"


def _filter_choices(actor) -> tuple[list, list]:
    """The options of the location and gemeente filters: the actor's locations in use, and
    their gemeenten. A national list has more than a thousand: computed once per change of
    the data (kso_portal/derived.py), without model instances."""
    in_use = (
        scope(actor, Location)
        .filter(stage=Stage.IN_GEBRUIK)
        .order_by("street")
        .values_list("pk", "street", "house_number", "place", "gemeente__code", "gemeente__name")
    )
    locations, gemeenten = [], set()
    for pk, street, number, place, code, name in in_use:
        locations.append((pk, f"{street} {number}, {place}"))
        gemeenten.add((code, name))
    return locations, sorted(gemeenten, key=lambda g: g[1])


def _youth_rows(request, status: bool = True) -> tuple[YouthFilterForm, QuerySet]:
    """The filter form and the youths it selects: the same rows for the list and its export
    (the list adds the status to its page: `selectors.add_status`)."""
    actor = request.actor
    if not may_see_youths(actor):
        raise PermissionDenied
    locations, gemeenten = derived.cached(
        "youths.filter_choices", derived.whose(actor), lambda: _filter_choices(actor)
    )
    form = YouthFilterForm(request.GET or None, locations=locations, gemeenten=gemeenten)
    filters = selectors.YouthFilters(**form.filters())
    return form, selectors.youth_list(actor=actor, filters=filters, status=status)


ROW_HTML = (
    '<tr><td><a href="{url}">{pseudonym}</a></td>{birth}<td>{status}</td><td>{location}</td>'
    "<td>{keuzemoment}{due}</td><td>{meerderjarig}</td><td>{einde_vo}</td><td>{choice}</td></tr>"
)


def _rows_html(youths: list, today, show_birth_date: bool) -> SafeString:
    """The rows of a page of the list, written here rather than by a template loop (50 rows of
    8 columns, each name looked up through the template, cost more than the page's queries):
    labels looked up once per page, dates written by strftime, every value escaped."""
    status = {key: str(label) for key, label in STATUS_LABELS.items()}
    choice = {key: str(label) for key, label in Choice.choices}
    not_yet = escape(_("gesprek nog niet gevoerd"))
    due = f' <span class="tag tag--warning">{not_yet}</span>'
    late = escape(_("keuzegesprek te laat"))
    overdue = f' <span class="tag tag--warning">{late}</span>'
    youth_address, location_address = address_of("youth_detail"), address_of("location_detail")
    rows = []
    for youth in youths:
        location = "—"
        if youth.location_id_now:
            place = f"{youth.location_now} {youth.location_number_now}"
            location = (
                f'<a href="{escape(location_address(youth.location_id_now))}">{escape(place)}</a>'
            )
        birth = f"<td>{youth.birth_on.strftime(DAY)}</td>" if show_birth_date else ""
        rows.append(
            ROW_HTML.format(
                url=escape(youth_address(youth.pseudonym)),
                pseudonym=escape(youth.pseudonym),
                birth=birth,
                status=escape(status[youth.status]),
                location=location,
                keuzemoment=youth.keuzemoment_on.strftime(DAY),
                due=_conversation_tag(youth, today, due, overdue),
                meerderjarig=youth.meerderjarig_on.strftime(DAY),
                einde_vo=youth.einde_vo_on.strftime(DAY),
                choice=escape(choice.get(youth.choice, youth.choice)),
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped


def _conversation_tag(youth, today, due: str, overdue: str) -> str:
    """A keuzemoment to come without a conversation, or one passed without it while the youth
    is still placed (overdue, as on the contractpartner's dashboard)."""
    if youth.conversation_on:
        return ""
    if youth.keuzemoment_on >= today:
        return due
    return overdue if youth.is_placed else ""


def youth_list(request):
    actor = request.actor
    form, rows = _youth_rows(request, status=False)
    today = timezone.localdate()
    counted_as = ("youths", derived.whose(actor), tuple(sorted(form.filters().items())))
    context = paginate(request, rows, counted_as=counted_as)
    youths = selectors.add_status(list(context["page"].object_list), today)
    context["page"].object_list = youths
    context.update(form=form, today=today, **_privacy(actor))
    context["rows_html"] = _rows_html(youths, today, context["show_birth_date"])
    return render(request, "vervolghuisvesting/youth_list.html", context)


@export_formats
def youth_export(request, fmt):
    """Every youth of the list with its filters, as CSV or XLSX; logged like the list."""
    actor = request.actor
    _form, rows = _youth_rows(request)
    access_log_record(
        actor=actor,
        request=request,
        kind=AccessKind.EXPORT,
        what=_("Export van de lijst van jongeren (%(format)s)") % {"format": fmt.upper()},
        row_count=rows.count(),
    )
    return export_response(
        fmt,
        filename="jongeren",
        columns=youth_columns(actor),
        rows=youth_values(rows).iterator(chunk_size=CHUNK_SIZE),
        sheet_title=_("Jongeren"),
    )


def _status_text(youth, housing_requests: list) -> str:
    """The youth's status; in Verlengde Opvang also why (`rules.verlengde_opvang_group`)."""
    label = str(STATUS_LABELS[youth.status])
    if youth.status != "verlengde_opvang":
        return label
    running = any(housing.state in OPEN_STATES for housing in housing_requests)
    group = verlengde_opvang_group(choice=youth.choice, has_open_request=running)
    return f"{label}, {VO_GROUP_LABELS[group]}"


def youth_detail(request, pseudonym):
    actor = request.actor
    youth = selectors.youth_get(actor=actor, pseudonym=pseudonym)
    may_change = can(actor, youth, Action.CHANGE)
    placements = list(selectors.youth_placements(actor=actor, youth=youth))
    housing_requests = list(
        scope(actor, HousingRequest).filter(youth=youth).order_by("-submitted_on")
    )
    marks = milestones(youth.birth_on)
    current = next((placement for placement in placements if placement.ended_on is None), None)
    context = {
        "transfers": list(selectors.youth_transfers(actor=actor, youth=youth)),
        "transfer_from": current if current and can_create(actor, PlacementTransfer) else None,
        "youth": youth,
        "status_text": _status_text(youth, housing_requests),
        "milestones": marks,
        "conversation_overdue": not youth.conversation_on
        and youth.is_placed
        and marks.keuzemoment < timezone.localdate(),
        "choices": selectors.choice_history(youth=youth),
        "placements": placements,
        "may_change": may_change,
        "conversation_form": ConversationForm(
            initial={"conversation_on": youth.conversation_on, "choice": youth.choice}
        ),
        **history_page(request, obj=youth, hide=_hidden_fields(actor)),
        "housing_requests": housing_requests,
        "may_submit": actor.kind in ("contractpartner", "nidos") and actor.can_write,
        **_privacy(actor),
    }
    return render(request, "vervolghuisvesting/youth_detail.html", context)


@require_POST
def youth_conversation(request, pseudonym):
    actor = request.actor
    youth = get_or_404(actor, Youth, Action.CHANGE, pseudonym=pseudonym)
    form = ConversationForm(request.POST)
    if form.is_valid():
        try:
            services.conversation_record(actor=actor, youth=youth, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Het keuzegesprek is vastgelegd."))
    else:
        messages.error(request, _("Vul een geldige datum en keuze in."))
    return redirect("youth_detail", pseudonym=pseudonym)


@require_http_methods(["GET", "POST"])
def placement_create(request, pk):
    actor = request.actor
    location = get_or_404(actor, Location, Action.CHANGE, pk=pk)
    if not can_create(actor, Youth):
        raise PermissionDenied
    form = PlacementForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        pseudonym = data.pop("pseudonym")
        try:
            if pseudonym:
                data["youth"] = _placeable_youth(actor, pseudonym)
            placement = services.placement_start(actor=actor, location=location, **data)
        except AlreadySubmitted as error:
            return already_submitted(request, error, fallback=reverse("location_detail", args=[pk]))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(youth)s is geplaatst op %(location)s.")
                % {"youth": placement.youth, "location": location},
            )
            return redirect("location_detail", pk=pk)
    context = {"form": form, "location": location}
    return render(request, "vervolghuisvesting/placement_form.html", context)


def _placeable_youth(actor, pseudonym: str) -> Youth:
    """A youth the contractpartner knows (placed with it before); others stay unknown."""
    youth = scope(actor, Youth, Action.CHANGE).filter(pseudonym=pseudonym).first()
    if youth is None:
        raise ValidationError(
            {"pseudonym": _("Geen jongere met dit pseudoniem bij uw organisatie.")}
        )
    return youth


@require_http_methods(["GET", "POST"])
def placement_end(request, pk):
    actor = request.actor
    placement = get_or_404(actor, Placement, Action.CHANGE, pk=pk, ended_on__isnull=True)
    form = PlacementEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["destination"] == Destination.ANDERE_KSO:
            # To another KSO location the placement moves, it does not just end (issue 17).
            messages.info(request, _("Kies de locatie waar de jongere gaat wonen."))
            return redirect("placement_move", pk=placement.pk)
        try:
            services.placement_end(actor=actor, placement=placement, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Het vertrek van %(youth)s is vastgelegd.") % {"youth": placement.youth}
            )
            return redirect("location_detail", pk=placement.location_id)
    context = {"form": form, "placement": placement}
    return render(request, "vervolghuisvesting/placement_end.html", context)


@require_http_methods(["GET", "POST"])
def placement_move(request, pk):
    actor = request.actor
    placement = get_or_404(actor, Placement, Action.CHANGE, pk=pk, ended_on__isnull=True)
    targets = (
        scope(actor, Location, Action.CHANGE)
        .filter(stage=Stage.IN_GEBRUIK, contractpartner=actor.organisation)
        .exclude(pk=placement.location_id)
        .order_by("street")
    )
    form = PlacementMoveForm(
        request.POST or None, locations=targets, initial={"moved_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.placement_move(actor=actor, placement=placement, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(youth)s woont nu op %(location)s.")
                % {"youth": new.youth, "location": new.location},
            )
            return redirect("location_detail", pk=new.location_id)
    context = {"form": form, "placement": placement}
    return render(request, "vervolghuisvesting/placement_move.html", context)


@require_POST
def occupancy_confirm(request, pk):
    actor = request.actor
    location = get_or_404(actor, Location, Action.CHANGE, pk=pk)
    try:
        services.occupancy_confirm(
            actor=actor, location=location, once=request.POST.get(ONCE_FIELD, "")
        )
    except AlreadySubmitted as error:
        return already_submitted(request, error, fallback=reverse("location_detail", args=[pk]))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De bezetting is bevestigd."))
    return redirect("location_detail", pk=pk)
