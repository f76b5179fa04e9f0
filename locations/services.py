"""Writes of the locations app: offering a property, moving it through the stages, and its
comments, documents and plans. Each transition notifies the other parties after commit."""

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kso_portal.access import GEMEENTE, Actor, audience
from kso_portal.once import once_claim
from notifications.services import notify
from organisations.constants import OrganisationKind

from . import files, workflow
from .constants import MAX_DOCUMENT_BYTES, PveOccasion, Stage
from .models import (
    ChecklistVersion,
    Location,
    LocationComment,
    LocationDocument,
    PveCheck,
    StagePlan,
)
from .models import StageTransition as TransitionRecord
from .pve import checklist_on, current_checklist
from .rules import actual_date_problem
from .selectors import (
    location_pve,
    location_reached_on,
    location_stage_plans,
    opening_blockers,
)

logger = logging.getLogger(__name__)

PROPERTY_FIELDS = (
    "street",
    "house_number",
    "postcode",
    "place",
    "gemeente",
    "property_type",
    "owner_type",
    "available_from",
    "available_until",
    "intended_form",
    "proposed_capacity",
    "single_bedrooms",
    "smallest_bedroom_m2",
    "has_living_room",
    "living_room_m2",
    "has_kitchen",
    "showers",
    "toilets",
    "has_staff_room",
    "isk_travel_minutes",
    "isk_name",
    "has_gp",
    "notes",
)


# Who still lives at a location on or after a day, by pseudonym. A location knows no youths (the
# app of youths sits above this one): the caller passes vervolghuisvesting's answer.
StillPlaced = Callable[[Location, date], Sequence[str]]


class StageChanged(Exception):
    """Someone else moved the location first; nothing was written."""

    def __init__(self, stage: str):
        super().__init__(stage)
        self.stage = stage


def _check_gemeente(actor: Actor, gemeente) -> None:
    if actor.kind == GEMEENTE and gemeente.pk != actor.organisation.gemeente_id:
        raise ValidationError(
            {
                "gemeente": _(
                    "U kunt alleen een pand in uw eigen gemeente (%(gemeente)s) aanbieden."
                )
                % {"gemeente": actor.organisation.gemeente}
            }
        )


def _notify_parties(*, actor: Actor, location: Location, title: str, body: str) -> None:
    """Tell every other organisation that works with the location (the access policy says who)."""
    members = audience(location).exclude(organisation=actor.organisation).select_related("user")
    notify(
        recipients={m.user for m in members},
        kind="location",
        title=title,
        body=body,
        url=reverse("location_detail", kwargs={"pk": location.pk}),
    )


def _record(
    actor: Actor, location: Location, source: str, target: str, comment: str, happened_on: date
) -> None:
    """The move, recorded now, and the day it happened as the stage's actual date."""
    TransitionRecord.objects.create(
        location=location,
        from_stage=source,
        to_stage=target,
        by=actor.user,
        organisation=actor.organisation,
        comment=comment,
        happened_on=happened_on,
    )
    plan, _created = StagePlan.objects.get_or_create(location=location, stage=target)
    plan.actual_on = happened_on
    plan.save(update_fields=["actual_on"])
    version = checklist_on(happened_on)
    if version.pk is not None:  # unsaved: no version in the database to keep it with
        _pve_keep(location, version, happened_on, PveOccasion.FASE).save()


def _pve_keep(location: Location, version: ChecklistVersion, on: date, occasion: str) -> PveCheck:
    """The location's PvE check under `version` as it stands now, kept with that version (the
    stage moved, or the version was succeeded), unsaved."""
    result = location_pve(
        location=location, plans=location_stage_plans(location=location), version=version
    )
    return PveCheck(
        location=location,
        version=version,
        checked_on=on,
        stage=location.stage,
        occasion=occasion,
        overall=result.overall,
        requirements=[
            {"code": r.code, "verdict": r.verdict, "explanation": r.explanation}
            for r in result.requirements
        ],
        missing=[str(label) for label in result.missing],
    )


