"""The states of a housing request and who may move it where (DESIGN.md §6). Nothing else
changes a request's state."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kso_portal.access import CONTRACTPARTNER, GEMEENTE, NIDOS

from .constants import HousingState as S


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    by: frozenset[str]
    label: str
    # An outcome records the kind of housing and its date; a withdrawal its reason.
    needs_outcome: bool = False
    needs_reason: bool = False


def _m(source, target, by, label, **needs) -> Move:
    return Move(source, target, frozenset(by), label, **needs)


OPEN = (S.INGEDIEND, S.IN_BEHANDELING, S.WONING_AANGEBODEN)
MOVES: tuple[Move, ...] = (
    _m(S.INGEDIEND, S.IN_BEHANDELING, {GEMEENTE}, _("In behandeling nemen")),
    _m(S.IN_BEHANDELING, S.WONING_AANGEBODEN, {GEMEENTE}, _("Woning aanbieden")),
    _m(
        S.WONING_AANGEBODEN,
        S.GEHUISVEST,
        {GEMEENTE},
        _("Huisvesting vastleggen"),
        needs_outcome=True,
    ),
    *(
        _m(source, S.OVERBRUGGING, {GEMEENTE}, _("Overbrugging vastleggen"), needs_outcome=True)
        for source in OPEN
    ),
    _m(S.OVERBRUGGING, S.GEHUISVEST, {GEMEENTE}, _("Huisvesting vastleggen"), needs_outcome=True),
    *(
        _m(
            source,
            S.INGETROKKEN,
            {CONTRACTPARTNER, NIDOS},
            _("Aanvraag intrekken"),
            needs_reason=True,
        )
        for source in OPEN
    ),
)
_BY_STATES = {(m.source, m.target): m for m in MOVES}


def move_get(source: str, target: str) -> Move | None:
    return _BY_STATES.get((source, target))


def allowed_moves(state: str, *, kind: str | None) -> list[Move]:
    return [m for m in MOVES if m.source == state and kind in m.by]
