"""Housing requests (aanvragen vervolghuisvesting): submitting, moving through the states,
escalating, and the term policy table. Hand-overs: `transfers.py`."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kso_portal.access import NIDOS, Actor, audience
from kso_portal.once import once_claim
from notifications.services import notify
from organisations.models import Gemeente
from vervolghuisvesting import workflow
from vervolghuisvesting.constants import (
    OPEN_STATES,
    EscalationKind,
    HousingState,
    HousingType,
    TransferState,
)
from vervolghuisvesting.models import (
    Escalation,
    HousingRequest,
    TermPolicy,
    Youth,
)
from vervolghuisvesting.rules import (
    DEFAULT_TERM_POLICY,
    HOUSING_REQUEST_FROM_MONTHS,
    add_months,
    housing_deadline,
)
from vervolghuisvesting.selectors import responsible_gemeente


def _policy_rows() -> list[tuple[date, int]]:
    return list(TermPolicy.objects.values_list("valid_from", "term_months"))


def _ensure_policy() -> None:
    """The table starts as the published rule (migration 0003 fills it); a database emptied
    without it (a flushed test database) gets the same rows back."""
    if not TermPolicy.objects.exists():
        TermPolicy.objects.bulk_create(
            TermPolicy(valid_from=valid_from, term_months=months)
            for valid_from, months in DEFAULT_TERM_POLICY
        )


def _apply_term(request: HousingRequest) -> None:
    """Term and deadline from the policy row in force on the submission date."""
    _ensure_policy()
    rows = TermPolicy.objects.filter(valid_from__lte=request.submitted_on).order_by("-valid_from")
    row = rows.first()
    if row is None:
        raise ValidationError(
            {"submitted_on": _("Er is geen termijnregel voor deze indieningsdatum.")}
        )
    request.term_policy = row
    request.term_months, request.deadline_on = housing_deadline(
        request.submitted_on, policy=_policy_rows()
    )


def _responsible_gemeente(youth: Youth) -> Gemeente:
    gemeente = responsible_gemeente(youth=youth)
    if gemeente is None:
        raise ValidationError(_("Deze jongere heeft nog nooit in een KSO-locatie gewoond."))
    return gemeente


def _tell(actor: Actor, request: HousingRequest, title: str, body: str) -> None:
    members = audience(request).exclude(organisation=actor.organisation).select_related("user")
    notify(
        recipients={m.user for m in members},
        kind="housing_request",
        title=title,
        body=body,
        url=reverse("housing_request_detail", kwargs={"pk": request.pk}),
    )


def _check_submission_date(actor: Actor, youth: Youth, submitted_on: date, reason: str) -> str:
    """A request is not submitted in the future, before the youth came to KSO, nor before the
    youth is 17, unless Nidos records why (issue 17). Returns the reason to keep: Nidos' for an
    early request, else none."""
    if submitted_on > timezone.localdate():
        raise ValidationError({"submitted_on": _("De indieningsdatum ligt in de toekomst.")})
    first = youth.placements.order_by("started_on").values_list("started_on", flat=True).first()
    if first is not None and submitted_on < first:
        raise ValidationError(
            {"submitted_on": _("%(youth)s woont pas sinds %(on)s in KSO; een aanvraag kan niet "
                               "eerder zijn ingediend.")
             % {"youth": youth, "on": first.strftime("%d-%m-%Y")}}
        )  # fmt: skip
    seventeen = add_months(youth.birth_on, HOUSING_REQUEST_FROM_MONTHS)
    if submitted_on >= seventeen:
        return ""
    if actor.kind == NIDOS and reason.strip():
        return reason.strip()
    if actor.kind == NIDOS:
        raise ValidationError(
            {"early_reason": _("%(youth)s is op de indieningsdatum nog geen 17 (dat is op "
                               "%(on)s). Geef de reden om toch nu in te dienen.")
             % {"youth": youth, "on": seventeen.strftime("%d-%m-%Y")}}
        )  # fmt: skip
    raise ValidationError(
        {"submitted_on": _("%(youth)s is op de indieningsdatum nog geen 17 (dat is op %(on)s). "
                           "Eerder indienen kan alleen Nidos, met een reden.")
         % {"youth": youth, "on": seventeen.strftime("%d-%m-%Y")}}
    )  # fmt: skip


@transaction.atomic
def housing_request_submit(
    *, actor: Actor, youth: Youth, submitted_on: date, early_reason: str = ""
) -> HousingRequest:
    """The contractpartner or Nidos submits a request; the responsible gemeente hears of it.
    Refused: a date in the future or before the youth's first placement, a youth under 17 on
    that date (Nidos may, with a reason), or a youth who already has an open request."""
    early_reason = _check_submission_date(actor, youth, submitted_on, early_reason)
    if HousingRequest.objects.filter(youth=youth, state__in=OPEN_STATES).exists():
        raise ValidationError(_("Voor %(youth)s loopt al een aanvraag.") % {"youth": youth})
    request = HousingRequest(
        youth=youth,
        gemeente=_responsible_gemeente(youth),
        submitted_on=submitted_on,
        early_reason=early_reason,
        submitted_by=actor.user,
        submitted_by_organisation=actor.organisation,
        state_changed_at=timezone.now(),
    )
    _apply_term(request)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError(
            _("Voor %(youth)s loopt al een aanvraag.") % {"youth": youth}
        ) from None
    _tell(
        actor,
        request,
        _("Aanvraag vervolghuisvesting voor %(youth)s") % {"youth": youth},
        _("Ingediend op %(on)s; uiterlijk %(deadline)s huisvesting of passende overbrugging.")
        % {
            "on": submitted_on.strftime("%d-%m-%Y"),
            "deadline": request.deadline_on.strftime("%d-%m-%Y"),
        },
    )
    return request


def _check_outcome(move, outcome_type: str, outcome_on: date | None) -> dict:
    if not move.needs_outcome:
        return {}
    errors = {}
    if move.target == HousingState.OVERBRUGGING:
        outcome_type = outcome_type or HousingType.OVERBRUGGING
    if outcome_type not in HousingType.values:
        errors["outcome_type"] = _("Kies de soort huisvesting.")
    if outcome_on is None:
        errors["outcome_on"] = _("Vul de datum in.")
    elif outcome_on > timezone.localdate():
        errors["outcome_on"] = _("Deze datum ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)
    return {"outcome_type": outcome_type, "outcome_on": outcome_on}


@transaction.atomic
def housing_request_move(
    *,
    actor: Actor,
    request: HousingRequest,
    target: str,
    outcome_type: str = "",
    outcome_on: date | None = None,
    reason: str = "",
) -> HousingRequest:
    """Move a request along the table of vervolghuisvesting/workflow.py."""
    request = HousingRequest.objects.select_for_update().get(pk=request.pk)
    move = workflow.move_get(request.state, target)
    if move is None or actor.kind not in move.by:
        raise ValidationError(
            _("U kunt deze aanvraag niet van %(source)s naar %(target)s zetten.")
            % {"source": HousingState(request.state).label, "target": target}
        )
    if move.needs_reason and not reason.strip():
        raise ValidationError({"reason": _("Geef de reden van de intrekking.")})
    for name, value in _check_outcome(move, outcome_type, outcome_on).items():
        setattr(request, name, value)
    request.withdrawal_reason = reason.strip() if move.needs_reason else request.withdrawal_reason
    request.state, request.state_changed_at = target, timezone.now()
    request.save()
    if target not in OPEN_STATES:  # nothing left to hand over: an open offer lapses
        request.transfers.filter(state=TransferState.AANGEBODEN).update(
            state=TransferState.INGETROKKEN, decided_by=actor.user, decided_at=timezone.now()
        )
    _tell(
        actor,
        request,
        _("Aanvraag voor %(youth)s: %(state)s")
        % {"youth": request.youth, "state": HousingState(target).label},
        _("%(organisation)s zette de aanvraag op %(state)s.")
        % {"organisation": actor.organisation, "state": HousingState(target).label},
    )
    return request


@transaction.atomic
def escalation_record(
    *, actor: Actor, request: HousingRequest, kind: str, on: date, note: str = "", once: str = ""
) -> Escalation:
    """Record 'overleg met Nidos' or 'bestuurlijk opgeschaald' for a request; once per form."""
    claim = once_claim(token=once, user=actor.user)
    if kind not in EscalationKind.values:
        raise ValidationError({"kind": _("Kies de soort escalatie.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("Deze datum ligt in de toekomst.")})
    escalation = Escalation.objects.create(
        request=request,
        kind=kind,
        on=on,
        note=note.strip(),
        by=actor.user,
        organisation=actor.organisation,
    )
    _tell(
        actor,
        request,
        _("Aanvraag voor %(youth)s: %(kind)s")
        % {"youth": request.youth, "kind": EscalationKind(kind).label},
        note.strip() or _("Zonder toelichting."),
    )
    claim.made(reverse("housing_request_detail", kwargs={"pk": request.pk}))
    return escalation


@transaction.atomic
def term_policy_save(
    *, valid_from: date, term_months: int, note: str = "", row: TermPolicy | None = None
) -> TermPolicy:
    """Add a row to the term table (or change `row`) and recompute the deadlines of the
    requests it applies to, and only those. Refused: a new row on a date that already has one
    (the rows would overlap) and a term under one month."""
    if term_months < 1:
        raise ValidationError({"term_months": _("Een termijn is ten minste 1 maand.")})
    clash = TermPolicy.objects.filter(valid_from=valid_from).exclude(pk=getattr(row, "pk", None))
    if clash.exists():
        raise ValidationError(
            {"valid_from": _("Er is al een termijnregel vanaf %(on)s; wijzig die regel.")
             % {"on": valid_from.strftime("%d-%m-%Y")}}
        )  # fmt: skip
    row = row or TermPolicy()
    earliest = min(valid_from, row.valid_from or valid_from)
    row.valid_from, row.term_months, row.note = valid_from, term_months, note
    row.full_clean(validate_unique=False)
    row.save()
    for request in HousingRequest.objects.select_for_update().filter(submitted_on__gte=earliest):
        _apply_term(request)
        request.save(update_fields=["term_policy", "term_months", "deadline_on", "updated_at"])
    return row