@transaction.atomic
def location_offer(*, actor: Actor, once: str = "", **data) -> Location:
    """A gemeente or woningcorporatie offers a candidate property; Nidos hears of it. Once per
    form (kso_portal/once.py): a second submission raises AlreadySubmitted."""
    claim = once_claim(token=once, user=actor.user)
    _check_gemeente(actor, data["gemeente"])
    location = Location(
        **{name: data.get(name) for name in PROPERTY_FIELDS if name in data},
        offered_by=actor.organisation,
        stage=Stage.AANGEBODEN,
        stage_changed_at=timezone.now(),
    )
    location.full_clean()
    location.save()
    # Offering is done in the portal: the day of the offer is today.
    _record(actor, location, "", Stage.AANGEBODEN, "", timezone.localdate())
    _notify_parties(
        actor=actor,
        location=location,
        title=_("Nieuw pand aangeboden: %(location)s") % {"location": location},
        body=_("%(organisation)s biedt een pand aan in %(gemeente)s.")
        % {"organisation": actor.organisation, "gemeente": location.gemeente},
    )
    claim.made(reverse("location_detail", kwargs={"pk": location.pk}))
    return location


@transaction.atomic
def location_update(*, actor: Actor, location: Location, **data) -> Location:
    """Correct the property data while the location is not yet closed."""
    location = Location.objects.select_for_update().get(pk=location.pk)
    if location.stage in workflow.CLOSED_STAGES:
        raise ValidationError(_("Een afgesloten locatie kan niet meer worden gewijzigd."))
    _check_gemeente(actor, data.get("gemeente", location.gemeente))
    for name in PROPERTY_FIELDS:
        if name in data:
            setattr(location, name, data[name])
    location.full_clean()
    location.save()
    return location


def _check_transition(actor: Actor, location: Location, move) -> None:
    is_offerer = location.offered_by_id == actor.organisation.pk
    if move is None or not workflow.is_allowed(move, kind=actor.kind, is_offerer=is_offerer):
        raise ValidationError(
            _("U kunt deze locatie niet van %(source)s naar %(target)s zetten.")
            % {
                "source": Stage(location.stage).label,
                "target": Stage(move.target).label if move else "?",
            }
        )


def _apply_fields(location: Location, move, fields: dict, comment: str, errors: dict) -> None:
    """Set the move's fields on the location; raise `errors` and every missing field at once."""
    errors = dict(errors)
    for name in move.fields:
        value = fields.get(name)
        if name in workflow.REQUIRED_FIELDS and value in (None, ""):
            errors[name] = _("Vul dit in.")
        setattr(location, name, value if value is not None else getattr(location, name))
    if move.comment_required and not comment.strip():
        errors["comment"] = _("Leg uit wat er is veranderd.")
    contractpartner = fields.get("contractpartner")
    if contractpartner and contractpartner.kind != OrganisationKind.CONTRACTPARTNER:
        errors["contractpartner"] = _("Kies een contractpartner.")
    if "agreed_capacity" in move.fields and location.agreed_capacity:
        errors.update(_capacity_reason_errors(location))
    if errors:
        raise ValidationError(errors)


def _capacity_reason_errors(location: Location) -> dict:
    """A capacity outside the form's range is allowed with a recorded reason (DESIGN.md §4.1)."""
    version = current_checklist()
    low = getattr(version, f"{location.form}_min")
    high = getattr(version, f"{location.form}_max")
    if low <= location.agreed_capacity <= high or location.capacity_deviation_reason.strip():
        return {}
    return {
        "capacity_deviation_reason": _(
            "De capaciteit %(capacity)d valt buiten %(low)d-%(high)d voor deze vorm; leg de reden "
            "vast."
        )
        % {"capacity": location.agreed_capacity, "low": low, "high": high}
    }


def _happened_on(location: Location, move, fields: dict) -> tuple[date | None, dict]:
    """The day the move happened (the stage's actual date): the move's own date (the opening,
    the college decision, the end) or the date asked for it, today when none was given; and
    the error when it is after today or before the day the location reached its stage."""
    today = timezone.localdate()
    on = fields.get(move.date_field)
    if on is None and move.date_field == workflow.HAPPENED_ON:
        on = today
    if on is None:
        return None, {}  # a required date: _apply_fields asks for it
    problem = actual_date_problem(on, today=today, reached_on=location_reached_on(location))
    return on, {move.date_field: problem} if problem else {}


