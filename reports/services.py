"""Making the PDF reports (DESIGN.md §9): at once when they are small, by the worker when they
would keep the user waiting longer than two seconds, announced in the inbox when ready."""

import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kso_portal.access import Action, Actor, get_or_404, scope
from kso_portal.once import once_claim
from kso_portal.pdf import render_pdf
from kso_portal.redis_breaker import enqueue
from locations.models import Location
from notifications.services import notify
from organisations.models import Gemeente, NidosRegion
from taakstelling.models import Period

from . import selectors
from .constants import DIRECT_ROW_LIMIT, NOTIFICATION_KIND, ReportKind, ReportState
from .models import Report

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendered:
    title: str
    filename: str
    content: bytes


def _gemeente(actor: Actor, code: str) -> Gemeente:
    """A gemeente whose taakstelling the actor follows; any other answers 404."""
    gemeenten = scope(actor, Gemeente, Action.VIEW_TAAKSTELLING).filter(valid_until=None)
    gemeente = gemeenten.filter(code=code).first()
    if gemeente is None:
        raise Http404
    return gemeente


def _region(actor: Actor, code: str) -> NidosRegion | None:
    """One of the actor's Nidos regions (any, for national scope); "" is all it follows."""
    if not code:
        return None
    region = next(
        (r for r in selectors.report_options(actor=actor).regions if r.code == code), None
    )
    if region is None:
        raise Http404
    return region


def resolve(*, actor: Actor, kind: str, parameters: dict) -> dict:
    """The report's subject, through the access policy: what the actor may not see answers
    404, a report their organisation does not make 403."""
    options = selectors.report_options(actor=actor)
    if kind == ReportKind.LOCATION_DOSSIER:
        return {"location": get_or_404(actor, Location, pk=parameters["location"])}
    if (kind == ReportKind.STAND_VAN_ZAKEN and not options.may_stand) or (
        kind == ReportKind.OVERVIEW and not options.may_overview
    ):
        raise PermissionDenied
    period = get_or_404(actor, Period, code=parameters["period"])
    if kind == ReportKind.STAND_VAN_ZAKEN:
        return {"gemeente": _gemeente(actor, parameters["gemeente"]), "period": period}
    return {"period": period, "region": _region(actor, parameters.get("region", ""))}


def _size(actor: Actor, kind: str, subject: dict) -> int:
    if kind == ReportKind.LOCATION_DOSSIER:
        return selectors.location_dossier_size(location=subject["location"])
    if kind == ReportKind.STAND_VAN_ZAKEN:
        return selectors.stand_van_zaken_size(actor=actor, gemeente=subject["gemeente"])
    return selectors.overview_size(actor=actor, region=subject["region"])


def _title_and_filename(actor: Actor, kind: str, subject: dict) -> tuple[str, str]:
    if kind == ReportKind.LOCATION_DOSSIER:
        location = subject["location"]
        title = _("Dossier van %(location)s") % {"location": location}
        return title, f"dossier-locatie-{location.pk}.pdf"
    period = subject["period"]
    if kind == ReportKind.STAND_VAN_ZAKEN:
        gemeente = subject["gemeente"]
        title = _("Stand van zaken KSO %(gemeente)s, %(period)s") % {
            "gemeente": gemeente.name,
            "period": period.code,
        }
        return title, f"stand-van-zaken-{slugify(gemeente.name)}-{period.code}.pdf"
    if subject["region"]:
        area = subject["region"].name
    else:
        area = _("landelijk") if actor.is_national else _("al uw regio's")
    title = _("Overzicht KSO %(area)s, %(period)s") % {"area": area, "period": period.code}
    return title, f"overzicht-{slugify(area)}-{period.code}.pdf"


def _content(actor: Actor, kind: str, subject: dict) -> tuple[str, dict]:
    if kind == ReportKind.LOCATION_DOSSIER:
        return "pdf/location_dossier.html", selectors.location_dossier(**subject)
    if kind == ReportKind.STAND_VAN_ZAKEN:
        return "pdf/stand_van_zaken.html", selectors.stand_van_zaken(actor=actor, **subject)
    return "pdf/overview.html", selectors.overview(actor=actor, **subject)


def report_render(*, actor: Actor, kind: str, subject: dict) -> Rendered:
    """The PDF of a resolved report, with the organisation's name on every page."""
    title, filename = _title_and_filename(actor, kind, subject)
    template, context = _content(actor, kind, subject)
    context.update(title=title, organisation=actor.organisation, made_at=timezone.localtime())
    return Rendered(title, filename, render_pdf(template, context))


@transaction.atomic
def report_request(
    *, actor: Actor, kind: str, parameters: dict, once: str = ""
) -> Rendered | Report:
    """A small report rendered now; a large one queued for the worker (returns its row), once
    per form (a double click queued the national overview twice: kso_portal/once.py)."""
    subject = resolve(actor=actor, kind=kind, parameters=parameters)
    if _size(actor, kind, subject) <= DIRECT_ROW_LIMIT:
        return report_render(actor=actor, kind=kind, subject=subject)
    claim = once_claim(token=once, user=actor.user)
    title, _filename = _title_and_filename(actor, kind, subject)
    report = Report.objects.create(
        requested_by=actor.user,
        membership=actor.membership,
        kind=kind,
        parameters={**parameters, "language": translation.get_language()},
        title=title,
    )
    transaction.on_commit(partial(_enqueue, report.pk))
    claim.made(reverse("report_index"))
    return report


