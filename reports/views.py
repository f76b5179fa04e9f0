"""/rapporten/: the reports the user may make, the ones the worker made for them, and the
exports of the lists. Each view: authorise through the access policy, parse, one service or
selector, respond."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kso_portal.access import YOUTH_KINDS, get_or_404
from kso_portal.once import FIELD_NAME as ONCE_FIELD
from kso_portal.once import AlreadySubmitted, already_submitted
from kso_portal.paging import paginate
from taakstelling.rules import period_code, period_of

from . import selectors, services
from .constants import ReportState
from .forms import FORMS, DossierForm, OverviewForm, StandForm
from .models import Report

# The lists that export, who has them, and the URL name of their export (kwarg fmt).
EXPORTS = (
    (gettext_lazy("Locaties"), "location_export", None),
    (gettext_lazy("Jongeren"), "youth_export", YOUTH_KINDS),
    (gettext_lazy("Aanvragen vervolghuisvesting"), "housing_request_export", YOUTH_KINDS),
    (
        gettext_lazy("Taakstelling, lopend halfjaar"),
        "period_table_export",
        ("gemeente", "nidos", "beheer"),
    ),
    (gettext_lazy("Meldingen"), "notification_export", None),
)


def _exports(actor) -> list[tuple[str, str, str]]:
    running = {"code": period_code(*period_of(timezone.localdate()))}
    links = []
    for name, url_name, kinds in EXPORTS:
        if kinds is not None and actor.kind not in kinds:
            continue
        extra = running if url_name == "period_table_export" else {}
        links.append(
            (name, *(reverse(url_name, kwargs={**extra, "fmt": fmt}) for fmt in ("csv", "xlsx")))
        )
    return links


def _page(request, bound=None, status: int = 200):
    actor = request.actor
    options = selectors.report_options(actor=actor)
    forms = {kind: cls(options=options) for kind, cls in FORMS.items()}
    if bound is not None:
        forms[bound.kind] = bound
    context = paginate(request, selectors.report_list(actor=actor), per_page=20)
    context.update(
        options=options,
        stand_form=forms[StandForm.kind] if options.may_stand else None,
        overview_form=forms[OverviewForm.kind] if options.may_overview else None,
        dossier_form=forms[DossierForm.kind],
        exports=_exports(actor),
    )
    return render(request, "reports/report_index.html", context, status=status)


def report_index(request):
    return _page(request)


def _pdf_response(rendered: services.Rendered) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


@require_POST
def report_create(request):
    """Make a report: a small one downloads at once, a large one is made by the worker."""
    actor = request.actor
    form_class = FORMS.get(request.POST.get("kind", ""))
    if form_class is None:
        raise Http404
    form = form_class(request.POST, options=selectors.report_options(actor=actor))
    if not form.is_valid():
        return _page(request, bound=form, status=400)
    parameters = dict(form.cleaned_data)
    once = parameters.pop(ONCE_FIELD, "")
    try:
        result = services.report_request(
            actor=actor, kind=form_class.kind, parameters=parameters, once=once
        )
    except AlreadySubmitted as error:
        return already_submitted(request, error, fallback=reverse("report_index"))
    if isinstance(result, services.Rendered):
        return _pdf_response(result)
    messages.info(
        request,
        _(
            "Het rapport wordt gemaakt. U krijgt een melding zodra het klaar is; het staat dan ook "
            "hieronder."
        ),
    )
    return redirect("report_index")


def report_download(request, pk):
    report = get_or_404(request.actor, Report, pk=pk)
    if report.state != ReportState.READY:
        if report.state == ReportState.FAILED:
            messages.error(request, report.error)
        else:
            messages.info(request, _("Dit rapport wordt nog gemaakt."))
        return redirect("report_index")
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        # The row is there but the file is not (a database restored without its files).
        messages.error(
            request,
            _("Het bestand van dit rapport ontbreekt; vraag het rapport opnieuw aan."),
        )
        return redirect("report_index")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
