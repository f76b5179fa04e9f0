"""The stages of a location and the literal table of who may move it where (DESIGN.md §4.4).

Nothing else changes a location's stage: `locations.services.location_transition` asks this
table and refuses every move that is not in it.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kso_portal.access import GEMEENTE, NIDOS

from .constants import Stage

# The organisation that offered the property (a gemeente or a woningcorporatie).
OFFERER = "offerer"
# The date a move happened, asked on the form of a move that records no date of its own.
HAPPENED_ON = "happened_on"

# The way a candidate property normally goes, for the stage overview and planned dates.
PIPELINE = (
    Stage.AANGEBODEN,
    Stage.IN_BEOORDELING,
    Stage.SCHOUW,
    Stage.BESLUITVORMING,
    Stage.VOORBEREIDING,
    Stage.IN_GEBRUIK,
)
BEFORE_IN_USE = PIPELINE[:-1]
# Stages in which a location still may change (the property data, plans, documents).
OPEN_STAGES = (*BEFORE_IN_USE, Stage.IN_GEBRUIK)
CLOSED_STAGES = (Stage.BEEINDIGD, Stage.AFGEWEZEN, Stage.INGETROKKEN)


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    by: frozenset[str]
    label: str
    # What the move records, as fields of the location; the form asks for them.
    fields: tuple[str, ...] = ()
    # Whether the comment is required (a reason or "what changed").
    comment_required: bool = False
    # The field whose value is the date the move happened, the stage's actual date: one of
    # `fields` (the opening date is the date in_gebruik was reached), else HAPPENED_ON.
    date_field: str = HAPPENED_ON


def _t(source, target, by, label, fields=(), comment_required=False, date_field=HAPPENED_ON):
    return Transition(
        source, target, frozenset(by), label, tuple(fields), comment_required, date_field
    )


TRANSITIONS: tuple[Transition, ...] = (
    _t(Stage.AANGEBODEN, Stage.IN_BEOORDELING, {NIDOS}, _("In beoordeling nemen")),
    _t(
        Stage.IN_BEOORDELING,
        Stage.SCHOUW,
        {NIDOS},
        _("Schouw plannen"),
        ("visit_on", "contractpartner"),
    ),
    _t(
        Stage.SCHOUW,
        Stage.BESLUITVORMING,
        {NIDOS},
        _("Schouw positief: naar besluitvorming"),
        ("visit_result", "agreed_form", "agreed_capacity", "capacity_deviation_reason"),
    ),
    _t(Stage.IN_BEOORDELING, Stage.AFGEWEZEN, {NIDOS}, _("Afwijzen"), ("rejection_reason",)),
    _t(Stage.SCHOUW, Stage.AFGEWEZEN, {NIDOS}, _("Afwijzen"), ("rejection_reason",)),
    _t(
        Stage.AFGEWEZEN,
        Stage.AANGEBODEN,
        {OFFERER},
        _("Opnieuw aanbieden"),
        comment_required=True,
    ),
    _t(
        Stage.BESLUITVORMING,
        Stage.VOORBEREIDING,
        {GEMEENTE},
        _("Collegebesluit vastleggen"),
        ("college_decision_on", "term_of_use_until"),
        date_field="college_decision_on",
    ),
    _t(
        Stage.VOORBEREIDING,
        Stage.IN_GEBRUIK,
        {NIDOS},
        _("Locatie openen"),
        ("opening_on",),
        date_field="opening_on",
    ),
    _t(
        Stage.IN_GEBRUIK,
        Stage.BEEINDIGD,
        {NIDOS, GEMEENTE},
        _("Beëindigen"),
        ("ended_on", "end_reason"),
        date_field="ended_on",
    ),
    *(
        _t(
            source,
            Stage.INGETROKKEN,
            {OFFERER},
            pgettext_lazy("locatie", "Intrekken"),
            ("withdrawal_reason",),
        )
        for source in BEFORE_IN_USE
    ),
)
_BY_STAGES = {(t.source, t.target): t for t in TRANSITIONS}

# Fields of a transition that must be filled (the others are optional).
REQUIRED_FIELDS = {
    "visit_on",
    "contractpartner",
    "visit_result",
    "agreed_form",
    "agreed_capacity",
    "rejection_reason",
    "college_decision_on",
    "opening_on",
    "ended_on",
    "end_reason",
    "withdrawal_reason",
}


def is_ahead(stage: str, *, location_stage: str) -> bool:
    """Whether `stage` still lies ahead of a location in `location_stage` on its way to use
    (PIPELINE); nothing lies ahead of a closed location."""
    if stage not in PIPELINE or location_stage not in PIPELINE:
        return False
    return PIPELINE.index(stage) > PIPELINE.index(location_stage)


def transition_get(source: str, target: str) -> Transition | None:
    return _BY_STAGES.get((source, target))


def parties(*, kind: str | None, is_offerer: bool) -> set[str]:
    """The roles in the table that an organisation plays for one location."""
    played = {kind} if kind else set()
    return played | ({OFFERER} if is_offerer else set())


def is_allowed(transition: Transition, *, kind: str | None, is_offerer: bool) -> bool:
    return bool(transition.by & parties(kind=kind, is_offerer=is_offerer))


def allowed_transitions(stage: str, *, kind: str | None, is_offerer: bool) -> list[Transition]:
    """The moves from `stage` that this organisation may make, in table order."""
    return [
        t
        for t in TRANSITIONS
        if t.source == stage and is_allowed(t, kind=kind, is_offerer=is_offerer)
    ]


@dataclass(frozen=True)
class OpeningFacts:
    capacity: int
    gebruiksmelding_above_sleepers: int
    gebruiksmelding_filed_on: date | None
    neighbourhood_informed_on: date | None
    furnishing_ready_on: date | None
    has_contractpartner: bool


def opening_blockers(facts: OpeningFacts) -> list[str]:
    """What still has to happen before `voorbereiding -> in_gebruik` (DESIGN.md §4.4)."""
    missing = []
    if facts.capacity > facts.gebruiksmelding_above_sleepers and not (
        facts.gebruiksmelding_filed_on
    ):
        missing.append(
            str(
                _(
                    "De gebruiksmelding brandveilig gebruik is nog niet ingediend (nodig bij meer "
                    "dan %(count)d slapers)."
                )
                % {"count": facts.gebruiksmelding_above_sleepers}
            )
        )
    if not facts.neighbourhood_informed_on:
        missing.append(str(_("De buurt is nog niet geïnformeerd (brief of bewonersavond).")))
    if not facts.has_contractpartner:
        missing.append(str(_("Er is nog geen contractpartner toegewezen.")))
    if not facts.furnishing_ready_on:
        missing.append(str(_("De contractpartner heeft de inrichting nog niet gereed gemeld.")))
    return missing