def _check_empty(location: Location, still_placed: StillPlaced | None) -> None:
    """A location ends only when no youth lives there any more from its end date (issue 17)."""
    if still_placed is None:
        raise ImproperlyConfigured("Ending a location needs still_placed: who lives there.")
    youths = still_placed(location, location.ended_on)
    if youths:
        raise ValidationError(
            _("De locatie kan niet eindigen: hier wonen op %(on)s nog %(youths)s. De "
              "contractpartner verhuist of beëindigt eerst hun plaatsingen.")
            % {"on": location.ended_on.strftime("%d-%m-%Y"), "youths": ", ".join(youths)}
        )  # fmt: skip


def _check_opening(location: Location) -> None:
    blockers = opening_blockers(location=location)
    if blockers:
        raise ValidationError(blockers)


@transaction.atomic
def location_transition(
    *,
    actor: Actor,
    location: Location,
    target: str,
    expected_stage: str,
    comment: str = "",
    fields: dict | None = None,
    still_placed: StillPlaced | None = None,
) -> Location:
    """Move a location along the table of locations/workflow.py, on the day it happened (the
    move's date field, `workflow.Transition.date_field`).

    Raises StageChanged when the location is no longer in `expected_stage` (someone else moved
    it first: nothing is written twice), ValidationError when the actor may not make the move,
    a required field or reason is missing, the location cannot open yet (listing why), or it
    would end while youths still live there (`still_placed`, needed for that move, names them).
    """
    location = Location.objects.select_for_update().get(pk=location.pk)
    if location.stage != expected_stage:
        raise StageChanged(location.stage)
    move = workflow.transition_get(location.stage, target)
    _check_transition(actor, location, move)
    happened_on, date_errors = _happened_on(location, move, fields or {})
    _apply_fields(location, move, fields or {}, comment, date_errors)
    if target == Stage.IN_GEBRUIK:
        _check_opening(location)
    if target == Stage.BEEINDIGD:
        _check_empty(location, still_placed)
    if target == Stage.IN_BEOORDELING:
        location.accountmanager = actor.user
    source = location.stage
    location.stage, location.stage_changed_at = target, timezone.now()
    location.full_clean()
    location.save()
    _record(actor, location, source, target, comment, happened_on)
    _notify_parties(
        actor=actor,
        location=location,
        title=_("%(location)s: %(target)s") % {"location": location, "target": Stage(target).label},
        body=_("%(organisation)s zette de locatie van %(source)s naar %(target)s.%(comment)s")
        % {
            "organisation": actor.organisation,
            "source": Stage(source).label,
            "target": Stage(target).label,
            "comment": f"\n\n{comment}" if comment else "",
        },
    )
    return location


def _in_preparation(location: Location) -> Location:
    location = Location.objects.select_for_update().get(pk=location.pk)
    if location.stage != Stage.VOORBEREIDING:
        raise ValidationError(_("Dit kan alleen in de fase voorbereiding."))
    return location


@transaction.atomic
def location_preparation_update(
    *,
    actor: Actor,
    location: Location,
    gebruiksmelding_filed_on: date | None,
    neighbourhood_informed_on: date | None,
) -> Location:
    """The gemeente (or Nidos) records the gebruiksmelding and informing the neighbourhood."""
    location = _in_preparation(location)
    location.gebruiksmelding_filed_on = gebruiksmelding_filed_on
    location.neighbourhood_informed_on = neighbourhood_informed_on
    location.save(update_fields=["gebruiksmelding_filed_on", "neighbourhood_informed_on"])
    return location


@transaction.atomic
def location_furnishing_report(
    *, actor: Actor, location: Location, furnishing_ready_on: date
) -> Location:
    """The contractpartner reports the furnishing ready; the other parties hear of it."""
    location = _in_preparation(location)
    if location.contractpartner_id != actor.organisation.pk:
        raise ValidationError(_("Alleen de toegewezen contractpartner meldt de inrichting gereed."))
    location.furnishing_ready_on = furnishing_ready_on
    location.save(update_fields=["furnishing_ready_on"])
    _notify_parties(
        actor=actor,
        location=location,
        title=_("%(location)s: inrichting gereed") % {"location": location},
        body=_("%(organisation)s meldt de inrichting gereed op %(on)s.")
        % {"organisation": actor.organisation, "on": furnishing_ready_on.strftime("%d-%m-%Y")},
    )
    return location