def _enqueue(report_id: int) -> None:
    """Hand the report to the worker; with the broker down, make it here and now rather than
    leave the user waiting for a message that never comes."""
    # The task module imports this one.
    from .tasks import report_generate

    if not enqueue(report_generate, report_id):
        logger.warning("report %s: not queued (broker unreachable); made in the request", report_id)
        report_generate(report_id)


def _still_member(report: Report) -> bool:
    """The requester may still act for the organisation the report was asked for: the report
    waited in the queue, and meanwhile the account or membership may have been ended."""
    membership = report.membership
    return (
        report.requested_by.is_active and membership.is_active and membership.organisation.is_active
    )


def _fail(report: Report, error: str) -> None:
    report.state = ReportState.FAILED
    report.error = error


def _finish(report: Report, actor: Actor) -> None:
    if not _still_member(report):
        _fail(
            report,
            _("Uw lidmaatschap van %(organisation)s is beëindigd; het rapport is niet gemaakt.")
            % {"organisation": report.membership.organisation},
        )
    else:
        try:
            subject = resolve(actor=actor, kind=report.kind, parameters=report.parameters)
            rendered = report_render(actor=actor, kind=report.kind, subject=subject)
        except (Http404, PermissionDenied):
            _fail(report, _("Wat dit rapport beschrijft, is niet meer zichtbaar voor u."))
        else:
            _store(report, rendered)
    report.finished_at = timezone.now()
    report.save()


def _store(report: Report, rendered: Rendered) -> None:
    """Keep the file; a disk that is full (or failing) fails the report with a message instead
    of leaving it queued for ever, and leaves no partial file behind."""
    storage = report.file.storage
    name = storage.get_available_name(
        report.file.field.generate_filename(report, rendered.filename)
    )
    try:
        report.file.name = storage.save(name, ContentFile(rendered.content))
    except OSError as error:
        logger.error("report %s: the file could not be stored: %s", report.pk, error)
        with contextlib.suppress(OSError):
            storage.delete(name)
        _fail(
            report,
            _(
                "Het rapport kon niet worden opgeslagen (de opslag van het portaal is vol of "
                "niet beschikbaar). De beheerder is gewaarschuwd; vraag het later opnieuw aan."
            ),
        )
    else:
        report.state = ReportState.READY


# A queued report is made within seconds; one still queued after STUCK_AFTER lost its task (a
# worker killed mid-task, a Redis that lost its data) and is queued again; one still queued
# after GIVE_UP_AFTER fails with a message, so that nobody waits for ever.
STUCK_AFTER = timedelta(minutes=5)
GIVE_UP_AFTER = timedelta(hours=2)


def report_stuck_count() -> int:
    """Reports queued longer than STUCK_AFTER (for /health/)."""
    cutoff = timezone.now() - STUCK_AFTER
    return Report.objects.filter(state=ReportState.QUEUED, created_at__lte=cutoff).count()


def report_requeue_stuck() -> int:
    """Queue again the reports that wait too long; fail those that waited far too long.
    Idempotent: making a report takes its row lock and makes it once. Returns how many were
    queued again."""
    from .tasks import report_generate as task

    now = timezone.now()
    waiting = Report.objects.filter(state=ReportState.QUEUED)
    for report_id in waiting.filter(created_at__lte=now - GIVE_UP_AFTER).values_list(
        "pk", flat=True
    ):
        _give_up(report_id)
    stuck = waiting.filter(created_at__lte=now - STUCK_AFTER, created_at__gt=now - GIVE_UP_AFTER)
    return sum(enqueue(task, report_id) for report_id in stuck.values_list("pk", flat=True))


def _give_up(report_id: int) -> None:
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("requested_by")
            .filter(pk=report_id, state=ReportState.QUEUED)
            .first()
        )
        if report is None:
            return
        with translation.override(report.parameters.get("language")):
            _fail(report, _("Het rapport is niet op tijd gemaakt; vraag het opnieuw aan."))
            report.finished_at = timezone.now()
            report.save()
            _announce(report)


def report_generate(*, report_id: int) -> bool:
    """Make a queued report and tell its requester; returns whether it was made now. The row
    stays locked while it is made, so a second run (or a redelivery) makes nothing."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("requested_by", "membership__organisation")
            .filter(pk=report_id, state=ReportState.QUEUED)
            .first()
        )
        if report is None:
            return False
        actor = Actor(user=report.requested_by, membership=report.membership)
        with translation.override(report.parameters.get("language")):
            _finish(report, actor)
            _announce(report)
    return True


def _announce(report: Report) -> None:
    if report.state == ReportState.READY:
        title = _("Rapport klaar: %(title)s") % {"title": report.title}
        body = _("Het rapport staat klaar om te downloaden op de pagina Rapporten.")
    else:
        title = _("Rapport niet gemaakt: %(title)s") % {"title": report.title}
        body = report.error
    notify(
        recipients=[report.requested_by],
        kind=NOTIFICATION_KIND,
        title=title[:200],
        body=body,
        url=reverse("report_download", kwargs={"pk": report.pk}),
    )
