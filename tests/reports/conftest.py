"""Fixtures of the report tests."""

import pytest

from taakstelling import services as taakstelling_services
from taakstelling.constants import FigureKind
from taakstelling.rules import parse_period, period_code, previous_period
from tests.support import actor_of, letter, running_period


@pytest.fixture
def housing(utrecht, beheerder):
    """Vergunninghouders to house in Utrecht: 20 the half year before (15 housed per COA/TVS)
    and 12 in this one (no COA/TVS count yet)."""
    running = running_period()
    before = period_code(*previous_period(*parse_period(running)))
    for period, kind, number in (
        (before, FigureKind.VERGUNNINGHOUDERS, 20),
        (before, FigureKind.GEHUISVEST, 15),
        (running, FigureKind.VERGUNNINGHOUDERS, 12),
    ):
        draft = taakstelling_services.quota_import_preview(
            actor=actor_of(beheerder),
            period=period,
            kind=kind,
            upload=letter(lambda code, n=number: n if code == "GM0344" else 2),
        )
        taakstelling_services.quota_import_apply(actor=actor_of(beheerder), quota_import=draft)
    return before