@transaction.atomic
def location_stage_plan(*, actor: Actor, location: Location, planned: dict[str, date | None]):
    """Set the planned date of stages still to come (for lead times and stalled stages)."""
    for stage, planned_on in planned.items():
        plan, _created = StagePlan.objects.get_or_create(location=location, stage=stage)
        if plan.planned_on != planned_on:
            plan.planned_on = planned_on
            plan.save(update_fields=["planned_on"])


@transaction.atomic
def location_comment_add(
    *, actor: Actor, location: Location, body: str, once: str = ""
) -> LocationComment:
    claim = once_claim(token=once, user=actor.user)
    comment = LocationComment(
        location=location, author=actor.user, organisation=actor.organisation, body=body.strip()
    )
    comment.full_clean()
    comment.save()
    _notify_parties(
        actor=actor,
        location=location,
        title=_("%(location)s: nieuwe opmerking") % {"location": location},
        body=_("%(organisation)s schreef:\n\n%(body)s")
        % {"organisation": actor.organisation, "body": comment.body},
    )
    claim.made(reverse("location_detail", kwargs={"pk": location.pk}))
    return comment


@transaction.atomic
def location_document_add(
    *, actor: Actor, location: Location, kind: str, upload, once: str = ""
) -> LocationDocument:
    """Store a PDF, PNG or JPEG of at most 20 MB, its type judged from its content, under a
    generated name; the name shown and used for downloads is made safe."""
    claim = once_claim(token=once, user=actor.user)
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {"upload": _("Het bestand is groter dan 20 MB; verklein het of splits het op.")}
        )
    head = upload.read(files.SNIFF_BYTES)
    upload.seek(0)
    content_type = files.content_type_of(head)
    if content_type is None:
        raise ValidationError(
            {"upload": _("Alleen PDF, PNG of JPEG; dit bestand is geen van die drie.")}
        )
    document = LocationDocument(
        location=location,
        kind=kind,
        original_name=files.safe_file_name(upload.name, content_type),
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor.user,
        organisation=actor.organisation,
    )
    stored = f"{location.pk}/{uuid.uuid4().hex}.{files.EXTENSIONS[content_type]}"
    try:
        document.file.save(stored, ContentFile(upload.read()), save=False)
        document.full_clean()
        document.save()
    except (OSError, ValidationError, DatabaseError) as error:
        # No file without its row: a full disk left a partial file behind that nothing pointed
        # to. The row goes with the transaction; the file is removed here.
        document.file.storage.delete(stored)
        if isinstance(error, OSError):
            logger.error("document for location %s not stored: %s", location.pk, error)
            raise ValidationError(
                {
                    "upload": _(
                        "Het bestand kon niet worden opgeslagen (de opslag van het portaal is "
                        "vol of niet beschikbaar). Probeer het later opnieuw."
                    )
                }
            ) from error
        raise
    claim.made(reverse("location_detail", kwargs={"pk": location.pk}))
    return document


@transaction.atomic
def pve_versions_keep(*, today: date) -> int:
    """When a checklist version is succeeded, keep each open location's check under it as it
    stood on its last day, so that what was decided under it can be traced. Idempotent (one
    kept check per location and succeeded version, a database constraint); a run after missed
    days catches up. Returns how many checks it kept."""
    current = checklist_on(today)
    previous = checklist_on(current.valid_from - timedelta(days=1))
    if previous.pk is None or previous.pk == current.pk:
        return 0
    kept = PveCheck.objects.filter(version=previous, occasion=PveOccasion.VERSIE_OPGEVOLGD)
    locations = (
        Location.objects.exclude(stage__in=workflow.CLOSED_STAGES)
        .filter(created_at__lt=_start_of(current.valid_from))
        .exclude(pk__in=kept.values("location"))
        .prefetch_related("stage_plans")
    )
    last_day = current.valid_from - timedelta(days=1)
    checks = [
        _pve_keep(location, previous, last_day, PveOccasion.VERSIE_OPGEVOLGD)
        for location in locations
    ]
    return len(PveCheck.objects.bulk_create(checks, ignore_conflicts=True))


def _start_of(day: date):
    return timezone.make_aware(datetime.combine(day, time.min))
