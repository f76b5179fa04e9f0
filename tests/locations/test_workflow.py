"""The transition table of locations/workflow.py, exhaustively: every stage x target x party."""

from datetime import date
from itertools import product

import pytest

from kso_portal.access import BEHEER, CONTRACTPARTNER, GEMEENTE, NIDOS, WONINGCORPORATIE
from locations.constants import Stage
from locations.workflow import (
    OFFERER,
    OpeningFacts,
    allowed_transitions,
    is_allowed,
    opening_blockers,
    transition_get,
)

S = Stage
# DESIGN.md §4.4, written out once more by hand: (from, to) -> who may make the move.
EXPECTED = {
    (S.AANGEBODEN, S.IN_BEOORDELING): {NIDOS},
    (S.IN_BEOORDELING, S.SCHOUW): {NIDOS},
    (S.SCHOUW, S.BESLUITVORMING): {NIDOS},
    (S.IN_BEOORDELING, S.AFGEWEZEN): {NIDOS},
    (S.SCHOUW, S.AFGEWEZEN): {NIDOS},
    (S.AFGEWEZEN, S.AANGEBODEN): {OFFERER},
    (S.BESLUITVORMING, S.VOORBEREIDING): {GEMEENTE},
    (S.VOORBEREIDING, S.IN_GEBRUIK): {NIDOS},
    (S.IN_GEBRUIK, S.BEEINDIGD): {NIDOS, GEMEENTE},
    **{
        (source, S.INGETROKKEN): {OFFERER}
        for source in (S.AANGEBODEN, S.IN_BEOORDELING, S.SCHOUW, S.BESLUITVORMING, S.VOORBEREIDING)
    },
}
KINDS = (GEMEENTE, NIDOS, CONTRACTPARTNER, WONINGCORPORATIE, BEHEER)


@pytest.mark.parametrize(
    ("source", "target", "kind", "is_offerer"),
    list(product(Stage.values, Stage.values, KINDS, (False, True))),
)
def test_every_move_is_allowed_exactly_as_the_table_says(source, target, kind, is_offerer):
    move = transition_get(source, target)
    who = EXPECTED.get((source, target))
    if who is None:
        assert move is None
        return
    expected = kind in who or (is_offerer and OFFERER in who)
    assert is_allowed(move, kind=kind, is_offerer=is_offerer) is expected


def test_the_table_has_no_move_that_design_does_not_list():
    from locations.workflow import TRANSITIONS

    assert {(t.source, t.target) for t in TRANSITIONS} == set(EXPECTED)


def test_rejection_withdrawal_and_ending_ask_for_a_reason():
    assert "rejection_reason" in transition_get(S.SCHOUW, S.AFGEWEZEN).fields
    assert "withdrawal_reason" in transition_get(S.AANGEBODEN, S.INGETROKKEN).fields
    assert "end_reason" in transition_get(S.IN_GEBRUIK, S.BEEINDIGD).fields
    assert transition_get(S.AFGEWEZEN, S.AANGEBODEN).comment_required


def test_an_operational_location_can_only_be_ended():
    moves = allowed_transitions(S.IN_GEBRUIK, kind=GEMEENTE, is_offerer=True)
    assert [m.target for m in moves] == [S.BEEINDIGD]
    assert transition_get(S.IN_GEBRUIK, S.INGETROKKEN) is None


def facts(**changes) -> OpeningFacts:
    ready = {
        "capacity": 4,
        "gebruiksmelding_above_sleepers": 10,
        "gebruiksmelding_filed_on": None,
        "neighbourhood_informed_on": date(2026, 3, 1),
        "furnishing_ready_on": date(2026, 3, 2),
        "has_contractpartner": True,
    }
    return OpeningFacts(**{**ready, **changes})


def test_a_small_ready_location_may_open_without_gebruiksmelding():
    assert opening_blockers(facts()) == []


def test_more_than_ten_sleepers_need_the_gebruiksmelding():
    assert opening_blockers(facts(capacity=10)) == []
    [blocker] = opening_blockers(facts(capacity=11))
    assert "gebruiksmelding" in blocker
    assert opening_blockers(facts(capacity=11, gebruiksmelding_filed_on=date(2026, 1, 1))) == []


def test_every_missing_condition_is_listed():
    blockers = opening_blockers(
        facts(neighbourhood_informed_on=None, furnishing_ready_on=None, has_contractpartner=False)
    )
    assert len(blockers) == 3
    assert any("buurt" in b for b in blockers)
    assert any("inrichting" in b for b in blockers)
    assert any("contractpartner" in b for b in blockers)
